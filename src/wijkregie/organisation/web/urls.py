from django.urls import path

from . import contacts, views

app_name = "organisation"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("wijken/", views.district_list, name="district_list"),
    path("wijken/nieuw/", views.district_create, name="district_create"),
    path("wijken/<uuid:district_uuid>/", views.district_update, name="district_update"),
    path(
        "wijken/<uuid:district_uuid>/contactpersonen/",
        contacts.district_contacts,
        name="district_contacts",
    ),
    path(
        "wijken/<uuid:district_uuid>/contactpersonen/<uuid:contact_uuid>/verwijderen/",
        contacts.district_contact_remove,
        name="district_contact_remove",
    ),
    path("teams/", views.team_list, name="team_list"),
    path("teams/nieuw/", views.team_create, name="team_create"),
    path("teams/<uuid:team_uuid>/", views.team_update, name="team_update"),
    path("medewerkers/", views.staff_list, name="staff_list"),
    path("medewerkers/nieuw/", views.staff_create, name="staff_create"),
    path("medewerkers/<uuid:user_uuid>/", views.staff_update, name="staff_update"),
    path(
        "medewerkers/<uuid:user_uuid>/tweestapsverificatie-herstellen/",
        views.staff_two_factor_reset,
        name="staff_two_factor_reset",
    ),
]
