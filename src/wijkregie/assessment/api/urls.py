from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("instruments/", views.InstrumentListView.as_view(), name="instrument-list"),
    path("instruments/import/", views.InstrumentImportView.as_view(), name="instrument-import"),
    path(
        "instruments/<uuid:instrument_uuid>/", views.InstrumentDetailView.as_view(), name="instrument-detail"
    ),
    path(
        "instruments/<uuid:instrument_uuid>/anchors/",
        views.AnchorImportView.as_view(),
        name="instrument-anchors",
    ),
    path(
        "households/<uuid:household_uuid>/reports/",
        views.HouseholdReportsView.as_view(),
        name="household-reports",
    ),
    path("reports/<uuid:report_uuid>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<uuid:report_uuid>/finalise/", views.ReportFinaliseView.as_view(), name="report-finalise"),
    path("reports/<uuid:report_uuid>/scorings/", views.ScoringCreateView.as_view(), name="report-scorings"),
]
