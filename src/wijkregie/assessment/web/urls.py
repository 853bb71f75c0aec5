from django.urls import path

from . import views

app_name = "assessment"

_REPORT = "huishoudens/<uuid:household_uuid>/uitvraag/<uuid:report_uuid>/"

urlpatterns = [
    path("huishoudens/<uuid:household_uuid>/uitvraag/", views.household_reports, name="household_reports"),
    path("huishoudens/<uuid:household_uuid>/uitvraag/nieuw/", views.report_new, name="report_new"),
    path(_REPORT, views.report_detail, name="report_detail"),
    path(f"{_REPORT}wijzigen/", views.report_edit, name="report_edit"),
    path(f"{_REPORT}vaststellen/", views.report_finalise, name="report_finalise"),
    path(f"{_REPORT}verslag/", views.report_letter, name="report_letter"),
    path(f"{_REPORT}leden/<uuid:resident_uuid>/", views.scoring_edit, name="scoring_edit"),
    path("instrumenten/", views.instruments, name="instruments"),
    path("instrumenten/inlezen/", views.instrument_import, name="instrument_import"),
    path("instrumenten/<uuid:instrument_uuid>/", views.instrument_detail, name="instrument_detail"),
    path("instrumenten/<uuid:instrument_uuid>/ankerteksten/", views.anchor_import, name="anchor_import"),
    path(
        "instrumenten/<uuid:instrument_uuid>/in-gebruik/", views.instrument_active, name="instrument_active"
    ),
]
