"""The message overview: what was sent and received, refused messages with their element and reason, and
picking up the incoming folder now. Routing facts only: no personal data on this page."""

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from wijkregie.accounts.constants import Role
from wijkregie.allocations.selectors.allocation import recent_messages
from wijkregie.allocations.services.messages import messages_receive

MESSAGE_ROLES = frozenset({Role.BACKOFFICE, Role.FUNCTIONAL_ADMIN})


@login_required
@require_http_methods(["GET", "POST"])
def message_overview(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.role not in MESSAGE_ROLES:
        raise Http404
    if request.method == "POST":
        summary = messages_receive()
        flash.success(
            request,
            f"Opgehaald: {summary.processed} verwerkt, {summary.rejected} afgewezen, "
            f"{summary.repeated} al eerder ontvangen.",
        )
        return redirect("allocations:messages")
    return render(request, "allocations/messages.html", {"rows": recent_messages(user)})
