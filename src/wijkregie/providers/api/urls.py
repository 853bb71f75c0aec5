from django.urls import URLPattern, path

from . import views

app_name = "providers"

urlpatterns: list[URLPattern] = [
    path("providers/", views.ProviderListView.as_view(), name="provider-list"),
    path("providers/<uuid:provider_uuid>/", views.ProviderDetailView.as_view(), name="provider-detail"),
    path("contracts/", views.ContractListView.as_view(), name="contract-list"),
    path("contracts/<uuid:contract_uuid>/", views.ContractDetailView.as_view(), name="contract-detail"),
    path(
        "contracts/<uuid:contract_uuid>/extend/", views.ContractExtendView.as_view(), name="contract-extend"
    ),
    path(
        "contracts/<uuid:contract_uuid>/products/",
        views.ContractProductListView.as_view(),
        name="contract-products",
    ),
]
