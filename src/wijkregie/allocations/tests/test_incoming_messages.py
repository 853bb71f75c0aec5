"""Incoming iWmo/iJw messages end to end: Wijkregie allocates and sends a real 301, the built-in fake provider
answers it (302, 305, 307) or asks (315, 317), and `message_receive` / `messages_receive` apply the answer.

Every refusal names the element and the reason and changes nothing; the same file twice changes nothing the
second time; the audit rows of incoming processing are the system's and hold field names, never values.
"""

import datetime
from dataclasses import replace
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from wijkregie.allocations.constants import (
    AllocationStatus,
    Direction,
    MessageStatus,
    ProviderRequestStatus,
    RequestKind,
)
from wijkregie.allocations.models import Allocation, Message, ProviderRequest
from wijkregie.allocations.services import allocation as services
from wijkregie.allocations.services.messages import (
    PROCESSED,
    REJECTED,
    REPEATED,
    message_receive,
    messages_receive,
)
from wijkregie.audit.constants import Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.core.calendar import add_working_days
from wijkregie.households.models import TimelineEntry
from wijkregie.integrations.istandaarden import fake_provider
from wijkregie.integrations.istandaarden.messages import Allocation301, build_301, parse
from wijkregie.integrations.istandaarden.transport import FolderTransport
from wijkregie.provisions.constants import ProvisionLaw
from wijkregie.tasks.constants import Term
from wijkregie.tasks.models import Task

from .conftest import AGB, TODAY, contract_for, head, provider_of, signed_beschikking

pytestmark = pytest.mark.django_db

STARTED_ON = TODAY + datetime.timedelta(days=2)
STOPPED_ON = datetime.date(2025, 6, 30)
START_ELEMENT = "Client/StartProducten/StartProduct[1]/ToewijzingNummer"
STOP_ELEMENT = "Client/StopProducten/StopProduct[1]/ToewijzingNummer"
WEST = "9901"  # world.west's gemeentecode
UNKNOWN = "onbekende toewijzing voor deze aanbieder en gemeente"


def _allocate(world, *, law=ProvisionLaw.WMO, code="01A01") -> tuple[Allocation, bytes]:
    """An allocation of world.household's head to the fake's provider, and the 301 Wijkregie sent for it."""
    provider = provider_of(world)
    contract_for(world, provider, code=code)
    allocation = services.allocation_create(
        acting_user=world.anna, beschikking=signed_beschikking(world, law=law, code=code), provider=provider
    )
    sent = Message.objects.get(direction=Direction.OUT, allocations=allocation)
    return allocation, bytes(sent.content)


def _start(message_301: bytes, identification="ZA305", **kwargs) -> bytes:
    return fake_provider.start_care_305(
        message_301, started_on=STARTED_ON, identification=identification, **kwargs
    )


def _stop(message_301: bytes) -> bytes:
    return fake_provider.stop_care_307(
        message_301, started_on=STARTED_ON, stopped_on=STOPPED_ON, identification="ZA307"
    )


def _renumbered(message_301: bytes, number: int) -> bytes:
    """The same 301 with another allocation number: what a provider would send about an allocation that
    Wijkregie never made."""
    sent = parse(message_301)
    assert isinstance(sent, Allocation301)
    return build_301(replace(sent, products=(replace(sent.products[0], allocation_number=number),)))


def _state(allocation: Allocation) -> tuple:
    allocation.refresh_from_db()
    return (allocation.status, allocation.started_on, allocation.stopped_on, allocation.stop_reason)


def _counts() -> tuple[int, ...]:
    return (
        Message.objects.filter(direction=Direction.IN).count(),
        ProviderRequest.objects.count(),
        Task.objects.count(),
        TimelineEntry.objects.count(),
        AuditEvent.objects.count(),
    )


def _incoming() -> Message:
    return Message.objects.get(direction=Direction.IN)


def _standards_dir() -> Path:
    return Path(django_settings.WIJKREGIE_ISTANDAARDEN_DIR)


def _needs_standards(*parts: str) -> Path:
    path = _standards_dir().joinpath(*parts)
    if not path.exists():
        pytest.skip(
            f"{'/'.join(parts)} staat niet in WIJKREGIE_ISTANDAARDEN_DIR ({_standards_dir()}); "
            "zet WIJKREGIE_ISTANDAARDEN_DIR om deze test te draaien"
        )
    return path


# ---------------------------------------------------------------------------------------------- 302


@pytest.mark.parametrize(("law", "code"), [(ProvisionLaw.WMO, "01A01"), (ProvisionLaw.YOUTH, "45A03")])
def test_a_302_without_errors_accepts_the_allocation(world, outbox, law, code):
    allocation, sent = _allocate(world, law=law, code=code)
    retour = fake_provider.retour_302(sent, dated_on=TODAY)

    assert message_receive("retour.xml", retour) == (PROCESSED, "")

    assert _state(allocation)[0] == AllocationStatus.ACCEPTED
    message = _incoming()
    assert (message.message_type, message.status, message.errors) == ("302", MessageStatus.PROCESSED, "")
    # A 302 keeps the 301's header: the municipality is its Afzender, the provider its Ontvanger.
    assert (message.municipality, message.provider) == (world.west, allocation.provider)
    assert list(message.allocations.all()) == [allocation]


def test_a_302_with_an_error_code_rejects_the_allocation_and_keeps_the_reason(world, outbox):
    allocation, sent = _allocate(world)
    retour = fake_provider.retour_302(sent, codes={allocation.number: ["S329"]}, dated_on=TODAY)

    assert message_receive("retour.xml", retour) == (PROCESSED, "")

    assert _state(allocation)[0] == AllocationStatus.REJECTED
    message = _incoming()
    assert message.errors == f"Toewijzing {allocation.number}: retourcodes S329"
    assert list(message.allocations.all()) == [allocation]
    line = TimelineEntry.objects.filter(household=world.household).latest("occurred_at")
    assert line.description == f"Toewijzing {allocation.number}: afgekeurd door de aanbieder (S329)"


def test_a_302_for_a_301_that_was_never_sent_is_refused(world, outbox):
    allocation, sent = _allocate(world)
    identification = parse(sent).header.identification
    other = sent.replace(identification.encode(), b"NOGNOOITVERS", 1)
    before = _counts()

    outcome, reason = message_receive("retour.xml", fake_provider.retour_302(other, dated_on=TODAY))

    assert (outcome, reason) == (
        REJECTED,
        "Header/BerichtIdentificatie/Identificatie: geen verstuurd bericht met deze identificatie",
    )
    assert _state(allocation)[0] == AllocationStatus.ALLOCATED
    assert _counts() == (before[0] + 1, *before[1:4], before[4] + 1)  # only the refused message and its row


# ---------------------------------------------------------------------------------------------- 305


def test_a_305_starts_the_care(world, outbox):
    allocation, sent = _allocate(world)

    assert message_receive("start.xml", _start(sent)) == (PROCESSED, "")

    assert _state(allocation) == (AllocationStatus.STARTED, STARTED_ON, None, "")
    message = _incoming()
    assert (message.message_type, message.status, message.identification) == ("305", "verwerkt", "ZA305")
    assert (message.municipality, message.provider, message.sender) == (world.west, allocation.provider, AGB)
    assert list(message.allocations.all()) == [allocation]
    line = TimelineEntry.objects.filter(household=world.household).latest("occurred_at")
    assert line.description == f"Toewijzing {allocation.number}: zorg gestart op {STARTED_ON:%d-%m-%Y} (305)"


def test_the_same_305_twice_changes_nothing_the_second_time(world, outbox):
    allocation, sent = _allocate(world)
    start = _start(sent)
    assert message_receive("start.xml", start) == (PROCESSED, "")
    after_first, counts = _state(allocation), _counts()
    updated_at = allocation.updated_at

    assert message_receive("start-nogmaals.xml", start) == (REPEATED, "")

    assert _state(allocation) == after_first and allocation.updated_at == updated_at
    assert _counts() == counts
    assert Message.objects.filter(direction=Direction.IN).count() == 1


def test_a_withdrawn_start_puts_the_allocation_back(world, outbox):
    allocation, sent = _allocate(world)
    message_receive("start.xml", _start(sent))

    assert message_receive("intrekking.xml", _start(sent, "ZA305B", status="3")) == (PROCESSED, "")

    assert _state(allocation) == (AllocationStatus.ACCEPTED, None, None, "")


def test_a_305_for_an_unknown_allocation_is_rejected_and_changes_nothing(world, outbox):
    allocation, sent = _allocate(world)
    before, counts = _state(allocation), _counts()

    outcome, reason = message_receive("start.xml", _start(_renumbered(sent, allocation.number + 41)))

    assert (outcome, reason) == (REJECTED, f"{START_ELEMENT}: {UNKNOWN}")
    assert _state(allocation) == before
    message = _incoming()
    assert (message.status, message.errors) == (MessageStatus.REJECTED, reason)
    assert not message.allocations.exists()
    assert _counts() == (counts[0] + 1, *counts[1:4], counts[4] + 1)


def test_a_305_from_another_provider_is_not_applied(world, outbox):
    allocation, sent = _allocate(world)
    provider_of(world, name="Ander Zorg", agb="87654321")
    stranger = _start(sent).replace(AGB.encode(), b"87654321")

    assert message_receive("start.xml", stranger) == (REJECTED, f"{START_ELEMENT}: {UNKNOWN}")
    assert _state(allocation)[0] == AllocationStatus.ALLOCATED


def test_the_folder_transport_moves_good_files_to_verwerkt_and_bad_ones_to_afgekeurd(world, outbox):
    allocation, sent = _allocate(world)
    incoming = outbox / "in"
    incoming.mkdir()
    (incoming / "1-start.xml").write_bytes(_start(sent))
    (incoming / "2-onbekend.xml").write_bytes(_start(_renumbered(sent, 999), "ZA305X"))
    (incoming / "3-start-nogmaals.xml").write_bytes(_start(sent))
    (incoming / "notitie.txt").write_text("geen bericht")

    summary = messages_receive(FolderTransport(incoming, outbox / "uit"))

    assert (summary.processed, summary.rejected, summary.repeated) == (1, 1, 1)
    assert summary.reasons == [f"2-onbekend.xml: {START_ELEMENT}: {UNKNOWN}"]
    assert sorted(p.name for p in (incoming / "verwerkt").iterdir()) == [
        "1-start.xml",
        "3-start-nogmaals.xml",
    ]
    assert [p.name for p in (incoming / "afgekeurd").iterdir()] == ["2-onbekend.xml"]
    assert sorted(p.name for p in incoming.iterdir() if p.is_file()) == ["notitie.txt"]
    assert _state(allocation)[:2] == (AllocationStatus.STARTED, STARTED_ON)


# ---------------------------------------------------------------------------------------------- 307


def test_a_307_stops_the_care(world, outbox):
    allocation, sent = _allocate(world)
    message_receive("start.xml", _start(sent))

    assert message_receive("stop.xml", _stop(sent)) == (PROCESSED, "")

    assert _state(allocation) == (AllocationStatus.STOPPED, STARTED_ON, STOPPED_ON, "19")
    line = TimelineEntry.objects.filter(household=world.household).latest("occurred_at")
    assert line.description == f"Toewijzing {allocation.number}: zorg gestopt op {STOPPED_ON:%d-%m-%Y} (307)"


def test_a_307_before_any_start_is_rejected(world, outbox):
    allocation, sent = _allocate(world)
    counts = _counts()

    outcome, reason = message_receive("stop.xml", _stop(sent))

    assert (outcome, reason) == (REJECTED, f"{STOP_ELEMENT}: Zorg kan pas stoppen als die is gestart.")
    assert _state(allocation) == (AllocationStatus.ALLOCATED, None, None, "")
    assert _incoming().status == MessageStatus.REJECTED
    assert _counts() == (counts[0] + 1, *counts[1:4], counts[4] + 1)


# ------------------------------------------------------------------------------------- invalid files


def _wrong_namespace(sent: bytes) -> bytes:
    return _start(sent).replace(b"http://www.istandaarden.nl/iwmo/3_2/wmo305/schema", b"urn:voorbeeld:305")


def _bad_stop_reason(sent: bytes) -> bytes:
    """Well-formed and readable, but the XSD knows no stop reason 99 (needs the standards folder)."""
    _needs_standards("iwmo-3.2", "xsd")
    return fake_provider.stop_care_307(
        sent, started_on=STARTED_ON, stopped_on=STOPPED_ON, identification="ZA307", reason="99"
    )


INVALID = {
    "not XML": (lambda sent: b"dit is geen XML", "Bericht: geen geldige XML (regel 1)"),
    "wrong namespace": (_wrong_namespace, "Bericht: onbekend bericht: geen iWmo 3.2- of iJw 3.2-bericht"),
    "a message Wijkregie does not read": (
        lambda sent: _start(sent).replace(b"wmo305", b"wmo306").replace(b">418<", b">419<"),
        "Bericht: WMO306 is geen bericht dat Wijkregie leest",
    ),
    "an unknown stop reason": (
        _bad_stop_reason,
        "Bericht: Client/StopProducten/StopProduct/RedenBeeindiging: code komt niet voor in de codelijst",
    ),
}


@pytest.mark.parametrize("case", INVALID)
def test_an_invalid_file_is_rejected_with_the_element_and_changes_nothing(world, outbox, case):
    make, expected = INVALID[case]
    allocation, sent = _allocate(world)
    message_receive("start.xml", _start(sent))
    before, counts = _state(allocation), _counts()

    outcome, reason = message_receive("fout.xml", make(sent))

    assert outcome == REJECTED and reason.startswith(expected)
    assert _state(allocation) == before
    message = Message.objects.get(direction=Direction.IN, file_name="fout.xml")
    assert (message.status, message.errors) == (MessageStatus.REJECTED, reason)
    assert _counts() == (counts[0] + 1, *counts[1:4], counts[4] + 1)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "JW315.xml",
            "Client/AangevraagdeProducten/AangevraagdProduct[1]/ToewijzingEinddatum: "
            "geen geldige datum (JJJJ-MM-DD)",
        ),
        ("JW318.xml", "Bericht: JW318 is geen bericht dat Wijkregie leest"),
    ],
)
def test_the_standards_invalid_examples_are_rejected_with_the_element(world, outbox, name, expected):
    content = (_needs_standards("ijw-3.2", "examples-invalid") / name).read_bytes()

    assert message_receive(name, content) == (REJECTED, expected)

    message = _incoming()
    assert (message.status, message.errors, message.standard) == (MessageStatus.REJECTED, expected, "")
    assert not ProviderRequest.objects.exists()


# ------------------------------------------------------------------------------------------ 315, 317


def _request_315(bsn: str, birth_date: datetime.date) -> bytes:
    return fake_provider.allocation_request_315(
        standard="iwmo",
        municipality_code=WEST,
        provider_agb=AGB,
        bsn=bsn,
        birth_date=birth_date,
        surname="Visser",
        product_category="01",
        product_code="01A01",
        start=TODAY + datetime.timedelta(days=7),
        identification="ZA315",
        dated_on=TODAY,
    )


def test_a_315_for_a_known_resident_opens_a_request_with_a_task_due_in_five_working_days(world, outbox):
    provider = provider_of(world)
    resident = head(world.household)

    assert message_receive("verzoek.xml", _request_315(resident.bsn, resident.birth_date)) == (PROCESSED, "")

    request = ProviderRequest.objects.get()
    assert (request.kind, request.status, request.municipality, request.provider) == (
        RequestKind.ALLOCATION, ProviderRequestStatus.OPEN, world.west, provider,
    )  # fmt: skip
    assert (request.household, request.resident, request.allocation) == (world.household, resident, None)
    assert (request.product_category, request.product_code, request.message) == ("01", "01A01", _incoming())
    task = Task.objects.get(term=Term.PROVIDER_REQUEST_ANSWER)
    assert task.household == world.household and task.source_uuid == request.uuid
    assert task.start_date == TODAY and task.due_on == add_working_days(TODAY, 5) == datetime.date(
        2025, 3, 17
    )
    assert (task.team, task.assignee) == (world.team_a, world.anna)


def test_a_315_for_an_unknown_bsn_opens_a_request_without_household_or_task(world, outbox):
    provider_of(world)

    assert message_receive("verzoek.xml", _request_315("999993653", datetime.date(1950, 1, 2))) == (
        PROCESSED,
        "",
    )

    request = ProviderRequest.objects.get()
    assert (request.kind, request.household, request.resident) == (RequestKind.ALLOCATION, None, None)
    assert not Task.objects.exists()


def test_a_317_opens_a_change_request_on_the_allocation(world, outbox):
    allocation, sent = _allocate(world)
    change = fake_provider.change_request_317(
        sent,
        volume=4,
        desired_start=TODAY + datetime.timedelta(days=14),
        identification="ZA317",
        dated_on=TODAY,
    )

    assert message_receive("wijziging.xml", change) == (PROCESSED, "")

    request = ProviderRequest.objects.get()
    assert (request.kind, request.allocation, request.household, request.resident) == (
        RequestKind.CHANGE, allocation, world.household, allocation.resident,
    )  # fmt: skip
    assert list(_incoming().allocations.all()) == [allocation]
    assert Task.objects.filter(term=Term.PROVIDER_REQUEST_ANSWER, source_uuid=request.uuid).count() == 1
    assert _state(allocation)[0] == AllocationStatus.ALLOCATED  # a request, not yet a change


def test_a_317_for_an_unknown_allocation_is_rejected(world, outbox):
    allocation, sent = _allocate(world)
    change = fake_provider.change_request_317(
        _renumbered(sent, 999), volume=4, desired_start=TODAY, identification="ZA317", dated_on=TODAY
    )
    counts = _counts()

    outcome, reason = message_receive("wijziging.xml", change)

    assert (outcome, reason) == (
        REJECTED, f"Client/Verzoek/TeWijzigenProducten/TeWijzigenProduct[1]/ToewijzingNummer: {UNKNOWN}",
    )  # fmt: skip
    assert _counts() == (counts[0] + 1, *counts[1:4], counts[4] + 1)  # the refused message only
    assert not ProviderRequest.objects.exists() and _state(allocation)[0] == AllocationStatus.ALLOCATED


# ---------------------------------------------------------------------------------------------- audit


def test_incoming_processing_audits_as_the_system_with_field_names_only(world, outbox):
    allocation, sent = _allocate(world)
    resident = allocation.resident
    first_new = (AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1

    for name, content in [
        ("retour.xml", fake_provider.retour_302(sent, dated_on=TODAY)),
        ("start.xml", _start(sent)),
        ("stop.xml", _stop(sent)),
        ("fout.xml", _start(_renumbered(sent, 999), "ZA305X")),
        ("verzoek.xml", _request_315(resident.bsn, resident.birth_date)),
    ]:
        message_receive(name, content)

    rows = list(AuditEvent.objects.filter(id__gte=first_new).order_by("id"))
    assert [(row.object_type, row.fields) for row in rows] == [
        ("allocations.message", ["status"]),  # 302
        ("allocations.allocation", ["status"]),
        ("allocations.message", ["status"]),  # 305
        ("allocations.allocation", ["started_on", "status"]),
        ("allocations.message", ["status"]),  # 307
        ("allocations.allocation", ["status", "stopped_on"]),
        ("allocations.message", ["status"]),  # refused 305
        ("allocations.message", ["status"]),  # 315
    ]
    assert {(row.channel, row.actor_id, row.actor_role) for row in rows} == {(Channel.SYSTEM, None, "")}
    assert {row.household_uuid for row in rows if row.object_type == "allocations.allocation"} == {
        world.household.uuid
    }
    personal = (resident.bsn, resident.surname, resident.postcode, resident.birth_date.isoformat())
    written = repr([(row.object_type, row.fields) for row in rows]) + "".join(
        TimelineEntry.objects.filter(household=world.household).values_list("description", flat=True)
    )
    assert not [value for value in personal if value and value in written]


def test_a_305_about_another_person_is_rejected_and_changes_nothing(world, outbox):
    allocation, sent = _allocate(world)
    other = world.zuid_household.memberships.first().resident.bsn
    assert other != allocation.resident.bsn
    sent_301 = parse(sent)
    assert isinstance(sent_301, Allocation301)
    someone_else = build_301(replace(sent_301, client=replace(sent_301.client, bsn=other)))
    before = _state(allocation)

    outcome, reason = message_receive("start.xml", _start(someone_else))

    assert (outcome, reason) == (REJECTED, "Client/Bsn: hoort niet bij deze toewijzing")
    assert _state(allocation) == before


# ------------------------------------------------------------------------------------- hostile in-folder
def _pick_up(outbox, files):
    incoming = outbox / "in"
    incoming.mkdir(exist_ok=True)
    for name, content in files.items():
        (incoming / name).write_bytes(content)
    return incoming, messages_receive(FolderTransport(incoming, outbox / "uit"))


def test_a_link_in_the_in_folder_is_refused_unread_and_its_target_left_alone(world, outbox, tmp_path):
    secret = tmp_path / "geheim.txt"
    secret.write_text("niet voor de database")
    incoming = outbox / "in"
    incoming.mkdir()
    (incoming / "link.xml").symlink_to(secret)

    summary = messages_receive(FolderTransport(incoming, outbox / "uit"))

    assert summary.reasons == ["link.xml: Bestand: is een verwijzing, geen gewoon bestand"]
    message = _incoming()
    assert (message.status, bytes(message.content)) == (MessageStatus.REJECTED, b"")
    assert (
        incoming / "afgekeurd" / "link.xml"
    ).is_symlink() and secret.read_text() == "niet voor de database"


def test_a_file_over_the_size_limit_is_refused_without_storing_it(world, outbox, settings):
    settings.WIJKREGIE_MESSAGE_MAX_BYTES = 10_000
    _incoming_dir, summary = _pick_up(outbox, {"groot.xml": b"<x>" + b"a" * 20_000 + b"</x>"})

    assert summary.reasons == ["groot.xml: Bestand: is groter dan 9 kB"]
    assert bytes(_incoming().content) == b""


def test_a_file_name_with_a_newline_is_refused_and_stored_plain(world, outbox):
    incoming, summary = _pick_up(outbox, {"start\nvals.xml": b"<x/>"})

    assert summary.rejected == 1 and summary.reasons[0].endswith("de naam bevat tekens die niet mogen")
    assert _incoming().file_name == "start_vals.xml"
    assert [p.name for p in (incoming / "afgekeurd").iterdir()] == ["start_vals.xml"]


def test_a_known_message_identification_with_other_bytes_is_refused(world, outbox):
    _allocation, sent = _allocate(world)
    assert message_receive("start.xml", _start(sent)) == (PROCESSED, "")
    other_day = fake_provider.start_care_305(  # the same BerichtIdentificatie, another start date
        sent, started_on=STARTED_ON + datetime.timedelta(days=1), identification="ZA305"
    )

    outcome, reason = message_receive("start-anders.xml", other_day)

    assert (outcome, reason) == (
        REJECTED,
        "Header/BerichtIdentificatie/Identificatie: al eerder ontvangen met een andere inhoud",
    )


@pytest.mark.parametrize(
    ("change", "element"),
    [
        (
            lambda xml, head: xml.replace(head.surname.encode(), b"Anders"),
            "Client/Naam/Geslachtsnaam/Achternaam",
        ),
        (
            lambda xml, head: xml.replace(head.birth_date.isoformat().encode(), b"1901-01-01"),
            "Client/Geboortedatum/Datum",
        ),
    ],
    ids=["other-surname", "other-birth-date"],
)
def test_a_start_for_the_right_bsn_but_another_person_is_refused(world, outbox, change, element):
    allocation, sent = _allocate(world)
    start = change(_start(sent), head(world.household))

    assert message_receive("start.xml", start) == (
        REJECTED,
        f"{element}: hoort niet bij de cliënt van deze toewijzing",
    )
    assert _state(allocation)[0] == AllocationStatus.ALLOCATED
