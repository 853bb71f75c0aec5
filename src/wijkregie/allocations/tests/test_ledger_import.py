"""Reading an invoice file into the ledger: lines booked on their allocation and month, lines flagged with
their reason (not booked), a malformed line refusing the whole file, the same file twice changing nothing,
and only the contractmanager of the municipality reading files in."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from wijkregie.accounts.constants import Role
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.allocations.constants import AllocationStatus, InvoiceStatus
from wijkregie.allocations.models import InvoiceImport, InvoiceLine
from wijkregie.allocations.selectors import ledger as selectors
from wijkregie.allocations.services import ledger as services
from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent

from .test_ledger_costs import D, allocation, contract, contracted_provider, product, provider

pytestmark = pytest.mark.django_db

HEADER = "toewijzingnummer;agb;maand (jjjj-mm);productcategorie;productcode;aantal;bedrag"


def csv(*lines, header=HEADER, separator=";"):
    rows = [header, *lines]
    return ("\n".join(row.replace(";", separator) for row in rows) + "\n").encode()


def line(a, month="2025-02", amount="281,67", agb=None, category=None, code=None, quantity="8", number=None):
    values = [
        str(number if number is not None else a.number),
        agb or a.provider.agb_code,
        month,
        category if category is not None else a.product_category,
        code if code is not None else a.product_code,
        quantity,
        amount,
    ]
    return ";".join(values)


def read(world, content, user=None, name="declaratie.csv"):
    return services.invoice_import(
        acting_user=user or world.carla, municipality=world.west, content=content, filename=name
    )


def _state():
    return (
        InvoiceImport.objects.count(),
        list(InvoiceLine.objects.order_by("pk").values_list("status", "amount_cents", "flag_reason")),
        AuditEvent.objects.filter(object_type="allocations.invoiceimport").count(),
    )


@pytest.fixture
def zorg(world):
    return contracted_provider(world, "Zorg Thuis", tariff=3250)


def test_a_matching_line_is_booked_on_its_allocation_and_month(world, zorg):
    weekly = allocation(world, zorg, start=D(2025, 1, 1))

    result = read(world, csv(line(weekly, month="2025-02", amount="1.281,67", quantity="8")))

    assert (result.booked, result.flagged, result.repeated) == (1, 0, False)
    booked = InvoiceLine.objects.get()
    assert (booked.allocation, booked.provider, booked.month) == (weekly, zorg, D(2025, 2, 1))
    assert (booked.status, booked.amount_cents, booked.quantity) == (InvoiceStatus.BOOKED, 128167, 8)
    assert booked.invoice_import == result.invoice_import
    assert (result.invoice_import.lines, result.invoice_import.flagged) == (1, 0)
    ledger = selectors.ledger(world.west, 2025, suppress=False)
    assert ledger.months[1].actual_cents == 128167 and ledger.months[0].actual_cents == 0


def test_the_import_is_audited_with_counts_only(world, zorg):
    weekly = allocation(world, zorg)

    result = read(world, csv(line(weekly), line(weekly, number=999_999)))

    event = AuditEvent.objects.get(object_uuid=result.invoice_import.uuid)
    assert (event.action, event.actor, event.object_type) == (
        Action.CREATE,
        world.carla,
        "allocations.invoiceimport",
    )
    assert event.fields == ["geboekt=1", "gemarkeerd=1", "regels=2"]
    assert event.household_uuid is None


@pytest.mark.parametrize(
    ("separator", "amount", "cents"),
    [
        (";", "12,50", 1250),
        (",", "12.50", 1250),
        (";", "1.234,5", 123450),
        (",", '"1,234.56"', 123456),
        (";", "€ 7", 700),
    ],
)
def test_amounts_with_comma_or_point_and_either_separator(world, zorg, separator, amount, cents):
    weekly = allocation(world, zorg)
    header = HEADER.replace(" (jjjj-mm)", "")
    text = (
        line(weekly, amount=amount).replace(";", separator)
        if separator == ";"
        else ",".join([str(weekly.number), zorg.agb_code, "2025-02", "01", "01A01", "8", amount])
    )

    read(world, (header.replace(";", separator) + "\n" + text + "\n").encode())

    assert InvoiceLine.objects.get().amount_cents == cents


def test_a_product_outside_the_contract_is_flagged_not_booked(world):
    zorg = provider(world, "Zorg Thuis")
    deal = contract(world, zorg)
    product(deal, code="01A01", valid_until=D(2025, 1, 31))  # contracted until the end of January
    weekly = allocation(world, zorg, start=D(2025, 1, 1))

    result = read(world, csv(line(weekly, month="2025-01"), line(weekly, month="2025-02")))

    assert (result.booked, result.flagged) == (1, 1)
    flagged = InvoiceLine.objects.get(status=InvoiceStatus.FLAGGED)
    assert flagged.month == D(2025, 2, 1) and flagged.allocation == weekly
    assert flagged.flag_reason == "Product 01/01A01 is in 2025-02 niet gecontracteerd bij deze aanbieder."
    ledger = selectors.ledger(world.west, 2025, suppress=False)
    assert [c.actual_cents for c in ledger.months[:2]] == [28167, 0]


def test_another_providers_agb_code_is_flagged(world, zorg):
    other = contracted_provider(world, "Andere Zorg")
    weekly = allocation(world, zorg)

    result = read(world, csv(line(weekly, agb=other.agb_code)))

    flagged = InvoiceLine.objects.get()
    assert (result.booked, result.flagged) == (0, 1)
    assert (flagged.status, flagged.provider, flagged.allocation) == (InvoiceStatus.FLAGGED, other, weekly)
    assert (
        flagged.flag_reason
        == f"De AGB-code {other.agb_code} hoort niet bij de aanbieder van deze toewijzing."
    )


def test_an_unknown_allocation_number_is_flagged_with_the_number(world, zorg):
    weekly = allocation(world, zorg)
    zuid_allocation = allocation(world, zorg, home=world.zuid_household)

    read(world, csv(line(weekly, number=424242), line(zuid_allocation)))

    reasons = list(InvoiceLine.objects.order_by("pk").values_list("allocation", "flag_reason"))
    assert reasons == [
        (None, "Toewijzingnummer 424242 is onbekend in deze gemeente."),
        (None, f"Toewijzingnummer {zuid_allocation.number} is onbekend in deze gemeente."),
    ]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"code": "01A02"}, "Product 01/01A02 hoort niet bij deze toewijzing (01/01A01)."),
        ({"category": "02", "code": ""}, "Product 02 hoort niet bij deze toewijzing (01/01A01)."),
        ({"month": "2024-12"}, "De maand 2024-12 valt buiten de looptijd van de toewijzing."),
        ({"month": "2025-05"}, "De maand 2025-05 valt buiten de looptijd van de toewijzing."),
    ],
)
def test_a_line_that_does_not_fit_its_allocation_is_flagged(world, zorg, change, reason):
    short = allocation(world, zorg, start=D(2025, 1, 20), end=D(2025, 4, 3))

    read(world, csv(line(short, **change)))

    assert InvoiceLine.objects.get().flag_reason == reason


def test_a_revoked_allocation_and_care_after_its_stop_are_flagged(world, zorg):
    revoked = allocation(world, zorg, status=AllocationStatus.REVOKED)
    stopped = allocation(world, zorg, status=AllocationStatus.STOPPED, stopped_on=D(2025, 2, 27))

    read(world, csv(line(revoked), line(stopped, month="2025-02"), line(stopped, month="2025-03")))

    assert list(InvoiceLine.objects.order_by("pk").values_list("status", "flag_reason")) == [
        (InvoiceStatus.FLAGGED, "De toewijzing is ingetrokken."),
        (InvoiceStatus.BOOKED, ""),
        (InvoiceStatus.FLAGGED, "De maand 2025-03 valt buiten de looptijd van de toewijzing."),
    ]


def test_a_month_declared_twice_is_flagged_the_second_time(world, zorg):
    weekly = allocation(world, zorg)
    read(world, csv(line(weekly, month="2025-02")))

    read(
        world,
        csv(line(weekly, month="2025-02", amount="10,00"), line(weekly, month="2025-03", amount="10,00")),
    )

    assert list(InvoiceLine.objects.order_by("pk").values_list("status", "flag_reason")) == [
        (InvoiceStatus.BOOKED, ""),
        (InvoiceStatus.FLAGGED, "Deze toewijzing is voor 2025-02 al gedeclareerd voor dit product."),
        (InvoiceStatus.BOOKED, ""),
    ]


def test_a_subcontractor_under_a_contract_is_booked(world):
    main = provider(world, "Hoofdaannemer")
    sub = provider(world, "Onderaannemer")
    deal = contract(world, main)
    deal.subcontractors.add(sub.organisation)
    product(deal, code="")  # the whole category 01
    weekly = allocation(world, sub)

    result = read(world, csv(line(weekly)))

    assert (result.booked, result.flagged) == (1, 0)


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        ({"number": "abc"}, "Regel 3: toewijzingnummer moet een heel getal groter dan 0 zijn."),
        ({"agb": "123"}, "Regel 3: AGB-code moet uit 8 cijfers bestaan."),
        ({"month": "2025-13"}, "Regel 3: maand moet jjjj-mm zijn, bijvoorbeeld 2025-03."),
        ({"month": "03-2025"}, "Regel 3: maand moet jjjj-mm zijn, bijvoorbeeld 2025-03."),
        ({"category": "1"}, "Regel 3: productcategorie moet uit 2 cijfers of letters bestaan."),
        ({"code": "01A-01"}, "Regel 3: productcode moet uit 1 tot 5 cijfers of letters bestaan."),
        ({"quantity": "-1"}, "Regel 3: aantal moet een heel getal van 0 of meer zijn."),
        ({"amount": "12,345"}, "Regel 3: bedrag moet een bedrag in euro zijn, zoals 123,45 of 123.45."),
        ({"amount": "1.250"}, "Regel 3: bedrag moet een bedrag in euro zijn, zoals 123,45 of 123.45."),
        ({"amount": "-5,00"}, "Regel 3: bedrag moet een bedrag in euro zijn, zoals 123,45 of 123.45."),
        ({"amount": ""}, "Regel 3: bedrag moet een bedrag in euro zijn, zoals 123,45 of 123.45."),
        ({"agb": "99999999"}, "Regel 3: AGB-code 99999999 is van geen bekende zorgaanbieder."),
    ],
)
def test_a_malformed_line_refuses_the_whole_file(world, zorg, bad, error):
    weekly = allocation(world, zorg)
    before = _state()
    values = {"number": str(weekly.number), **bad}
    values.setdefault("agb", zorg.agb_code)
    broken = line(
        weekly,
        number=values["number"],
        agb=values["agb"],
        month=values.get("month", "2025-02"),
        category=values.get("category"),
        code=values.get("code"),
        quantity=values.get("quantity", "8"),
        amount=values.get("amount", "281,67"),
    )

    with pytest.raises(ValidationError) as refused:
        read(world, csv(line(weekly), broken, line(weekly, month="2025-03")))

    assert refused.value.message_dict == {"file": [error]}
    assert _state() == before


def test_every_problem_is_named_and_a_missing_column_refuses_the_file(world, zorg):
    weekly = allocation(world, zorg)

    with pytest.raises(ValidationError) as refused:
        read(world, csv(line(weekly, month="x"), line(weekly, quantity="veel")))
    with pytest.raises(ValidationError) as no_column:
        read(
            world,
            csv(
                "1;12345678;2025-01;01;01A01;1",
                header="toewijzingnummer;agb;maand;productcategorie;productcode;aantal",
            ),
        )
    with pytest.raises(ValidationError) as not_text:
        read(world, b"\xff\xfe\x00bad")
    with pytest.raises(ValidationError) as empty:
        read(world, csv())

    assert refused.value.message_dict["file"] == [
        "Regel 2: maand moet jjjj-mm zijn, bijvoorbeeld 2025-03.",
        "Regel 3: aantal moet een heel getal van 0 of meer zijn.",
    ]
    assert no_column.value.message_dict["file"] == ["Regel 1: kolom 'bedrag' ontbreekt."]
    assert not_text.value.message_dict["file"] == ["Regel 1: het bestand is geen UTF-8-tekst."]
    assert empty.value.message_dict["file"] == ["Regel 2: het bestand bevat geen declaratieregels."]
    assert InvoiceImport.objects.count() == 0 and InvoiceLine.objects.count() == 0


def test_the_same_file_twice_changes_nothing_the_second_time(world, zorg):
    weekly = allocation(world, zorg)
    content = csv(line(weekly), line(weekly, number=77))
    first = read(world, content)
    after_first = _state()

    second = read(world, content, name="opnieuw.csv")

    assert second.repeated and not first.repeated
    assert second.invoice_import == first.invoice_import
    assert (second.booked, second.flagged) == (1, 1)
    assert _state() == after_first


def test_the_same_file_in_another_municipality_is_its_own_import(world, zorg):
    zuid_carla = UserFactory(username="zack", role=Role.CONTRACT_MANAGER, municipality=world.zuid)
    weekly = allocation(world, zorg)
    content = csv(line(weekly))
    read(world, content)

    result = services.invoice_import(
        acting_user=zuid_carla, municipality=world.zuid, content=content, filename="d.csv"
    )

    assert not result.repeated and result.flagged == 1  # number unknown in Zuiderdijk


@pytest.mark.parametrize("name", ["bea", "fenna", "anna", "teun", "bo", "piet", "zoe", "zuid_manager"])
def test_only_the_municipalitys_contractmanager_reads_files_in(world, zorg, name):
    user = (
        UserFactory(username="zack", role=Role.CONTRACT_MANAGER, municipality=world.zuid)
        if name == "zuid_manager"
        else world.user(name)
    )
    weekly = allocation(world, zorg)
    before = _state()

    with pytest.raises(Http404):
        read(world, csv(line(weekly)), user=user)

    assert _state() == before


@pytest.mark.parametrize("size", [1, 36])
def test_a_file_costs_a_fixed_number_of_queries(world, zorg, size, django_assert_num_queries):
    made = [allocation(world, zorg) for _ in range(3)]
    lines = [line(a, month=f"2025-{m:02d}") for m in range(1, 13) for a in made][:size]

    # the earlier import, AGB codes; in the savepoint: the municipality's lock, allocations, booked lines,
    # contract lines (2), the import, its lines, the audit row
    with django_assert_num_queries(12):
        result = read(world, csv(*lines))

    assert result.booked == size


def test_amount_parsing():
    assert [services.amount_cents(t) for t in ["0", "7", "7,5", "7.05", "1.234,56", "1,234.56", "€ 12"]] == [
        0, 700, 750, 705, 123456, 123456, 1200,
    ]  # fmt: skip
    assert [services.amount_cents(t) for t in ["1.234", "1,234", "7,555", "abc", "1.2.3", "-1"]] == [None] * 6


def test_a_line_without_product_code_fits_an_allocation_of_the_category(world):
    zorg = provider(world, "Zorg Thuis")
    product(contract(world, zorg), code="")
    weekly = allocation(world, zorg, product_code="")

    result = read(world, csv(line(weekly, code="")))

    assert (result.booked, result.flagged) == (1, 0)
    assert datetime.date(2025, 2, 1) == InvoiceLine.objects.get().month
