"""/healthz for the load balancer and the monitoring: 200 when the database answers, 503 otherwise, and
the state of the job worker ("actief", "stil", "nooit gezien"). A silent worker does not make the web
server unhealthy (taking web servers out would not help); monitoring alerts on `worker` instead. Sits with
the URL configuration, above the jobs app it asks."""

from collections.abc import Callable

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wijkregie.jobs.selectors import worker_status


class HealthCheckMiddleware:
    """/healthz is answered first, before host validation: a load balancer or a container's health check
    asks by the machine's own address (127.0.0.1:8000), which is rightly not an allowed host for pages.
    The answer is the same whatever the host and names states only."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz" and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """No details that could help an attacker: states, no host names or versions."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "database onbereikbaar"}, status=503)
    try:
        worker = worker_status().state
    except DatabaseError:  # a database without Wijkregie's tables yet (before migrate)
        worker = "onbekend"
    return JsonResponse({"status": "ok", "worker": worker})
