from django.templatetags.static import static
from django.urls import include, path
from django.views.generic.base import RedirectView

from wijkregie.accounts.web.urls import sso_urlpatterns
from wijkregie.health import healthz
from wijkregie.home import home

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Browsers and tools ask for /favicon.ico whatever the page links to.
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    path("", home, name="home"),
    path("", include("wijkregie.accounts.web.urls")),
    path("", include(sso_urlpatterns)),
    path("", include("wijkregie.households.web.urls")),
    path("", include("wijkregie.intake.web.urls")),
    path("", include("wijkregie.assessment.web.urls")),
    path("", include("wijkregie.consent.web.urls")),
    path("", include("wijkregie.plans.web.urls")),
    path("", include("wijkregie.tasks.web.urls")),
    path("", include("wijkregie.provisions.web.urls")),
    path("", include("wijkregie.decisions.web.urls")),
    path("", include("wijkregie.providers.web.urls")),
    path("", include("wijkregie.allocations.web.urls")),
    path("", include("wijkregie.notifications.web.urls")),
    path("", include("wijkregie.jobs.web.urls")),
    path("vroegsignalering/", include("wijkregie.early_warning.web.urls")),
    path("sturing/", include("wijkregie.monitoring.web.urls")),
    path("audit/", include("wijkregie.oversight.web.urls")),
    path("beheer/", include("wijkregie.organisation.web.urls")),
    path("api/", include("wijkregie.api.urls")),
]

# The API answers its errors in Dutch JSON, also those Django raises before a view runs.
handler400 = "wijkregie.api.exceptions.bad_request"
handler404 = "wijkregie.api.exceptions.page_not_found"
handler500 = "wijkregie.api.exceptions.server_error"
