from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("meldingen/", views.MeldingListView.as_view(), name="melding-list"),
    path("meldingen/<uuid:melding_uuid>/", views.MeldingDetailView.as_view(), name="melding-detail"),
    path(
        "meldingen/<uuid:melding_uuid>/reroute/", views.MeldingRerouteView.as_view(), name="melding-reroute"
    ),
    path("meldingen/<uuid:melding_uuid>/accept/", views.MeldingAcceptView.as_view(), name="melding-accept"),
    path("meldingen/<uuid:melding_uuid>/close/", views.MeldingCloseView.as_view(), name="melding-close"),
    path(
        "households/<uuid:household_uuid>/meldingen/",
        views.HouseholdMeldingenView.as_view(),
        name="household-meldingen",
    ),
    path("triage-rules/", views.TriageRuleListView.as_view(), name="triage-rule-list"),
    path("triage-rules/trial/", views.TriageTrialView.as_view(), name="triage-trial"),
    path("triage-rules/<uuid:rule_uuid>/", views.TriageRuleDetailView.as_view(), name="triage-rule-detail"),
    path(
        "triage-rules/<uuid:rule_uuid>/deactivate/",
        views.TriageRuleDeactivateView.as_view(),
        name="triage-rule-deactivate",
    ),
    path("triage-rules/<uuid:rule_uuid>/move/", views.TriageRuleMoveView.as_view(), name="triage-rule-move"),
    path("routing-stats/", views.RoutingStatsView.as_view(), name="routing-stats"),
]
