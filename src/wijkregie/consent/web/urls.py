from django.urls import path

from . import views

app_name = "consent"

urlpatterns = [
    path(
        "huishoudens/<uuid:household_uuid>/toestemming/", views.household_consents, name="household_consents"
    ),
    path("huishoudens/<uuid:household_uuid>/toestemming/nieuw/", views.consent_new, name="consent_new"),
    path(
        "huishoudens/<uuid:household_uuid>/toestemming/<uuid:consent_uuid>/intrekken/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("huishoudens/<uuid:household_uuid>/delen/", views.share_new, name="share_new"),
    path(
        "huishoudens/<uuid:household_uuid>/delen/<uuid:share_uuid>/beeindigen/",
        views.share_end,
        name="share_end",
    ),
    path("gedeeld/", views.shared_with_us, name="shared_with_us"),
    path("gedeeld/<uuid:share_uuid>/", views.shared_detail, name="shared_detail"),
]
