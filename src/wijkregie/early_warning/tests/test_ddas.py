"""The DDAS Vroegsignalering v1.2 document: it validates against the published schema, carries exactly the
period's signals and zaken with only what the schema allows, pages without losing or repeating a zaak, and
costs the same queries for ten signals as for one."""

import copy
import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wijkregie.early_warning import ddas
from wijkregie.early_warning.constants import CaseResult, SignalStatus
from wijkregie.early_warning.models import EarlyWarningSettings

from .delivery_world import END, IN_PERIOD, START, DeliveryWorld, build, schema_errors
from .factories import SignalFactory

pytestmark = pytest.mark.django_db
D = datetime.date
MOMENT = datetime.datetime(2026, 11, 18, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def dw(world) -> DeliveryWorld:
    return build(world)


def _document(municipality: Any, start: D = START, end: D = END, **kwargs: Any) -> dict[str, Any]:
    return ddas.document(
        ddas.Scope(municipality, start, end), supplier_code="WIJKREGIE", delivered_at=MOMENT, **kwargs
    )


def _levering(document: dict[str, Any]) -> dict[str, Any]:
    [levering] = document["leveringen"]
    return levering


def _signal(document: dict[str, Any], external_id: str) -> dict[str, Any]:
    return next(s for s in _levering(document)["vroegsignalen"] if s["ID"] == external_id)


def _nulls(value: Any, path: str = "") -> list[str]:
    if value is None:
        return [path]
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _nulls(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _nulls(item, f"{path}[{index}]")]
    return []


# -- the schema -------------------------------------------------------------------------------------------
def test_the_delivery_validates_against_the_published_schema(dw):
    document = _document(dw.world.west)

    assert schema_errors(document) == []
    assert len(_levering(document)["vroegsignalen"]) == len(IN_PERIOD)
    assert len(_levering(document)["vroegsignaalzaken"]) == 3


def test_the_schema_check_would_catch_a_wrong_document(dw):
    """The validator checks formats and the client's oneOf: this test module can fail."""
    document = _document(dw.world.west)
    wrong = copy.deepcopy(document)
    wrong["aanleverdatumEnTijd"] = "2026-13-45T25:00:00Z"
    bsn_client = next(s for s in _levering(wrong)["vroegsignalen"] if "burgerservicenummer" in s["client"])
    bsn_client["client"]["postcode"] = "9711AB"
    _levering(wrong)["vroegsignaalzaken"][0]["contactpogingen"].append({"datum": "18-11-2026"})

    errors = schema_errors(wrong)

    assert any("aanleverdatumEnTijd" in e for e in errors)
    assert any("client" in e for e in errors)
    assert any("contactpogingen" in e for e in errors)


def test_an_empty_period_is_a_valid_delivery(dw):
    document = _document(dw.world.west, D(2025, 1, 1), D(2025, 3, 31))

    assert schema_errors(document) == []
    assert _levering(document)["vroegsignalen"] == []
    assert _levering(document)["vroegsignaalzaken"] == []


# -- what is in and out -----------------------------------------------------------------------------------
def test_exactly_the_periods_signals_of_the_municipality(dw):
    document = _document(dw.world.west)

    delivered = {s["ID"] for s in _levering(document)["vroegsignalen"]}

    assert delivered == dw.ids(*IN_PERIOD)
    assert not delivered & dw.ids("before", "after", "zuid")


def test_the_period_edges_are_included(dw):
    first_day = {s["ID"] for s in _levering(_document(dw.world.west, START, START))["vroegsignalen"]}
    last_day = {s["ID"] for s in _levering(_document(dw.world.west, END, END))["vroegsignalen"]}

    assert first_day == dw.ids("bsn")
    assert last_day == dw.ids("done")


def test_the_top_level_and_the_delivering_organisation(dw, settings):
    document = _document(dw.world.west)

    assert {key: value for key, value in document.items() if key != "leveringen"} == {
        "startdatumLevering": "2026-07-01",
        "einddatumLevering": "2026-09-30",
        "aanleverdatumEnTijd": "2026-11-18T10:00:00Z",
        "codeGegevensleverancier": "WIJKREGIE",
    }
    levering = _levering(document)
    assert (levering["teller"], levering["gemeentecode"]) == (1, "9901")
    assert levering["aanleverendeOrganisatie"] == {
        "naam": "Welzijn De Schans",
        "kvk-nummer": "12345678",
        "contactpersonen": [
            {
                "naam": "Mila de Boer",
                "telefoonnummer": "050 123 45 67",
                "email": "vroegsignalering@westerhoek.example",
                "functietitel": "Coördinator vroegsignalering",
            }
        ],
    }


def test_the_delivery_moment_is_written_in_utc():
    summer = datetime.datetime(2026, 7, 1, 0, 30, tzinfo=timezone.get_default_timezone())

    assert ddas.utc_stamp(summer) == "2026-06-30T22:30:00Z"


def test_without_settings_the_municipality_delivers_under_its_own_name_without_contact(dw):
    EarlyWarningSettings.objects.filter(municipality=dw.world.west).delete()

    document = _document(dw.world.west)

    assert _levering(document)["aanleverendeOrganisatie"] == {"naam": "Westerhoek"}
    assert schema_errors(document) == []


def test_a_contact_without_details_is_left_out_not_written_empty(dw):
    EarlyWarningSettings.objects.filter(municipality=dw.world.west).update(
        delivering_name=" ",
        delivering_kvk="",
        contact_name="",
        contact_email="",
        contact_phone="",
        contact_title="",
    )

    organisation = ddas.delivering_organisation(dw.world.west)

    assert organisation == {"naam": "Westerhoek"}
    assert not ddas.has_contact(organisation)


def test_nothing_is_written_as_null(dw):
    assert _nulls(_document(dw.world.west)) == []


# -- signals ----------------------------------------------------------------------------------------------
def test_a_client_with_a_bsn_carries_only_the_bsn(dw):
    visser = dw.signals["bsn"]

    item = _signal(_document(dw.world.west), visser.external_id)

    assert item == {
        "ID": visser.external_id,
        "crisissignaal": False,
        "warmeOverdracht": False,
        "bedrag": 850,
        "ontstaansdatum": "2026-06-01",
        "signaaldatum": "2026-07-01",
        "status": "Nog niet opgepakt",
        "signaalpartner": {"type": "Huur"},
        "client": {"burgerservicenummer": visser.bsn},
    }


def test_a_client_without_bsn_carries_the_address_and_what_else_is_known(dw):
    document = _document(dw.world.west)

    not_resident = _signal(document, dw.signals["not_resident"].external_id)
    waiting = _signal(document, dw.signals["waiting"].external_id)

    assert not_resident["client"] == {
        "postcode": "9712CD",
        "huisnummer": "12",
        "huisnummertoevoeging": "A",
        "geboortedatum": "1970-02-03",
        "geslachtsaanduiding": "Vrouw",
    }
    assert waiting["client"] == {"postcode": "9711ZZ", "huisnummer": "3"}
    assert "ontstaansdatum" not in not_resident


def test_the_ddas_status_of_each_kind_of_signal(dw):
    document = _document(dw.world.west)

    statuses = {name: _signal(document, dw.signals[name].external_id).get("status") for name in IN_PERIOD}

    assert statuses == {
        "bsn": "Nog niet opgepakt",
        "busy_bsn": "Opgepakt",
        "busy_address": "Opgepakt",
        "done": "Opgepakt",
        "june": "Nog niet opgepakt",
        "not_resident": SignalStatus.NOT_RESIDENT.value,
        "waiting": None,  # waits for matching: no DDAS status yet
    }


def test_crisis_warm_handover_partner_and_amount_are_as_signalled(dw):
    item = _signal(_document(dw.world.west), dw.signals["done"].external_id)

    assert (item["crisissignaal"], item["warmeOverdracht"], item["bedrag"]) == (True, True, 1240)
    assert item["signaalpartner"] == {"type": "Zorg"}


# -- zaken ------------------------------------------------------------------------------------------------
def _zaken(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {z["startdatumMatchingperiode"]: z for z in _levering(document)["vroegsignaalzaken"]}


def test_each_zaak_with_its_stage_attempts_and_references(dw):
    zaken = _zaken(_document(dw.world.west))
    busy = sorted(dw.ids("busy_bsn", "busy_address"))

    assert zaken == {
        "2026-07-01": {
            "matchingsdatum": "2026-08-03",
            "startdatumMatchingperiode": "2026-07-01",
            "einddatumMatchingperiode": "2026-07-31",
            "vroegsignalen": [{"ID": dw.signals["bsn"].external_id}],
            "contactpogingen": [],
        },
        "2026-08-01": {
            "matchingsdatum": "2026-09-01",
            "startdatumMatchingperiode": "2026-08-01",
            "einddatumMatchingperiode": "2026-08-31",
            "datumOpgepakt": "2026-09-02",
            "vroegsignalen": [{"ID": busy[0]}, {"ID": busy[1]}],
            "contactpogingen": [
                {"soort": "Telefoon", "bereikt": False, "datum": "2026-09-02", "dagdeel": "Ochtend"},
                {"soort": "Huisbezoek", "bereikt": True, "datum": "2026-09-04", "dagdeel": "Middag"},
            ],
        },
        "2026-09-01": {
            "resultaat": CaseResult.FOLLOW_UP_FINANCIAL.value,
            "matchingsdatum": "2026-10-01",
            "startdatumMatchingperiode": "2026-09-01",
            "einddatumMatchingperiode": "2026-09-30",
            "datumOpgepakt": "2026-10-02",
            "vroegsignalen": [{"ID": dw.signals["done"].external_id}],
            "contactpogingen": [
                {"soort": "Brief", "bereikt": True, "datum": "2026-10-02", "dagdeel": "Ochtend"},
            ],
        },
    }


def test_a_zaak_counts_in_the_delivery_of_its_period_start(dw):
    """The June zaak's signal of 3 July is delivered in the third quarter, the zaak in the second."""
    third = _document(dw.world.west)
    second = _document(dw.world.west, D(2026, 4, 1), D(2026, 6, 30))

    assert "2026-06-15" not in _zaken(third)
    assert _zaken(second) == {}  # its one signal falls in the third quarter: nothing to reference
    assert _signal(third, dw.signals["june"].external_id)["status"] == "Nog niet opgepakt"


def test_a_zaak_references_only_signals_of_the_delivery(dw):
    SignalFactory(
        municipality=dw.world.west,
        case=dw.cases["done"],
        resident=dw.signals["done"].resident,
        signal_date=D(2026, 10, 1),  # a matching period past the quarter's edge
    )

    zaak = _zaken(_document(dw.world.west))["2026-09-01"]

    assert zaak["vroegsignalen"] == [{"ID": dw.signals["done"].external_id}]


def test_every_reference_resolves_to_a_delivered_signal(dw):
    levering = _levering(_document(dw.world.west))
    delivered = {s["ID"] for s in levering["vroegsignalen"]}

    referenced = [ref["ID"] for z in levering["vroegsignaalzaken"] for ref in z["vroegsignalen"]]

    assert set(referenced) <= delivered
    assert len(referenced) == len(set(referenced))


def test_another_municipality_gets_only_its_own(dw):
    levering = _levering(_document(dw.world.zuid))

    assert {s["ID"] for s in levering["vroegsignalen"]} == dw.ids("zuid")
    assert levering["vroegsignaalzaken"] == []
    assert levering["aanleverendeOrganisatie"] == {"naam": "Zuiderdijk"}


# -- pages ------------------------------------------------------------------------------------------------
def _pages(municipality: Any, page_size: int) -> list[dict[str, Any]]:
    total = ddas.signal_total(ddas.Scope(municipality, START, END))
    return [
        _levering(_document(municipality, page=page, page_size=page_size))
        for page in range(1, ddas.page_total(total, page_size) + 1)
    ]


@pytest.mark.parametrize("page_size", [1, 2, 3, 50_000])
def test_pages_deliver_every_signal_and_every_zaak_once(dw, page_size):
    whole = _levering(_document(dw.world.west))

    pages = _pages(dw.world.west, page_size)

    signals = [s for page in pages for s in page["vroegsignalen"]]
    zaken = [z for page in pages for z in page["vroegsignaalzaken"]]
    assert len(pages) == -(-len(IN_PERIOD) // page_size)
    assert all(len(page["vroegsignalen"]) <= page_size for page in pages)
    assert sorted(signals, key=lambda s: s["ID"]) == sorted(whole["vroegsignalen"], key=lambda s: s["ID"])
    assert sorted(zaken, key=lambda z: z["startdatumMatchingperiode"]) == sorted(
        whole["vroegsignaalzaken"], key=lambda z: z["startdatumMatchingperiode"]
    )


def test_a_zaak_split_by_a_page_end_is_on_the_page_of_its_first_signal_and_resolves_on_the_next(dw):
    pages = _pages(dw.world.west, 2)
    busy = dw.ids("busy_bsn", "busy_address")

    on = [
        index
        for index, page in enumerate(pages)
        for z in page["vroegsignaalzaken"]
        if {r["ID"] for r in z["vroegsignalen"]} == busy
    ]
    holding = [index for index, page in enumerate(pages) if busy & {s["ID"] for s in page["vroegsignalen"]}]

    assert on == [0]  # delivered once, with its first signal
    assert holding == [0, 1]  # its second signal opens the next page


def test_three_signals_with_page_size_two_are_two_pages():
    assert ddas.page_total(3, 2) == 2
    assert ddas.page_total(0, 2) == 1
    assert ddas.page_total(4, 2) == 2


@pytest.mark.parametrize(
    ("today", "quarter"),
    [
        (D(2026, 11, 18), (D(2026, 7, 1), D(2026, 9, 30))),
        (D(2026, 1, 15), (D(2025, 10, 1), D(2025, 12, 31))),
        (D(2026, 4, 1), (D(2026, 1, 1), D(2026, 3, 31))),
        (D(2026, 3, 31), (D(2025, 10, 1), D(2025, 12, 31))),
    ],
)
def test_the_previous_calendar_quarter(today, quarter):
    assert ddas.previous_quarter(today) == quarter


# -- scale ------------------------------------------------------------------------------------------------
def _more(dw: DeliveryWorld, count: int) -> None:
    case = dw.cases["busy"]
    for day in range(count):
        SignalFactory(
            municipality=dw.world.west,
            case=case,
            resident=dw.signals["busy_bsn"].resident,
            signal_date=D(2026, 8, 13) + datetime.timedelta(days=day % 10),
        )
        SignalFactory(municipality=dw.world.west, postcode="9711AB", house_number=day + 10, signal_date=END)


def _queries(municipality: Any, **kwargs: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        _document(municipality, **kwargs)
    return len(captured)


def test_the_queries_do_not_grow_with_the_signals(dw):
    few = _queries(dw.world.west)
    _more(dw, 10)

    many = _queries(dw.world.west)

    # settings, signals, and per chunk of zaken: zaken, their references, their attempts
    assert few == many == 5


def test_a_later_page_asks_one_more_query_for_the_zaak_it_may_continue(dw):
    assert _queries(dw.world.west, page=2, page_size=3) == 6
