"""Audit review and the resident's inzage export. Thin: policies decide (404), selectors read, services write.

Reading the review list writes no audit row (it shows identifiers only); an inzage export writes EXPORT.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from wijkregie.accounts.requests import StaffRequest
from wijkregie.core.htmx import render_page
from wijkregie.oversight import selectors, services
from wijkregie.oversight.inzage import NOT_FOUND
from wijkregie.oversight.policies import AuditPolicy

from .forms import InzageForm, ReviewFilterForm


def _reviewer_or_404(request: HttpRequest) -> AuditPolicy:
    policy = AuditPolicy(request.user)
    if not policy.can_review():
        raise Http404
    return policy


@login_required
@require_GET
def review(request: HttpRequest) -> HttpResponse:
    policy = _reviewer_or_404(request)
    choices = selectors.actor_choices(request.user, request.GET.get("medewerker"))
    form = ReviewFilterForm(request.GET or None, actor_choices=choices)
    page = None
    if not form.is_bound or form.is_valid():
        data: dict[str, Any] = form.cleaned_data if form.is_bound else {}
        page = selectors.review_page(
            request.user,
            household_uuid=data.get("huishouden"),
            actor_uuid=data.get("medewerker"),
            page=request.GET.get("pagina"),
        )
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "by_team": policy.reviews_by_team()}
    return render_page(request, "oversight/review.html", "oversight/_events.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def inzage(request: StaffRequest) -> HttpResponse:
    """The BSN comes by POST only, so it never ends up in a URL, a log line or browser history."""
    _reviewer_or_404(request)
    form = InzageForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            document = services.inzage_export(acting_user=request.user, bsn=form.cleaned_data["bsn"])
        except Http404:
            form.add_error(None, NOT_FOUND)
            status = 404
        else:
            return _download(document)
    return render(request, "oversight/inzage.html", {"form": form}, status=status)


def _download(document: dict[str, Any]) -> JsonResponse:
    response = JsonResponse(
        document,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="inzage-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response
