"""Placeholder pages, replaced as the app is built."""

from django.http import Http404, HttpRequest, HttpResponse


def household_tasks(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def my_tasks(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def caseload(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
