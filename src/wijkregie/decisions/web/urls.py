from django.urls import path

from . import beheer, objections, views

app_name = "decisions"

urlpatterns = [
    path("huishoudens/<uuid:household_uuid>/maatwerk/", views.household_requests, name="household_requests"),
    path("maatwerk/afwijkingen/", views.deviations, name="deviations"),
    path("maatwerk/<uuid:request_uuid>/", views.request_detail, name="request_detail"),
    path("maatwerk/<uuid:request_uuid>/bezwaar/", objections.request_objections, name="request_objections"),
    path("bezwaren/<uuid:objection_uuid>/", objections.objection_detail, name="objection_detail"),
    path("beschikkingen/<uuid:beschikking_uuid>/brief/", views.beschikking_letter, name="beschikking_letter"),
    path("beheer/mandaten/", beheer.mandates, name="beheer_mandates"),
    path("beheer/mandaten/standaard/", beheer.mandates_defaults, name="beheer_mandates_defaults"),
    path("beheer/mandaten/<uuid:mandate_uuid>/", beheer.mandate_edit, name="beheer_mandate_edit"),
    path(
        "beheer/mandaten/<uuid:mandate_uuid>/verwijderen/",
        beheer.mandate_delete,
        name="beheer_mandate_delete",
    ),
]
