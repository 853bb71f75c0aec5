from django.urls import URLPattern, path

from . import ledger, views

urlpatterns: list[URLPattern] = [
    path("costs/", ledger.CostsView.as_view(), name="costs"),
    path("invoice-imports/", ledger.InvoiceImportView.as_view(), name="invoice-import"),
    path("contract-review/", ledger.ContractReviewView.as_view(), name="contract-review"),
    path("allocations/", views.AllocationListView.as_view(), name="allocation-list"),
    path(
        "beschikkingen/<uuid:beschikking_uuid>/allocate/",
        views.AllocateView.as_view(),
        name="beschikking-allocate",
    ),
    path(
        "allocations/<uuid:allocation_uuid>/", views.AllocationDetailView.as_view(), name="allocation-detail"
    ),
    path(
        "allocations/<uuid:allocation_uuid>/start/",
        views.AllocationStartView.as_view(),
        name="allocation-start",
    ),
    path(
        "allocations/<uuid:allocation_uuid>/stop/", views.AllocationStopView.as_view(), name="allocation-stop"
    ),
    path(
        "allocations/<uuid:allocation_uuid>/revoke/",
        views.AllocationRevokeView.as_view(),
        name="allocation-revoke",
    ),
]
