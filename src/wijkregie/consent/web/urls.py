from django.urls import path

from . import views

app_name = "consent"

urlpatterns = [
    path(
        "huishoudens/<uuid:household_uuid>/toestemming/", views.household_consents, name="household_consents"
    ),
    path("gedeeld/", views.shared_with_us, name="shared_with_us"),
]
