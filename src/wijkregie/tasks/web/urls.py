from django.urls import path

from . import views

app_name = "tasks"

urlpatterns = [
    path("huishoudens/<uuid:household_uuid>/taken/", views.household_tasks, name="household_tasks"),
    path(
        "huishoudens/<uuid:household_uuid>/taken/<uuid:task_uuid>/<slug:action>/",
        views.task_action,
        name="task_action",
    ),
    path("taken/", views.my_tasks, name="my_tasks"),
    path("taken/team/", views.team_tasks, name="team_tasks"),
    path("caseload/", views.caseload, name="caseload"),
    path("huishoudens/<uuid:household_uuid>/toewijzen/", views.household_assign, name="household_assign"),
]
