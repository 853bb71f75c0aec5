from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path(
        "huishoudens/<uuid:household_uuid>/meldingen/", views.household_meldingen, name="household_meldingen"
    ),
    path("meldingen/", views.team_meldingen, name="team_meldingen"),
    path("meldingen/nieuw/", views.melding_new, name="melding_new"),
    path("triage/regels/", views.triage_rules, name="triage_rules"),
]
