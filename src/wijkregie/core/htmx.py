"""One URL serves the whole page or, for htmx, only the fragment (Vary: HX-Request)."""

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def render_page(
    request: HttpRequest, page: str, fragment: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    template = fragment if is_htmx(request) else page
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def signed_in_user(request: HttpRequest) -> AbstractUser:
    """The signed-in user of a page behind `login_required`, typed, for apps below `accounts` (which have
    `accounts.requests.StaffRequest`); a request without one gets the 404 every refusal gets."""
    if not isinstance(request.user, AbstractUser):
        raise Http404
    return request.user
