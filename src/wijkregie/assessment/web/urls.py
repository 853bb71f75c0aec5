from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("huishoudens/<uuid:household_uuid>/uitvraag/", views.household_reports, name="household_reports"),
    path("instrumenten/", views.instruments, name="instruments"),
]
