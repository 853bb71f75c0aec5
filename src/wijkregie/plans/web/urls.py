from django.urls import path

from . import views

app_name = "plans"

_HH = "huishoudens/<uuid:household_uuid>"

urlpatterns = [
    path(f"{_HH}/plan/", views.household_plan, name="household_plan"),
    path(f"{_HH}/plan/doelen/<uuid:goal_uuid>/", views.goal_edit, name="goal_edit"),
    path(f"{_HH}/plan/doelen/<uuid:goal_uuid>/verwijderen/", views.goal_remove, name="goal_remove"),
    path(f"{_HH}/plan/acties/<uuid:action_uuid>/", views.action_edit, name="action_edit"),
    path(f"{_HH}/plan/acties/<uuid:action_uuid>/verwijderen/", views.action_remove, name="action_remove"),
    path(f"{_HH}/plan/versies/<uuid:version_uuid>/pdf/", views.version_pdf, name="version_pdf"),
    path(f"{_HH}/plan/evaluatie/", views.evaluation_new, name="evaluation_new"),
    path(f"{_HH}/mdo/", views.household_mdos, name="household_mdos"),
    path(f"{_HH}/mdo/besluiten/<uuid:decision_uuid>/actie/", views.decision_action, name="decision_action"),
]
