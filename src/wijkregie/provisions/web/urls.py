from django.urls import path

from . import views

app_name = "provisions"

urlpatterns = [
    path("sociale-kaart/", views.social_map, name="social_map"),
    path("voorzieningen/", views.catalogue, name="catalogue"),
]
