from django.urls import path

from . import views

app_name = "tasks"

urlpatterns = [
    path("tasks/", views.TaskListView.as_view(), name="task-list"),
    path("tasks/<uuid:task_uuid>/", views.TaskDetailView.as_view(), name="task-detail"),
    path("tasks/<uuid:task_uuid>/complete/", views.TaskCompleteView.as_view(), name="task-complete"),
    path("tasks/<uuid:task_uuid>/suspend/", views.TaskSuspendView.as_view(), name="task-suspend"),
    path("tasks/<uuid:task_uuid>/resume/", views.TaskResumeView.as_view(), name="task-resume"),
    path("tasks/<uuid:task_uuid>/extend/", views.TaskExtendView.as_view(), name="task-extend"),
    path("tasks/<uuid:task_uuid>/reassign/", views.TaskReassignView.as_view(), name="task-reassign"),
    path("caseload/", views.CaseloadView.as_view(), name="caseload"),
    path(
        "households/<uuid:household_uuid>/assignment/",
        views.HouseholdAssignmentView.as_view(),
        name="household-assignment",
    ),
]
