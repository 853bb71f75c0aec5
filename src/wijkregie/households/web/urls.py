from django.urls import path

from . import views

app_name = "households"

urlpatterns = [
    path("werkvoorraad/", views.worklist, name="worklist"),
    path("zoeken/", views.search, name="search"),
    path("inwoners/registreren/", views.register, name="register"),
    path("toegang-buiten-werkvoorraad/", views.break_glass, name="break_glass"),
    path("huishoudens/<uuid:household_uuid>/", views.dossier, name="dossier"),
    path("huishoudens/<uuid:household_uuid>/tijdlijn/", views.timeline, name="timeline"),
    path("huishoudens/<uuid:household_uuid>/leden/nieuw/", views.member_new, name="member_new"),
    path(
        "huishoudens/<uuid:household_uuid>/leden/<uuid:resident_uuid>/wijzigen/",
        views.resident_edit,
        name="resident_edit",
    ),
    path(
        "huishoudens/<uuid:household_uuid>/leden/<uuid:resident_uuid>/vertegenwoordiger/",
        views.representative_new,
        name="representative_new",
    ),
    path(
        "huishoudens/<uuid:household_uuid>/leden/<uuid:resident_uuid>/vertrek/",
        views.member_end,
        name="member_end",
    ),
]
