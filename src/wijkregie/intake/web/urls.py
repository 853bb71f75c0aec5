from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path(
        "huishoudens/<uuid:household_uuid>/meldingen/", views.household_meldingen, name="household_meldingen"
    ),
    path(
        "huishoudens/<uuid:household_uuid>/meldingen/nieuw/",
        views.household_melding_new,
        name="household_melding_new",
    ),
    path("meldingen/", views.team_meldingen, name="team_meldingen"),
    path("meldingen/nieuw/", views.melding_new, name="melding_new"),
    path("meldingen/<uuid:melding_uuid>/omrouteren/", views.melding_reroute, name="melding_reroute"),
    path("meldingen/<uuid:melding_uuid>/in-behandeling/", views.melding_accept, name="melding_accept"),
    path("meldingen/<uuid:melding_uuid>/afsluiten/", views.melding_close, name="melding_close"),
    path(
        "meldingen/<uuid:melding_uuid>/ontvangstbevestiging/", views.melding_receipt, name="melding_receipt"
    ),
    path("triage/regels/", views.triage_rules, name="triage_rules"),
    path("triage/regels/nieuw/", views.triage_rule_new, name="triage_rule_new"),
    path("triage/regels/standaard/", views.triage_rules_defaults, name="triage_rules_defaults"),
    path("triage/regels/<uuid:rule_uuid>/", views.triage_rule_edit, name="triage_rule_edit"),
    path("triage/regels/<uuid:rule_uuid>/verplaatsen/", views.triage_rule_move, name="triage_rule_move"),
    path(
        "triage/regels/<uuid:rule_uuid>/uitzetten/",
        views.triage_rule_deactivate,
        name="triage_rule_deactivate",
    ),
    path("triage/proefroutering/", views.triage_trial, name="triage_trial"),
    path("triage/statistiek/", views.routing_stats, name="routing_stats"),
]
