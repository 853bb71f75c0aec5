from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.review, name="review"),
    path("inzage/", views.inzage, name="inzage"),
]
