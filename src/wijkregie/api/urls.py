from csp.decorators import csp_update
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

# Redoc styles itself with inline <style> and searches in a worker: allowed on this page only, which shows
# the schema and no personal data. Its script comes from our static files (drf-spectacular-sidecar).
docs = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]})(
    SpectacularRedocView.as_view(url_name="api:v1:schema")
)

app_name = "api"

v1: list[URLPattern | URLResolver] = [
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    path("docs/", docs, name="docs"),
    path("", include("wijkregie.households.api.urls")),
    path("", include("wijkregie.organisation.api.urls")),
    path("", include("wijkregie.intake.api.urls")),
    path("", include("wijkregie.assessment.api.urls")),
    path("", include("wijkregie.consent.api.urls")),
    path("", include("wijkregie.plans.api.urls")),
    path("", include("wijkregie.tasks.api.urls")),
    path("", include("wijkregie.provisions.api.urls")),
    path("", include("wijkregie.decisions.api.urls")),
    path("", include("wijkregie.providers.api.urls")),
    path("", include("wijkregie.allocations.api.urls")),
    path("early-warning/", include("wijkregie.early_warning.api.urls")),
    path("audit/", include("wijkregie.oversight.api.urls")),
]

urlpatterns = [path("v1/", include((v1, "v1"), namespace="v1"))]
