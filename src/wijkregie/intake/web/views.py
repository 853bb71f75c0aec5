"""Placeholder pages, replaced as the app is built."""

from django.http import Http404, HttpRequest, HttpResponse


def household_meldingen(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def team_meldingen(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def melding_new(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def triage_rules(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
