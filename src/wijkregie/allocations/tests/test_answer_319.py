"""Answering a provider's 315 or 317 sends the 319 (antwoordbericht): refused with its WJ759 reason, or taken
up ("aanvraag in onderzoek", the 301 follows later). Kept as an outgoing message, written to the out-folder
only once the answer is committed; a refused answer or a second one sends nothing."""

import hashlib
from copy import deepcopy
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from lxml import etree

from wijkregie.allocations.constants import Direction, MessageStatus, ProviderRequestStatus
from wijkregie.allocations.models import Message, ProviderRequest
from wijkregie.allocations.services import allocation as services
from wijkregie.allocations.services.messages import message_receive
from wijkregie.households.models import TimelineEntry
from wijkregie.integrations.istandaarden import fake_provider
from wijkregie.integrations.istandaarden.messages import Answer319, Header, parse_319
from wijkregie.integrations.istandaarden.validation import xsd_errors, xsd_path
from wijkregie.tasks.constants import TaskStatus
from wijkregie.tasks.models import Task

from .conftest import AGB, TODAY, contract_for, head, provider_of, signed_beschikking

pytestmark = pytest.mark.django_db
PRODUCTS = {"iwmo": ("01", "01A01"), "ijw": ("45", "45A03")}
NAME = {"iwmo": "WMO319", "ijw": "JW319"}


def _receive_315(
    world, provider, standard="iwmo", reference="VOT-0042", more_references=()
) -> ProviderRequest:
    """A 315 received for the household's head; `more_references` adds a copy of the requested product per
    reference."""
    category, code = PRODUCTS[standard]
    content = fake_provider.allocation_request_315(
        standard=standard,
        municipality_code=world.west.cbs_code,
        provider_agb=provider.agb_code,
        bsn=head(world.household).bsn,
        birth_date=TODAY.replace(year=1950),
        surname="Visser",
        product_category=category,
        product_code=code,
        start=TODAY,
        identification="V1",
        dated_on=TODAY,
        volume=2,
        unit="04",
        frequency="2",
        provider_reference=reference,
    )
    if more_references:
        root = etree.fromstring(content)
        ns = etree.QName(root).namespace
        [product] = root.iter(f"{{{ns}}}AangevraagdProduct")
        for other in more_references:
            copy = deepcopy(product)
            copy.find(f"{{{ns}}}ReferentieAanbieder").text = other
            product.getparent().append(copy)
        content = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    assert message_receive("verzoek.xml", content) == ("verwerkt", "")
    return ProviderRequest.objects.get(message__identification="V1")


def _out_files() -> list[Path]:
    folder = Path(settings.WIJKREGIE_MESSAGES_OUT)
    return sorted(folder.glob("*.xml")) if folder.is_dir() else []


def _answers() -> list[Message]:
    return list(Message.objects.filter(direction=Direction.OUT, message_type="319"))


def _xsd_checked(content: bytes, standard: str) -> None:
    if not xsd_path(standard, "319").is_file():
        pytest.skip(
            f"{NAME[standard]}.xsd staat niet in WIJKREGIE_ISTANDAARDEN_DIR "
            f"({settings.WIJKREGIE_ISTANDAARDEN_DIR}); zet die om het antwoord tegen de XSD te toetsen"
        )
    assert xsd_errors(content, standard, "319") == []


@pytest.mark.parametrize("standard", ["iwmo", "ijw"])
def test_a_refused_315_is_answered_with_a_319_carrying_the_reason(
    world, outbox, django_capture_on_commit_callbacks, standard
):
    provider = provider_of(world)
    provider_request = _receive_315(world, provider, standard)

    with django_capture_on_commit_callbacks(execute=True):
        services.provider_request_answer(
            acting_user=world.bo, provider_request=provider_request, granted=False, refusal_reason="3"
        )

    [message] = _answers()
    [written] = _out_files()
    content = written.read_bytes()
    assert written.name == f"{standard.upper()}319_9901_{message.identification}.xml" == message.file_name
    assert content == bytes(message.content)
    assert message.sha256 == hashlib.sha256(content).hexdigest()
    assert (message.standard, message.status, message.sender, message.receiver) == (
        standard, MessageStatus.SENT, "9901", AGB,
    )  # fmt: skip
    assert (message.municipality, message.provider) == (world.west, provider)
    assert parse_319(content) == Answer319(
        header=Header(standard, "319", "9901", AGB, message.identification, TODAY),
        provider_reference="VOT-0042",
        answer="1",  # WJ760: verzoek afgewezen
        refusal_reason="3",  # WJ759: geen contract
    )
    _xsd_checked(content, standard)


@pytest.mark.parametrize("standard", ["iwmo", "ijw"])
def test_a_granted_315_is_answered_in_onderzoek_without_a_reason(
    world, outbox, django_capture_on_commit_callbacks, standard
):
    provider_request = _receive_315(world, provider_of(world), standard)

    with django_capture_on_commit_callbacks(execute=True):
        services.provider_request_answer(
            acting_user=world.anna, provider_request=provider_request, granted=True, refusal_reason="3"
        )

    [written] = _out_files()
    answer = parse_319(written.read_bytes())
    assert (answer.provider_reference, answer.answer, answer.refusal_reason) == ("VOT-0042", "2", "")
    provider_request.refresh_from_db()
    assert (provider_request.status, provider_request.refusal_reason) == (ProviderRequestStatus.GRANTED, "")
    _xsd_checked(written.read_bytes(), standard)
    # the five-working-day term is met by the answer, and says so on the timeline
    term = Task.objects.get(source_uuid=provider_request.uuid)
    assert (term.status, term.done_on) == (TaskStatus.DONE, TODAY)
    assert TimelineEntry.objects.filter(
        household=world.household, description=f"Termijn afgerond: {term.title}"
    ).exists()


def test_a_refused_317_is_answered_with_its_reference_and_linked_to_the_allocation(
    world, outbox, django_capture_on_commit_callbacks
):
    provider = provider_of(world)
    contract_for(world, provider)
    allocation = services.allocation_create(
        acting_user=world.anna, beschikking=signed_beschikking(world), provider=provider
    )
    sent = bytes(Message.objects.get(direction=Direction.OUT, message_type="301").content)
    change = fake_provider.change_request_317(
        sent, volume=4, desired_start=TODAY, identification="W1", dated_on=TODAY, provider_reference="VOW-7"
    )
    assert message_receive("wijziging.xml", change) == ("verwerkt", "")
    provider_request = ProviderRequest.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        services.provider_request_answer(
            acting_user=world.anna, provider_request=provider_request, granted=False, refusal_reason="2"
        )

    [message] = _answers()
    [written] = _out_files()  # the 301 was never committed: only the 319 is written here
    answer = parse_319(written.read_bytes())
    assert (answer.provider_reference, answer.answer, answer.refusal_reason) == ("VOW-7", "1", "2")
    assert list(message.allocations.all()) == [allocation]
    _xsd_checked(written.read_bytes(), "iwmo")


def test_each_reference_of_a_315_with_several_products_gets_its_own_319(
    world, outbox, django_capture_on_commit_callbacks
):
    provider_request = _receive_315(world, provider_of(world), more_references=("VOT-0043", "VOT-0042"))

    with django_capture_on_commit_callbacks(execute=True):
        services.provider_request_answer(
            acting_user=world.bo, provider_request=provider_request, granted=False, refusal_reason="6"
        )

    answers = [parse_319(path.read_bytes()) for path in _out_files()]
    assert sorted((a.provider_reference, a.answer, a.refusal_reason) for a in answers) == [
        ("VOT-0042", "1", "6"),
        ("VOT-0043", "1", "6"),
    ]
    assert len(_answers()) == 2 and len({a.header.identification for a in answers}) == 2


def test_the_319_is_written_only_when_the_answer_is_committed(
    world, outbox, django_capture_on_commit_callbacks
):
    provider_request = _receive_315(world, provider_of(world))

    with django_capture_on_commit_callbacks() as callbacks:
        services.provider_request_answer(
            acting_user=world.bo, provider_request=provider_request, granted=False, refusal_reason="7"
        )
        assert _out_files() == []

    assert len(_answers()) == 1 and _out_files() == [] and len(callbacks) == 1
    callbacks[0]()
    assert [path.name for path in _out_files()] == [_answers()[0].file_name]


def _unchanged(provider_request: ProviderRequest) -> None:
    provider_request.refresh_from_db()
    assert (provider_request.status, provider_request.answered_on, provider_request.refusal_reason) == (
        ProviderRequestStatus.OPEN, None, "",
    )  # fmt: skip
    assert Task.objects.get(source_uuid=provider_request.uuid).status != TaskStatus.DONE
    assert _answers() == [] and _out_files() == []


@pytest.mark.parametrize("reason", ["", "0", "10", "geen contract"])
def test_a_refusal_without_a_valid_reason_saves_nothing_and_sends_nothing(
    world, outbox, django_capture_on_commit_callbacks, reason
):
    provider_request = _receive_315(world, provider_of(world))

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        services.provider_request_answer(
            acting_user=world.bo, provider_request=provider_request, granted=False, refusal_reason=reason
        )

    assert error.value.message_dict == {"refusal_reason": ["Kies de reden van de afwijzing."]}
    _unchanged(provider_request)


def test_answering_twice_is_refused_and_sends_one_319(world, outbox, django_capture_on_commit_callbacks):
    provider_request = _receive_315(world, provider_of(world))
    with django_capture_on_commit_callbacks(execute=True):
        services.provider_request_answer(
            acting_user=world.bo, provider_request=provider_request, granted=False, refusal_reason="3"
        )

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        services.provider_request_answer(
            acting_user=world.bo, provider_request=provider_request, granted=True
        )

    assert error.value.messages == ["Dit verzoek is al beantwoord."]
    provider_request.refresh_from_db()
    assert (provider_request.status, provider_request.refusal_reason) == (ProviderRequestStatus.REFUSED, "3")
    assert len(_answers()) == 1 and len(_out_files()) == 1
    assert parse_319(_out_files()[0].read_bytes()).answer == "1"


@pytest.mark.parametrize("name", ["zoe", "otto", "piet", "carla", "bea", "sanne"])
def test_who_may_not_answer_gets_404_and_nothing_is_sent(
    world, outbox, django_capture_on_commit_callbacks, name
):
    provider_request = _receive_315(world, provider_of(world))

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Http404):
        services.provider_request_answer(
            acting_user=world.user(name), provider_request=provider_request, granted=False, refusal_reason="3"
        )

    _unchanged(provider_request)


def test_an_unreadable_original_request_saves_nothing_and_sends_nothing(
    world, outbox, django_capture_on_commit_callbacks
):
    provider_request = _receive_315(world, provider_of(world))
    Message.objects.filter(pk=provider_request.message_id).update(content=b"<kapot")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        services.provider_request_answer(
            acting_user=world.bo, provider_request=provider_request, granted=False, refusal_reason="3"
        )

    assert error.value.messages == [
        "Het oorspronkelijke verzoek is niet te lezen; er is geen antwoordbericht gemaakt."
    ]
    _unchanged(provider_request)


def test_the_backoffice_refusing_on_the_page_sends_the_319(
    client, world, outbox, django_capture_on_commit_callbacks
):
    provider_request = _receive_315(world, provider_of(world))
    client.force_login(world.bo)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/berichten/", {"verzoek": provider_request.uuid, "antwoord": "afwijzen", "reden": "5"}
        )

    assert response.status_code == 302
    [written] = _out_files()
    assert parse_319(written.read_bytes()).refusal_reason == "5"
