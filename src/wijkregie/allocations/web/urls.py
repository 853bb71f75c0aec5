from django.urls import path

from . import ledger, messages, views

app_name = "allocations"

urlpatterns = [
    path("beschikkingen/<uuid:beschikking_uuid>/toewijzing/", views.beschikking_allocation, name="allocate"),
    path("toewijzingen/<uuid:allocation_uuid>/", views.allocation_detail, name="allocation_detail"),
    path("aanbieder/toewijzingen/", views.provider_worklist, name="provider_worklist"),
    path("berichten/", messages.message_overview, name="messages"),
    path("kosten/", ledger.ledger, name="ledger"),
    path("kosten/declaraties/", ledger.invoice_import, name="invoice_import"),
    path(
        "kosten/declaraties/<uuid:import_uuid>/",
        ledger.invoice_import_detail,
        name="invoice_import_detail",
    ),
    path("contracten/toetsing/", ledger.contract_review, name="contract_review"),
]
