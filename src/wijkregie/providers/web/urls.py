from django.urls import path

from . import views

app_name = "providers"

urlpatterns = [
    path("aanbieders/", views.provider_list, name="provider_list"),
    path("aanbieders/nieuw/", views.provider_create, name="provider_create"),
    path("aanbieders/<uuid:provider_uuid>/", views.provider_detail, name="provider_detail"),
    path("aanbieders/<uuid:provider_uuid>/wijzigen/", views.provider_update, name="provider_update"),
    path(
        "aanbieders/<uuid:provider_uuid>/contactpunten/<uuid:contact_uuid>/verwijderen/",
        views.provider_contact_remove,
        name="provider_contact_remove",
    ),
    path("contracten/", views.contract_list, name="contract_list"),
    path("contracten/nieuw/", views.contract_create, name="contract_create"),
    path("contracten/<uuid:contract_uuid>/", views.contract_detail, name="contract_detail"),
    path("contracten/<uuid:contract_uuid>/wijzigen/", views.contract_update, name="contract_update"),
    path("contracten/<uuid:contract_uuid>/verlengen/", views.contract_extend, name="contract_extend"),
    path(
        "contracten/<uuid:contract_uuid>/producten/<uuid:product_uuid>/",
        views.contract_product_update,
        name="contract_product_update",
    ),
]
