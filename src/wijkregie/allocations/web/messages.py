"""The message overview: what was sent and received, refused messages with their element and reason, and
picking up the incoming folder now. Routing facts only: no personal data on this page."""

from typing import Any
from uuid import UUID

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from wijkregie.accounts.requests import StaffRequest
from wijkregie.allocations.models import ProviderRequest
from wijkregie.allocations.policies import MessagePolicy
from wijkregie.allocations.selectors.allocation import open_provider_requests, recent_messages
from wijkregie.allocations.services.allocation import REFUSAL_REASONS, provider_request_answer
from wijkregie.allocations.services.messages import messages_receive


@login_required
@require_http_methods(["GET", "POST"])
def message_overview(request: StaffRequest) -> HttpResponse:
    user: Any = request.user
    if not MessagePolicy(user).can_handle():
        raise Http404
    if request.method == "POST" and request.POST.get("verzoek"):
        return _answer(request)
    if request.method == "POST":
        summary = messages_receive()
        flash.success(
            request,
            f"Opgehaald: {summary.processed} verwerkt, {summary.rejected} afgewezen, "
            f"{summary.repeated} al eerder ontvangen.",
        )
        return redirect("allocations:messages")
    context = {
        "rows": recent_messages(user),
        "requests": open_provider_requests(user),
        "reasons": sorted(REFUSAL_REASONS.items()),
    }
    return render(request, "allocations/messages.html", context)


def _answer(request: StaffRequest) -> HttpResponse:
    key = _uuid(request.POST.get("verzoek", ""))
    found = ProviderRequest.objects.filter(uuid=key).first() if key is not None else None
    if found is None:
        raise Http404
    granted = request.POST.get("antwoord") == "toekennen"
    try:
        provider_request_answer(
            acting_user=request.user,
            provider_request=found,
            granted=granted,
            refusal_reason=request.POST.get("reden", ""),
        )
    except ValidationError as error:
        for message in error.messages:
            flash.error(request, message)
    else:
        flash.success(
            request,
            "Het verzoek is in behandeling genomen; de aanbieder krijgt een antwoordbericht (319). "
            "De toewijzing volgt na het besluit."
            if granted
            else "Het verzoek is afgewezen; de aanbieder krijgt een antwoordbericht (319) met de reden.",
        )
    return redirect("allocations:messages")


def _uuid(value: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return None
