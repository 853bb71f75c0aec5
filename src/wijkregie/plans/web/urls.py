from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("huishoudens/<uuid:household_uuid>/plan/", views.household_plan, name="household_plan"),
    path("huishoudens/<uuid:household_uuid>/mdo/", views.household_mdos, name="household_mdos"),
]
