"""/healthz for the load balancer and the monitoring: 200 when the database answers, 503 otherwise, and
the state of the job worker ("actief", "stil", "nooit gezien"). A silent worker does not make the web
server unhealthy (taking web servers out would not help); monitoring alerts on `worker` instead. Sits with
the URL configuration, above the jobs app it asks."""

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wijkregie.jobs.selectors import worker_status


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
