from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path(
        "households/<uuid:household_uuid>/maatwerk-requests/",
        views.HouseholdRequestsView.as_view(),
        name="household-maatwerk-requests",
    ),
    path(
        "maatwerk-requests/<uuid:request_uuid>/",
        views.RequestDetailView.as_view(),
        name="maatwerk-request-detail",
    ),
    path(
        "maatwerk-requests/<uuid:request_uuid>/decide/",
        views.RequestDecideView.as_view(),
        name="maatwerk-request-decide",
    ),
    path(
        "maatwerk-requests/<uuid:request_uuid>/approve/",
        views.RequestApproveView.as_view(),
        name="maatwerk-request-approve",
    ),
]
