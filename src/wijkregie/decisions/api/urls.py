from django.urls import URLPattern, path

from . import beheer, objections, views

urlpatterns: list[URLPattern] = [
    path("mandates/", beheer.MandateListView.as_view(), name="mandate-list"),
    path("mandates/<uuid:mandate_uuid>/", beheer.MandateDetailView.as_view(), name="mandate-detail"),
    path("decision-rules/", beheer.DecisionRulesView.as_view(), name="decision-rules"),
    path(
        "maatwerk-requests/<uuid:request_uuid>/objections/",
        objections.RequestObjectionsView.as_view(),
        name="maatwerk-request-objections",
    ),
    path(
        "objections/<uuid:objection_uuid>/",
        objections.ObjectionDetailView.as_view(),
        name="objection-detail",
    ),
    path(
        "objections/<uuid:objection_uuid>/postpone/",
        objections.ObjectionPostponeView.as_view(),
        name="objection-postpone",
    ),
    path(
        "objections/<uuid:objection_uuid>/hearing/",
        objections.ObjectionHearingView.as_view(),
        name="objection-hearing",
    ),
    path(
        "objections/<uuid:objection_uuid>/decide/",
        objections.ObjectionDecideView.as_view(),
        name="objection-decide",
    ),
    path(
        "objections/<uuid:objection_uuid>/appeal/",
        objections.AppealRegisterView.as_view(),
        name="objection-appeal",
    ),
    path(
        "objections/<uuid:objection_uuid>/appeal-decision/",
        objections.AppealDecideView.as_view(),
        name="objection-appeal-decision",
    ),
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
