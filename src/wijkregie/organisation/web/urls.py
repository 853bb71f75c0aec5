from django.urls import path

from . import contacts, views

app_name = "organisation"

urlpatterns = [
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
]
