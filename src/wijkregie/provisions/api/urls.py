from django.urls import path

from . import views

app_name = "provisions"

urlpatterns = [
    path("provisions/", views.ProvisionListView.as_view(), name="provision-list"),
    path("provisions/import/", views.CatalogueImportView.as_view(), name="provision-import"),
    path("provisions/export/", views.CatalogueExportView.as_view(), name="provision-export"),
    path("provisions/<uuid:provision_uuid>/", views.ProvisionDetailView.as_view(), name="provision-detail"),
]
