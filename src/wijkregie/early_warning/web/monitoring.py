"""The monitoring page for beleid and the teamleider (EarlyWarningPolicy.can_monitor; 404 otherwise): a
municipality, a range of months and a district or all, as a chart with the table beside it and the tables of
results, partners and districts below, and the same figures as CSV and XLSX. Counts only, small cells
hidden (early_warning.monitoring); like the other steering pages it writes no audit row, as it shows no
personal data.

The chart is SVG drawn here on the server: four series of bars is a few lines of geometry, it needs no
script (the page works without JavaScript and under the site's CSP), and its table is beside it."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET

from wijkregie.core.forms import StyledForm
from wijkregie.core.htmx import render_page
from wijkregie.core.spreadsheet import csv_bytes, xlsx_bytes
from wijkregie.organisation.models import District, Municipality

from ..monitoring import (
    MAX_MONTHS,
    Monitoring,
    districts_of,
    export_table,
    last_whole_months,
    monitoring,
    month_label,
    month_start,
    months_between,
)
from ..policies import EarlyWarningPolicy

LONGEST_RANGE = 24  # months on one page
CHOOSE = "Kies uit de lijst."


def month_choices(today: date) -> list[tuple[str, str]]:
    """This month and the MAX_MONTHS - 1 before it, newest first."""
    months = months_between(month_start(today).replace(year=today.year - 3), month_start(today))
    return [(f"{m:%Y-%m}", month_label(m)) for m in reversed(months[-MAX_MONTHS:])]


def _month(value: str) -> date:
    return date.fromisoformat(f"{value}-01")


class MonitoringForm(StyledForm):
    gemeente = forms.ChoiceField(label="Gemeente", required=False, error_messages={"invalid_choice": CHOOSE})
    van = forms.ChoiceField(label="Van", required=False, error_messages={"invalid_choice": CHOOSE})
    tot = forms.ChoiceField(label="Tot en met", required=False, error_messages={"invalid_choice": CHOOSE})
    wijk = forms.ChoiceField(label="Wijk", required=False, error_messages={"invalid_choice": CHOOSE})

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        municipalities: list[Municipality],
        districts: list[District],
        today: date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.first, self.last = last_whole_months(today)
        self.districts = districts
        months = month_choices(today)
        choices = {
            "gemeente": [(str(m.uuid), m.name) for m in municipalities],
            "van": months,
            "tot": months,
            "wijk": [("", "Alle wijken"), *((str(d.uuid), d.name) for d in districts)],
        }
        for name, options in choices.items():
            self.fields[name].choices = options  # type: ignore[attr-defined]
        self.fields["gemeente"].initial = str(municipality.uuid)
        self.fields["van"].initial, self.fields["tot"].initial = f"{self.first:%Y-%m}", f"{self.last:%Y-%m}"

    def clean(self) -> dict[str, Any]:
        """An end left open is the default's end (the last six whole months)."""
        data = super().clean() or {}
        first = _month(data["van"]) if data.get("van") else self.first
        last = _month(data["tot"]) if data.get("tot") else self.last
        if first > last:
            self.add_error("tot", "De laatste maand ligt voor de eerste.")
        elif len(months_between(first, last)) > LONGEST_RANGE:
            self.add_error("tot", f"Kies ten hoogste {LONGEST_RANGE} maanden.")
        data["first"], data["last"] = first, last
        data["district"] = next((d for d in self.districts if str(d.uuid) == data.get("wijk")), None)
        return data


@dataclass
class Choice:
    answer: Monitoring
    form: MonitoringForm
    valid: bool


def _answer_or_404(request: HttpRequest) -> Choice:
    """The user's municipalities (none: 404), the one asked for (one not allowed: 404) and the figures for
    the chosen months and district; a choice that is not valid shows the default figures with its error."""
    municipalities = list(EarlyWarningPolicy(request.user).monitored_municipalities())
    if not municipalities:
        raise Http404
    asked = request.GET.get("gemeente")
    by_uuid = {str(m.uuid): m for m in municipalities}
    if asked and asked not in by_uuid:
        raise Http404
    municipality = by_uuid.get(asked or "", municipalities[0])
    districts = districts_of(municipality)
    form = MonitoringForm(
        request.GET or None,
        municipality=municipality,
        municipalities=municipalities,
        districts=districts,
        today=timezone.localdate(),
    )
    valid = not form.is_bound or form.is_valid()
    first, last, district = form.first, form.last, None
    if form.is_bound and valid:
        first, last, district = (form.cleaned_data[k] for k in ("first", "last", "district"))
    answer = monitoring(municipality, first, last, district, districts=districts)
    return Choice(answer, form, valid)


# -- the chart -----------------------------------------------------------------------------------------------
SERIES = (
    ("signals", "Signalen"),
    ("households", "Huishoudens"),
    ("reached", "Bereikt"),
    ("accepted", "Hulp geaccepteerd"),
)
HEIGHT, TOP, BOTTOM, LEFT = 230, 12, 32, 44
BAR, GAP = 14, 20


@dataclass(frozen=True)
class Bar:
    x: str  # SVG coordinates as text: a template would write a decimal comma
    y: str
    height: str
    middle: str  # where a "<5" in place of the bar stands
    series: int  # 1..4, for its colour
    label: str  # "Signalen oktober 2026: 8"
    hidden: bool


def _at(value: float) -> str:
    return f"{value:.1f}"


def _axis_top(largest: int) -> int:
    """The smallest 4 x (1, 2 or 5 x 10^n) at or above the largest bar: an axis in four round steps."""
    magnitude = 1
    while True:
        for unit in (1, 2, 5):
            if unit * magnitude * 4 >= largest:
                return unit * magnitude * 4
        magnitude *= 10


def chart(answer: Monitoring) -> dict[str, Any]:
    """Bars per month for the four series; a hidden count has no bar but says "<5"."""
    figures = [[row.shown[name] for name, _label in SERIES] for row in answer.months]
    largest = max((int(f.value or 0) for month in figures for f in month if not f.hidden), default=0)
    top = _axis_top(largest)
    plot = HEIGHT - TOP - BOTTOM
    group = len(SERIES) * BAR + GAP
    bars, months = [], []
    for m, (row, shown) in enumerate(zip(answer.months, figures, strict=True)):
        left = LEFT + GAP / 2 + m * group
        months.append({"x": _at(left + len(SERIES) * BAR / 2), "text": row.label[:3]})
        for s, figure in enumerate(shown):
            value = 0 if figure.hidden else int(figure.value or 0)
            height = plot * value / top
            bars.append(
                Bar(
                    x=_at(left + s * BAR + 1),
                    y=_at(TOP + plot - height),
                    height=_at(height),
                    middle=_at(left + s * BAR + BAR / 2),
                    series=s + 1,
                    label=f"{SERIES[s][1]} {row.label}: {figure.text}",
                    hidden=figure.hidden,
                )
            )
    ticks = [{"y": _at(TOP + plot - plot * part / 4), "text": str(top * part // 4)} for part in range(5)]
    return {
        "width": _at(LEFT + len(answer.months) * group),
        "height": HEIGHT,
        "left": LEFT,
        "tick_x": LEFT - 6,
        "base": _at(TOP + plot),
        "hidden_y": _at(TOP + plot - 4),
        "month_y": _at(HEIGHT - BOTTOM + 16),
        "bar_width": BAR - 2,
        "bars": bars,
        "months": months,
        "ticks": ticks,
        "series": [{"number": i + 1, "label": label} for i, (_name, label) in enumerate(SERIES)],
    }


# -- pages ---------------------------------------------------------------------------------------------------
@login_required
@require_GET
def monitoring_page(request: HttpRequest) -> HttpResponse:
    choice = _answer_or_404(request)
    context = {
        "form": choice.form,
        "answer": choice.answer,
        "chart": chart(choice.answer),
        "query": request.GET.urlencode(),
    }
    status = 200 if choice.valid else 400
    return render_page(
        request, "early_warning/monitoring.html", "early_warning/monitoring_results.html", context, status
    )


FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
@require_GET
def monitoring_export(request: HttpRequest, file_format: str) -> HttpResponse:
    if file_format not in FORMATS:
        raise Http404
    choice = _answer_or_404(request)
    if not choice.valid:
        text = "Kies een gemeente, maanden en een wijk uit de lijsten op de pagina."
        return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
    answer = choice.answer
    rows = export_table(answer)
    data = csv_bytes(rows) if file_format == "csv" else xlsx_bytes("Vroegsignalering", rows)
    response = HttpResponse(data, content_type=FORMATS[file_format])
    name = f"vroegsignalering-{answer.municipality.cbs_code}-{answer.first:%Y-%m}-{answer.last:%Y-%m}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


urlpatterns: list[URLPattern] = [
    path("monitoring/", monitoring_page, name="monitoring"),
    path("monitoring/download.<str:file_format>", monitoring_export, name="monitoring_export"),
]
