"""The built-in fake care provider: its answers to a 301 (302, 305, 307) and its requests (315, 317) read back
into the right dataclasses with the right values, pass Wijkregie's structural checks, and pass the official
XSD wherever the standard publishes one (iWmo 3.2 has no WMO302.xsd; that one is checked structurally only).

The XSD tests read WIJKREGIE_ISTANDAARDEN_DIR and skip, naming that setting, when the folder is not there.
"""

from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from wijkregie.integrations.istandaarden import fake_provider
from wijkregie.integrations.istandaarden.messages import (
    Address,
    AllocatedProduct,
    Allocation301,
    AllocationRequest,
    ChangeRequest,
    Client,
    Header,
    ProductChange,
    RequestedProduct,
    Retour,
    RetourCode,
    RetourProduct,
    StartCare,
    StartedProduct,
    StopCare,
    StoppedProduct,
    build_301,
    parse,
)
from wijkregie.integrations.istandaarden.validation import structural_errors, xsd_errors, xsd_path

STANDARDS = ["iwmo", "ijw"]
PRODUCTS = {"iwmo": ("02", "02A01"), "ijw": ("45", "45A03")}  # a category from WMO020 / JZ020
MUNICIPALITY, PROVIDER = "9901", "12345678"
BSN = "999993653"
DAY = date(2025, 3, 10)
PRODUCT_2 = "Client/ToegewezenProducten/ToegewezenProduct[2]"


def allocation_301(standard: str, *, second_with_budget: bool = True) -> Allocation301:
    """A 301 with two products: 4711 with an Omvang and an end date, 4712 with a Budget (or an Omvang)."""
    category, code = PRODUCTS[standard]
    first = AllocatedProduct(
        allocation_number=4711,
        allocated_on=DAY,
        allocated_at=time(9, 30),
        start=date(2025, 3, 17),
        end=date(2025, 12, 31),
        product_category=category,
        product_code=code,
        provider_reference="ZA-17",
        volume=4,
        unit="04",
        frequency="2",
    )
    second = replace(first, allocation_number=4712, end=None, provider_reference="")
    if second_with_budget:
        second = replace(second, volume=None, unit="", frequency="", budget_cents=125_000)
    return Allocation301(
        header=Header(standard, "301", MUNICIPALITY, PROVIDER, "WR2503100001", DAY),  # type: ignore[arg-type]
        client=Client(
            bsn=BSN,
            birth_date=date(1958, 4, 2),
            gender="2",
            surname="Wit",
            surname_prefix="de",
            given_names="Anna Maria",
            initials="AM",
            name_usage="1",
            address=Address("01", "9711AB", 12, "a", "II"),
        ),
        products=(first, second),
    )


def _standards_present() -> bool:
    folder = Path(django_settings.WIJKREGIE_ISTANDAARDEN_DIR)
    return all((folder / name / "xsd").is_dir() for name in ("iwmo-3.2", "ijw-3.2"))


@pytest.fixture
def standards() -> None:
    if not _standards_present():
        pytest.skip(
            "de iStandaarden (iwmo-3.2/xsd, ijw-3.2/xsd) staan niet in WIJKREGIE_ISTANDAARDEN_DIR "
            f"({django_settings.WIJKREGIE_ISTANDAARDEN_DIR}); zet die om de XSD-controle te draaien"
        )


def _all_messages(standard: str) -> dict[str, bytes]:
    xml = build_301(allocation_301(standard))
    category, code = PRODUCTS[standard]
    return {
        "302": fake_provider.retour_302(xml, codes={4712: ["S329"]}, dated_on=date(2025, 3, 11)),
        "305": fake_provider.start_care_305(xml, started_on=date(2025, 3, 18), identification="ZA305"),
        "307": fake_provider.stop_care_307(
            xml, started_on=date(2025, 3, 18), stopped_on=date(2025, 6, 30), identification="ZA307"
        ),
        "315": fake_provider.allocation_request_315(
            standard=standard,  # type: ignore[arg-type]
            municipality_code=MUNICIPALITY,
            provider_agb=PROVIDER,
            bsn=BSN,
            birth_date=date(1958, 4, 2),
            surname="Wit",
            product_category=category,
            product_code=code,
            start=date(2025, 4, 1),
            identification="ZA315",
            dated_on=date(2025, 3, 20),
            volume=3,
            unit="04",
            frequency="2",
        ),
        "317": fake_provider.change_request_317(
            build_301(allocation_301(standard, second_with_budget=False)),
            allocation_number=4712,
            volume=6,
            desired_start=date(2025, 5, 1),
            identification="ZA317",
            dated_on=date(2025, 4, 20),
        ),
    }


# ------------------------------------------------------------------------------- XSD and structure


@pytest.mark.parametrize("standard", STANDARDS)
@pytest.mark.parametrize("message_type", ["302", "305", "307", "315", "317"])
def test_every_message_passes_the_official_xsd_where_there_is_one(standards, standard, message_type):
    xml = _all_messages(standard)[message_type]

    errors = xsd_errors(xml, standard, message_type)

    if standard == "iwmo" and message_type == "302":
        assert not xsd_path("iwmo", "302").exists() and errors is None  # iWmo 3.2 publishes no WMO302.xsd
    else:
        assert errors == []


@pytest.mark.parametrize("standard", STANDARDS)
@pytest.mark.parametrize("message_type", ["302", "305", "307", "315", "317"])
def test_every_message_passes_the_structural_checks(standard, message_type):
    assert structural_errors(_all_messages(standard)[message_type]) == []


def test_a_message_with_a_bad_value_is_caught_by_the_xsd(standards):
    """The XSD test above can fail: an unknown stop reason in an otherwise good 307 is refused."""
    xml = fake_provider.stop_care_307(
        build_301(allocation_301("ijw")),
        started_on=date(2025, 3, 18),
        stopped_on=date(2025, 6, 30),
        identification="ZA307",
        reason="19",  # WMO588 has it, JZ588 does not
    )

    reason = "code komt niet voor in de codelijst van de standaard"
    assert xsd_errors(xml, "ijw", "307") == [
        f"Client/StopProducten/StopProduct[{i}]/RedenBeeindiging: {reason}" for i in (1, 2)
    ]


# ----------------------------------------------------------------------------------------- reading back


@pytest.mark.parametrize("standard", STANDARDS)
def test_the_302_repeats_the_301_with_a_code_per_allocation(standard):
    sent = allocation_301(standard)

    retour = parse(
        fake_provider.retour_302(build_301(sent), codes={4712: ["S329"]}, dated_on=date(2025, 3, 11))
    )

    assert isinstance(retour, Retour)
    # The 302 keeps the 301's header: the municipality stays Afzender, the 301's identification stays.
    assert retour.header == replace(sent.header, message_type="302")
    assert (retour.retour_identification, retour.retour_dated_on) == ("RR2503100001", date(2025, 3, 11))
    assert retour.products == (RetourProduct(4711, ("0200",)), RetourProduct(4712, ("S329",)))
    assert retour.error_codes == (RetourCode(PRODUCT_2, "S329"),)
    assert not retour.accepted


@pytest.mark.parametrize("standard", STANDARDS)
def test_a_302_without_codes_accepts_everything(standard):
    retour = parse(
        fake_provider.retour_302(
            build_301(allocation_301(standard)), dated_on=date(2025, 3, 11), identification="RT-1"
        )
    )

    assert isinstance(retour, Retour) and retour.accepted
    assert retour.retour_identification == "RT-1"
    assert [code.code for code in retour.codes] == ["0200"] * 4  # client, contact, both products
    assert retour.products == (RetourProduct(4711, ("0200",)), RetourProduct(4712, ("0200",)))


def test_a_302_can_refuse_the_message_as_a_whole():
    retour = parse(
        fake_provider.retour_302(
            build_301(allocation_301("ijw")), dated_on=date(2025, 3, 11), message_codes=["0001"]
        )
    )

    assert isinstance(retour, Retour)
    assert retour.error_codes == (RetourCode("Header", "0001"),)


def test_codes_for_an_allocation_that_is_not_in_the_301_are_refused():
    with pytest.raises(ValueError, match="4799"):
        fake_provider.retour_302(build_301(allocation_301("iwmo")), codes={4799: ["S329"]}, dated_on=DAY)


@pytest.mark.parametrize("standard", STANDARDS)
def test_the_305_starts_every_product_and_swaps_sender_and_receiver(standard):
    sent = allocation_301(standard)

    start = parse(
        fake_provider.start_care_305(build_301(sent), started_on=date(2025, 3, 18), identification="ZA305")
    )

    assert isinstance(start, StartCare)
    assert start.header == Header(standard, "305", PROVIDER, MUNICIPALITY, "ZA305", date(2025, 3, 18))  # type: ignore[arg-type]
    category, code = PRODUCTS[standard]
    assert start.products == tuple(
        StartedProduct(date(2025, 3, 18), "1", number, category, code, date(2025, 3, 17))
        for number in (4711, 4712)
    )
    # The short name of the 305: no name usage, no address.
    assert start.client == replace(sent.client, name_usage="", address=None)


def test_a_withdrawn_start_carries_its_status_and_own_date():
    start = parse(
        fake_provider.start_care_305(
            build_301(allocation_301("iwmo")),
            started_on=date(2025, 3, 18),
            identification="ZA305B",
            status="3",
            dated_on=date(2025, 3, 25),
        )
    )

    assert isinstance(start, StartCare)
    assert start.header.dated_on == date(2025, 3, 25)
    assert {product.status for product in start.products} == {"3"}


@pytest.mark.parametrize(("standard", "reason"), [("iwmo", "19"), ("ijw", "31")])
def test_the_307_stops_every_product_with_the_planned_end_reason_of_its_standard(standard, reason):
    stop = parse(
        fake_provider.stop_care_307(
            build_301(allocation_301(standard)),
            started_on=date(2025, 3, 18),
            stopped_on=date(2025, 6, 30),
            identification="ZA307",
        )
    )

    assert isinstance(stop, StopCare)
    assert stop.header == Header(standard, "307", PROVIDER, MUNICIPALITY, "ZA307", date(2025, 6, 30))  # type: ignore[arg-type]
    category, code = PRODUCTS[standard]
    assert stop.products == tuple(
        StoppedProduct(
            start=date(2025, 3, 18),
            end=date(2025, 6, 30),
            reason=reason,
            status="1",
            allocation_number=number,
            product_category=category,
            product_code=code,
            allocation_start=date(2025, 3, 17),
        )
        for number in (4711, 4712)
    )


@pytest.mark.parametrize("standard", STANDARDS)
def test_the_315_asks_for_one_product_from_the_provider_to_the_municipality(standard):
    request = parse(_all_messages(standard)["315"])

    assert isinstance(request, AllocationRequest)
    assert request.header == Header(standard, "315", PROVIDER, MUNICIPALITY, "ZA315", date(2025, 3, 20))  # type: ignore[arg-type]
    assert (request.client.bsn, request.client.birth_date, request.client.surname) == (
        BSN,
        date(1958, 4, 2),
        "Wit",
    )
    category, code = PRODUCTS[standard]
    assert request.products == (
        RequestedProduct(
            provider_reference="ZA315",
            start=date(2025, 4, 1),
            referrer_type="02",
            product_category=category,
            product_code=code,
            volume=3,
            unit="04",
            frequency="2",
        ),
    )


@pytest.mark.parametrize("standard", STANDARDS)
def test_the_317_asks_for_a_new_volume_on_one_allocation_and_keeps_the_others(standard):
    request = parse(_all_messages(standard)["317"])

    assert isinstance(request, ChangeRequest)
    assert request.header == Header(standard, "317", PROVIDER, MUNICIPALITY, "ZA317", date(2025, 4, 20))  # type: ignore[arg-type]
    assert (request.bsn, request.provider_reference, request.reason) == (BSN, "ZA317", "1")
    assert request.unchanged == (4711,)
    assert request.changes == (ProductChange(4712, date(2025, 5, 1), None, 6, "04", "2"),)
    assert request.new_products == ()


def test_a_317_for_an_allocation_with_a_budget_or_outside_the_301_is_refused():
    xml = build_301(allocation_301("iwmo"))
    common = {"volume": 6, "desired_start": DAY, "identification": "ZA317", "dated_on": DAY}

    with pytest.raises(ValueError, match="budget"):
        fake_provider.change_request_317(xml, allocation_number=4712, **common)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="4799"):
        fake_provider.change_request_317(xml, allocation_number=4799, **common)  # type: ignore[arg-type]


def test_the_fake_answers_only_a_301():
    start = fake_provider.start_care_305(
        build_301(allocation_301("iwmo")), started_on=DAY, identification="ZA"
    )

    with pytest.raises(ValueError, match="305"):
        fake_provider.start_care_305(start, started_on=DAY, identification="ZA2")
