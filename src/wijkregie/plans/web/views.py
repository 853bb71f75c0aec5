"""Placeholder pages, replaced as the app is built."""

from django.http import Http404, HttpRequest, HttpResponse


def household_plan(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def household_mdos(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
