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
    path(
        "maatwerk-requests/<uuid:request_uuid>/withdraw/",
        views.RequestWithdrawView.as_view(),
        name="maatwerk-request-withdraw",
    ),
    path(
        "maatwerk-requests/<uuid:request_uuid>/reindication/",
        views.RequestReindicationView.as_view(),
        name="maatwerk-request-reindication",
    ),
    path(
        "maatwerk-requests/<uuid:request_uuid>/signers/",
        views.RequestSignersView.as_view(),
        name="maatwerk-request-signers",
    ),
    path(
        "beschikkingen/<uuid:beschikking_uuid>/letter/",
        views.BeschikkingLetterView.as_view(),
        name="beschikking-letter",
    ),
]
