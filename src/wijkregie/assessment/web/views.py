"""Placeholder pages, replaced as the app is built."""

from django.http import Http404, HttpRequest, HttpResponse


def household_reports(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def instruments(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
