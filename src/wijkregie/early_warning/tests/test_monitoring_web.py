"""The monitoring page and its downloads, and the retention terms page: the authorisation matrix (404 and
nothing changed), what they show, the small-cell rule in CSV and XLSX, formula safety, and query counts
that do not grow with the data."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from wijkregie.accounts.constants import Role
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.audit.models import AuditEvent
from wijkregie.early_warning.constants import SignalStatus
from wijkregie.early_warning.models import EarlyWarningSettings, Signal
from wijkregie.early_warning.tests.factories import SignalFactory

from .scenario import build

pytestmark = pytest.mark.django_db
D = datetime.date
PAGE = reverse("early_warning:monitoring")
CSV = reverse("early_warning:monitoring_export", args=["csv"])
XLSX = reverse("early_warning:monitoring_export", args=["xlsx"])
RETENTION = reverse("early_warning:retention")
# For every page the same figures whatever the data: session and user, the user's municipalities, the
# districts, the signals, the zaken and the tallies.
PAGE_QUERIES = 7
REFUSED = ["anna", "otto", "bo", "sanne", "piet", "carla", "fenna", "zoe"]


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


@pytest.fixture
def others(world):
    """Beleid of Zuiderdijk, and a teamleider whose team serves only Zuiderdijk."""
    return {
        "beleid_zuid": UserFactory(username="bram", role=Role.POLICY_OFFICER, municipality=world.zuid),
        "teamleider_zuid": UserFactory(username="tijs", role=Role.TEAMLEIDER, teams=[world.team_z]),
    }


def _as(client, user):
    client.force_login(user)
    return client


# -- who ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", [PAGE, CSV, XLSX, RETENTION])
def test_anonymous_is_sent_to_login(client, world, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


@pytest.mark.parametrize("url", [PAGE, CSV, XLSX])
@pytest.mark.parametrize("name", REFUSED)
def test_only_beleid_and_the_teamleider_open_the_monitoring(client, world, url, name):
    build(world)

    assert _as(client, world.user(name)).get(url).status_code == 404


@pytest.mark.parametrize("url", [PAGE, CSV, XLSX])
@pytest.mark.parametrize("name", ["beleid_zuid", "teamleider_zuid"])
def test_another_municipality_is_not_found(client, world, others, url, name):
    build(world)
    client = _as(client, others[name])

    own = client.get(url)
    west = client.get(url, {"gemeente": str(world.west.uuid)})

    assert (own.status_code, west.status_code) == (200, 404)
    if url == PAGE:
        assert "Zuiderdijk" in own.content.decode() and "Westerhoek" not in own.content.decode()


@pytest.mark.parametrize("name", ["bea", "teun"])
def test_beleid_and_the_teamleider_of_the_municipality_see_its_figures(client, world, name):
    build(world, copies=5)

    response = _as(client, world.user(name)).get(PAGE)

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["answer"].municipality == world.west
    assert "Westerhoek, alle wijken: mei 2026 tot en met oktober 2026" in html
    assert '<td class="utrecht-table__cell utrecht-table__cell--numeric">40</td>' in html  # October's signals
    assert "75%" in html and "<svg" in html
    assert not AuditEvent.objects.exists()  # counts only: no access row, as on the other steering pages


@pytest.mark.parametrize("name", REFUSED)
def test_only_the_beheerder_opens_the_retention_terms(client, world, name):
    if name == "fenna":
        return  # the beheerder: below
    response = _as(client, world.user(name)).post(
        RETENTION,
        {
            "retention_not_picked_months": "1",
            "retention_no_help_months": "1",
            "retention_handed_over_months": "1",
        },
    )

    assert response.status_code == 404
    assert _as(client, world.user(name)).get(RETENTION).status_code == 404
    assert not EarlyWarningSettings.objects.exists() and not AuditEvent.objects.exists()


# -- what the page shows --------------------------------------------------------------------------------
def test_small_counts_show_as_less_than_five_on_the_page_and_in_the_chart(client, world):
    build(world)

    html = _as(client, world.bea).get(PAGE).content.decode()

    assert "&lt;5" in html and "verborgen" in html
    assert "Aantallen van 1 tot 4 staan er als <strong>&lt;5</strong>" in html
    assert 'class="wr-chart__hidden"' in html  # a hidden count has no bar in the chart
    assert "Geaccepteerd (% van bereikt)" in html


def test_a_choice_of_months_and_district_narrows_the_figures(client, world):
    build(world, copies=5)
    client = _as(client, world.teun)

    response = client.get(PAGE, {"van": "2026-09", "tot": "2026-10", "wijk": str(world.west_noord.uuid)})

    answer = response.context["answer"]
    assert (answer.first, answer.last, answer.district) == (D(2026, 9, 1), D(2026, 10, 1), world.west_noord)
    assert [row.label for row in answer.months] == ["september 2026", "oktober 2026"]
    assert answer.total.tally.households == 10
    assert "Westerhoek, wijk Noord: september 2026 tot en met oktober 2026" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ({"van": "2026-10", "tot": "2026-09"}, "De laatste maand ligt voor de eerste."),
        ({"van": "2024-01", "tot": "2026-10"}, "Kies ten hoogste 24 maanden."),
        ({"van": "1999-01"}, "Kies uit de lijst."),
        ({"wijk": "00000000-0000-0000-0000-000000000000"}, "Kies uit de lijst."),
    ],
)
def test_a_choice_that_is_not_valid_is_explained_and_the_default_figures_stay(client, world, query, error):
    response = _as(client, world.bea).get(PAGE, query)

    assert response.status_code == 400
    assert error in response.content.decode()
    assert (response.context["answer"].first, response.context["answer"].last) == (
        D(2026, 5, 1),
        D(2026, 10, 1),
    )
    assert _as(client, world.bea).get(CSV, query).status_code == 400


def test_htmx_gets_the_part_below_the_heading(client, world):
    response = _as(client, world.bea).get(PAGE, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="monitoring">') and "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_the_page_takes_the_same_queries_whatever_the_data(client, world):
    client = _as(client, world.bea)
    build(world)
    client.get(PAGE)
    with CaptureQueriesContext(connection) as small:
        client.get(PAGE)
    build(world, copies=4)
    from wijkregie.early_warning.services.retention import retention_run

    retention_run(today=D(2028, 1, 1), municipality=world.west)
    build(world, copies=2)
    with CaptureQueriesContext(connection) as large:
        response = client.get(PAGE)

    assert len(small.captured_queries) == len(large.captured_queries) == PAGE_QUERIES
    assert response.context["answer"].total.tally.households == 35


def test_a_teamleider_serving_two_municipalities_chooses_between_them(client, world):
    both = UserFactory(username="tom", role=Role.TEAMLEIDER, teams=[world.team_a, world.team_z])

    response = _as(client, both).get(PAGE, {"gemeente": str(world.zuid.uuid)})

    assert response.context["answer"].municipality == world.zuid
    assert [label for _v, label in response.context["form"].fields["gemeente"].choices] == [
        "Westerhoek",
        "Zuiderdijk",
    ]


# -- downloads ------------------------------------------------------------------------------------------
def _csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_the_csv_has_every_figure_with_the_same_small_cell_rule(client, world):
    build(world)

    response = _as(client, world.bea).get(CSV)

    rows = _csv(response)
    header, *lines = rows
    assert (
        response["Content-Disposition"] == 'attachment; filename="vroegsignalering-9901-2026-05-2026-10.csv"'
    )
    assert header[:6] == [
        "Periode",
        "Wijk",
        "Signalen",
        "Niet opgepakt na matching",
        "Personen",
        "Huishoudens (zaken)",
    ]
    assert "Eindresultaat: Inwoner heeft zelf al betaald of een betalingsregeling getroffen" in header
    assert "Signalen van: Zorgverzekering" in header
    assert [line[0] for line in lines] == [
        "mei 2026",
        "juni 2026",
        "juli 2026",
        "augustus 2026",
        "september 2026",
        "oktober 2026",
        "mei 2026 tot en met oktober 2026",
        "mei 2026 tot en met oktober 2026",
        "mei 2026 tot en met oktober 2026",
    ]
    october, total, centrum, noord = lines[5], lines[6], lines[7], lines[8]
    column = {name: i for i, name in enumerate(header)}
    assert [october[column[n]] for n in ("Signalen", "Personen", "Huishoudens (zaken)", "Bereikt")] == [
        "8",
        "7",
        "5",
        "<5",
    ]
    assert total[column["Bereikt (% van opgepakt)"]] == "verborgen"
    assert total[column["Signalen per 1.000 inwoners per maand"]] == "0,5"  # a decimal comma
    assert (centrum[1], centrum[column["Signalen"]], noord[1], noord[column["Signalen"]]) == (
        "Centrum",
        "<5",
        "Noord",
        "<5",
    )
    assert lines[0][column["Signalen"]] == "0"


def test_the_xlsx_keeps_numbers_as_numbers_and_hidden_counts_as_text(client, world):
    build(world, copies=5)

    response = _as(client, world.teun).get(XLSX)

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header, total = rows[0], rows[7]
    column = {name: i for i, name in enumerate(header)}
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (total[column["Signalen"]], total[column["Bereikt (% van opgepakt)"]]) == (40, 75)
    assert total[column["Gemiddeld dagen tot eerste contact"]] == 2.0
    assert rows[1][column["Bereikt (% van opgepakt)"]] is None  # May: nothing picked up, so no percentage


def test_a_district_name_that_looks_like_a_formula_leaves_as_text(client, world):
    world.west_noord.name = '=HYPERLINK("http://x")'
    world.west_noord.save(update_fields=["name"])
    SignalFactory(
        municipality=world.west, postcode="9712AA", signal_date=D(2026, 6, 1), status=SignalStatus.KNOWN
    )
    client = _as(client, world.bea)

    csv_rows = _csv(client.get(CSV))
    sheet = load_workbook(io.BytesIO(client.get(XLSX).content)).active

    names = [row[1] for row in csv_rows[1:]]
    assert '\'=HYPERLINK("http://x")' in names
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    noord = next(cell for cell in cells if str(cell.value).endswith('HYPERLINK("http://x")'))
    assert (noord.value, noord.data_type) == ('\'=HYPERLINK("http://x")', "s")


# -- the retention terms page -------------------------------------------------------------------------
def test_the_beheerder_sees_the_terms_and_what_the_next_run_deletes(client, world):
    build(world)
    SignalFactory(municipality=world.west, signal_date=D(2026, 4, 2), status=SignalStatus.REPEATED)
    count = Signal.objects.count()

    response = _as(client, world.fenna).get(RETENTION)

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"]["retention_no_help_months"].value() == 12
    loose, no_help, handed = response.context["preview"].categories
    assert (loose.signals, loose.oldest, no_help.zaken, handed.zaken) == (1, D(2026, 4, 2), 0, 0)
    assert "2 april 2026" in html and "standaardtermijnen" in html
    assert Signal.objects.count() == count  # the preview deletes nothing


def test_the_beheerder_saves_the_terms(client, world):
    client = _as(client, world.fenna)
    page = client.get(RETENTION)
    version = page.context["form"]["version"].value()

    response = client.post(
        RETENTION,
        {
            "version": version,
            "retention_not_picked_months": "3",
            "retention_no_help_months": "9",
            "retention_handed_over_months": "18",
        },
    )

    assert (response.status_code, response["Location"]) == (302, RETENTION)
    saved = EarlyWarningSettings.objects.get(municipality=world.west)
    assert (saved.retention_not_picked_months, saved.retention_no_help_months) == (3, 9)


def test_a_term_that_is_not_valid_is_refused_in_dutch(client, world):
    response = _as(client, world.fenna).post(
        RETENTION,
        {
            "retention_not_picked_months": "0",
            "retention_no_help_months": "x",
            "retention_handed_over_months": "",
        },
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Vul een aantal maanden van 1 tot en met 120 in." in html
    assert "Vul een heel aantal maanden in." in html and "Vul een aantal maanden in." in html
    assert not EarlyWarningSettings.objects.exists()


def test_the_chart_scales_to_a_round_top_and_draws_no_bar_for_a_hidden_count(world):
    from wijkregie.early_warning.monitoring import monitoring
    from wijkregie.early_warning.web.monitoring import BOTTOM, HEIGHT, TOP, _axis_top, chart

    build(world)
    drawn = chart(monitoring(world.west, D(2026, 5, 1), D(2026, 10, 1)))

    october = drawn["bars"][-4:]  # signals 8, households 5, reached and accepted hidden
    assert [_axis_top(n) for n in (0, 3, 8, 9, 35, 41, 1999)] == [4, 4, 8, 20, 40, 80, 2000]
    assert [tick["text"] for tick in drawn["ticks"]] == ["0", "2", "4", "6", "8"]
    assert [bar.hidden for bar in october] == [False, False, True, True]
    assert float(october[0].height) == HEIGHT - TOP - BOTTOM  # 8 of 8
    assert float(october[1].height) == pytest.approx((HEIGHT - TOP - BOTTOM) * 5 / 8, abs=0.05)
    assert october[2].label == "Bereikt oktober 2026: <5"
