"""Placeholder pages, replaced as the app is built."""

from django.http import Http404, HttpRequest, HttpResponse


def social_map(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def catalogue(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
