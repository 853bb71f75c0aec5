"""Placeholder pages, replaced as the app is built."""

from django.http import Http404, HttpRequest, HttpResponse


def household_consents(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def shared_with_us(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
