"""Middleware of the whole site.

Responses with personal data are never stored by a browser or a proxy: every API response (the API shows
personal data to token holders) and every page for a signed-in user gets `Cache-Control: no-store`. Public
pages for anonymous visitors (the sociale kaart, the login page) and the static files keep their caching."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from .versioning import EDITED_MEANWHILE, EditedMeanwhile

NO_STORE = "no-store, private"


class NoStoreForPersonalDataMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = request.path.startswith("/api/") or (user is not None and user.is_authenticated)
        if personal and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = NO_STORE
        return response


class EditedMeanwhileMiddleware:
    """A page's change made on an older version (core.versioning) shows the page again, with the values as
    stored now and the Dutch message, instead of an error: Post/Redirect/Get to the same address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, EditedMeanwhile):
            return None
        messages.warning(request, EDITED_MEANWHILE)
        return HttpResponseRedirect(request.get_full_path())
