from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path(
        "households/<uuid:household_uuid>/plans/", views.HouseholdPlansView.as_view(), name="household-plans"
    ),
    path("households/<uuid:household_uuid>/mdos/", views.HouseholdMdosView.as_view(), name="household-mdos"),
    path("plans/<uuid:plan_uuid>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path("plans/<uuid:plan_uuid>/activate/", views.PlanActivateView.as_view(), name="plan-activate"),
    path("plans/<uuid:plan_uuid>/versions/", views.PlanVersionsView.as_view(), name="plan-versions"),
    path("plans/<uuid:plan_uuid>/close/", views.PlanCloseView.as_view(), name="plan-close"),
    path("plans/<uuid:plan_uuid>/goals/", views.PlanGoalsView.as_view(), name="plan-goals"),
    path("plans/<uuid:plan_uuid>/evaluations/", views.PlanEvaluationsView.as_view(), name="plan-evaluations"),
    path("plan-versions/<uuid:version_uuid>/pdf/", views.VersionPdfView.as_view(), name="version-pdf"),
    path(
        "plan-versions/<uuid:version_uuid>/agreement/",
        views.VersionAgreementView.as_view(),
        name="version-agreement",
    ),
    path("goals/<uuid:goal_uuid>/", views.GoalDetailView.as_view(), name="goal-detail"),
    path("goals/<uuid:goal_uuid>/actions/", views.GoalActionsView.as_view(), name="goal-actions"),
    path("actions/<uuid:action_uuid>/", views.ActionDetailView.as_view(), name="action-detail"),
    path("mdos/<uuid:mdo_uuid>/decisions/", views.MdoDecisionsView.as_view(), name="mdo-decisions"),
    path(
        "mdo-decisions/<uuid:decision_uuid>/action/",
        views.DecisionActionView.as_view(),
        name="decision-action",
    ),
]
