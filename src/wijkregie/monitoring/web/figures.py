"""The access, ladder and effect pages with their downloads (SteeringPolicy; 404 otherwise). They read only
the steering store, show no person and so write no audit row on reading."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from wijkregie.assessment.models import Instrument
from wijkregie.core.forms import StyledForm
from wijkregie.core.htmx import render_page
from wijkregie.core.spreadsheet import csv_bytes, xlsx_bytes
from wijkregie.organisation.models import District, Municipality, Team

from ..policies import SteeringPolicy
from ..selectors import (
    AccessPer,
    EffectPer,
    demand,
    demand_table,
    goal_effect,
    goal_table,
    ladder,
    ladder_table,
    score_changes,
    score_table,
    terms_met,
    terms_table,
)
from .views import CHOOSE, FORMATS, YEARS_BACK

MONTHS = [
    ("jan", "januari"), ("feb", "februari"), ("mrt", "maart"), ("apr", "april"), ("mei", "mei"),
    ("jun", "juni"), ("jul", "juli"), ("aug", "augustus"), ("sep", "september"), ("okt", "oktober"),
    ("nov", "november"), ("dec", "december"),
]  # fmt: skip
BAD_CHOICE = "Kies een jaar, een wijk en een verdeling uit de lijsten op de pagina."


class SteeringFilterForm(StyledForm):
    """Year and district, checked against the lists: anything else is a Dutch 400."""

    jaar = forms.TypedChoiceField(
        label="Jaar", coerce=int, required=False, empty_value=None, error_messages={"invalid_choice": CHOOSE}
    )
    wijk = forms.ChoiceField(label="Wijk", required=False, error_messages={"invalid_choice": CHOOSE})

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        years = range(this_year, this_year - YEARS_BACK - 1, -1)
        self.fields["jaar"].choices = [(str(y), str(y)) for y in years]  # type: ignore[attr-defined]
        self.districts = {
            str(d.uuid): d for d in District.objects.filter(municipality=municipality).order_by("name")
        }
        districts = [("", "Alle wijken"), *((key, d.name) for key, d in self.districts.items())]
        self.fields["wijk"].choices = districts  # type: ignore[attr-defined]

    def clean_wijk(self) -> District | None:
        return self.districts.get(self.cleaned_data["wijk"])


class EffectForm(SteeringFilterForm):
    per = forms.ChoiceField(
        label="Doelen verdeeld per",
        choices=EffectPer.choices,
        required=False,
        error_messages={"invalid_choice": CHOOSE},
    )
    instrument = forms.ChoiceField(
        label="Instrument", required=False, error_messages={"invalid_choice": CHOOSE}
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, municipality=municipality, **kwargs)
        mine = Q(municipality__isnull=True) | Q(municipality=municipality)
        self.instruments = {str(i.uuid): i for i in Instrument.objects.filter(mine).order_by("name")}
        choices = [("", "Het eerste met evaluaties"), *((key, i.name) for key, i in self.instruments.items())]
        self.fields["instrument"].choices = choices  # type: ignore[attr-defined]

    def clean_instrument(self) -> Instrument | None:
        return self.instruments.get(self.cleaned_data["instrument"])


class AccessForm(SteeringFilterForm):
    team = forms.ChoiceField(label="Team", required=False, error_messages={"invalid_choice": CHOOSE})
    per = forms.ChoiceField(
        label="Meldingen verdeeld per",
        choices=AccessPer.choices,
        required=False,
        error_messages={"invalid_choice": CHOOSE},
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, municipality=municipality, **kwargs)
        self.teams = {
            str(t.uuid): t for t in Team.objects.filter(municipalities=municipality).order_by("name")
        }
        self.fields["team"].choices = [("", "Alle teams"), *((k, t.name) for k, t in self.teams.items())]  # type: ignore[attr-defined]

    def clean_team(self) -> Team | None:
        return self.teams.get(self.cleaned_data["team"])


def _filters(
    request: HttpRequest, form_class: type[SteeringFilterForm]
) -> tuple[Any, Municipality, dict[str, Any], bool]:
    municipality = SteeringPolicy(request.user).municipality_or_404()
    year = timezone.localdate().year
    form = form_class(request.GET or None, municipality=municipality, initial={"jaar": str(year)})
    valid = not form.is_bound or form.is_valid()
    data: dict[str, Any] = {"jaar": year, "wijk": None, "team": None, "instrument": None}
    data["per"] = AccessPer.CHANNEL.value if form_class is AccessForm else EffectPer.PROVISION.value
    if form.is_bound and valid:
        data.update({key: value for key, value in form.cleaned_data.items() if value})
    return form, municipality, data, valid


def _download(rows: list[list[Any]], file_format: str, title: str, name: str) -> HttpResponse:
    data = csv_bytes(rows) if file_format == "csv" else xlsx_bytes(title, rows)
    response = HttpResponse(data, content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


def _refused() -> HttpResponse:
    return HttpResponse(BAD_CHOICE, status=400, content_type="text/plain; charset=utf-8")


@login_required
@require_GET
def ladder_page(request: HttpRequest) -> HttpResponse:
    form, municipality, data, valid = _filters(request, SteeringFilterForm)
    answer = ladder(municipality, data["jaar"], district=data["wijk"])
    context = {"form": form, "answer": answer, "query": request.GET.urlencode()}
    return render_page(
        request, "monitoring/ladder.html", "monitoring/ladder_results.html", context, 200 if valid else 400
    )


@login_required
@require_GET
def ladder_export(request: HttpRequest, file_format: str) -> HttpResponse:
    if file_format not in FORMATS:
        raise Http404
    _form, municipality, data, valid = _filters(request, SteeringFilterForm)
    if not valid:
        return _refused()
    answer = ladder(municipality, data["jaar"], district=data["wijk"])
    name = f"ladder-{municipality.cbs_code}-{answer.year}"
    return _download(ladder_table(answer), file_format, "Treden per kwartaal", name)


def _effect(municipality: Municipality, data: dict[str, Any]) -> dict[str, Any]:
    year, district = data["jaar"], data["wijk"]
    per = data["per"] if not (district and data["per"] == EffectPer.DISTRICT) else EffectPer.PROVISION
    return {
        "goals": goal_effect(municipality, year, per=per, district=district),
        "scores": score_changes(municipality, year, instrument=data["instrument"], district=district),
    }


@login_required
@require_GET
def effect_page(request: HttpRequest) -> HttpResponse:
    form, municipality, data, valid = _filters(request, EffectForm)
    context = {"form": form, **_effect(municipality, data), "query": request.GET.urlencode()}
    return render_page(
        request, "monitoring/effect.html", "monitoring/effect_results.html", context, 200 if valid else 400
    )


TABLES: dict[str, tuple[str, Callable[[Any], list[list[Any]]]]] = {
    "doelen": ("Doelrealisatie", goal_table),
    "scores": ("Scoreverandering", score_table),
}


@login_required
@require_GET
def effect_export(request: HttpRequest, table: str, file_format: str) -> HttpResponse:
    if file_format not in FORMATS or table not in TABLES:
        raise Http404
    _form, municipality, data, valid = _filters(request, EffectForm)
    if not valid:
        return _refused()
    answer = _effect(municipality, data)["goals" if table == "doelen" else "scores"]
    title, as_rows = TABLES[table]
    return _download(
        as_rows(answer), file_format, title, f"effect-{table}-{municipality.cbs_code}-{answer.year}"
    )


def _access(municipality: Municipality, data: dict[str, Any]) -> dict[str, Any]:
    year, district, team = data["jaar"], data["wijk"], data["team"]
    return {
        "demand": demand(municipality, year, per=data["per"], district=district, team=team),
        "terms": terms_met(municipality, year, district=district, team=team),
    }


@login_required
@require_GET
def access_page(request: HttpRequest) -> HttpResponse:
    form, municipality, data, valid = _filters(request, AccessForm)
    context = {
        "form": form,
        **_access(municipality, data),
        "query": request.GET.urlencode(),
        "months": MONTHS,
    }
    return render_page(
        request, "monitoring/access.html", "monitoring/access_results.html", context, 200 if valid else 400
    )


ACCESS_TABLES: dict[str, tuple[str, str, Callable[[Any], list[list[Any]]]]] = {
    "meldingen": ("Meldingen", "demand", demand_table),
    "termijnen": ("Termijnen op tijd", "terms", terms_table),
}


@login_required
@require_GET
def access_export(request: HttpRequest, table: str, file_format: str) -> HttpResponse:
    if file_format not in FORMATS or table not in ACCESS_TABLES:
        raise Http404
    _form, municipality, data, valid = _filters(request, AccessForm)
    if not valid:
        return _refused()
    title, part, as_rows = ACCESS_TABLES[table]
    answer = _access(municipality, data)[part]
    return _download(
        as_rows(answer), file_format, title, f"toegang-{table}-{municipality.cbs_code}-{answer.year}"
    )
