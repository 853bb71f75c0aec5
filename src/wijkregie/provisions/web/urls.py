from django.urls import path

from . import catalogue as catalogue_views
from . import social_map as social_map_views

app_name = "provisions"

urlpatterns = [
    path("sociale-kaart/", social_map_views.social_map, name="social_map"),
    path("voorzieningen/", catalogue_views.catalogue, name="catalogue"),
    path("voorzieningen/nieuw/", catalogue_views.provision_new, name="provision_new"),
    path("voorzieningen/<uuid:provision_uuid>/", catalogue_views.provision_edit, name="provision_edit"),
    path(
        "voorzieningen/<uuid:provision_uuid>/deactiveren/",
        catalogue_views.provision_deactivate,
        name="provision_deactivate",
    ),
    path("voorzieningen/inlezen/", catalogue_views.catalogue_import, name="catalogue_import"),
    path("voorzieningen/export.<str:file_format>", catalogue_views.catalogue_export, name="catalogue_export"),
]
