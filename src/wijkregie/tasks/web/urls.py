from django.urls import path

from . import views

app_name = "tasks"

urlpatterns = [
    path("huishoudens/<uuid:household_uuid>/taken/", views.household_tasks, name="household_tasks"),
    path("taken/", views.my_tasks, name="my_tasks"),
    path("caseload/", views.caseload, name="caseload"),
]
