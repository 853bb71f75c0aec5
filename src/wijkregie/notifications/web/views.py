"""The notifications page and the header's count. The count is its own small request (htmx, after the
page loaded), so no page pays for it in queries."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wijkregie.notifications.selectors import attention, total


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    items = attention(request.user)
    return render(request, "notifications/list.html", {"items": items, "total": total(items)})


@login_required
@require_GET
@never_cache
def notification_count(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/_count.html", {"total": total(attention(request.user))})
