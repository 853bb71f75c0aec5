"""Hostile XML in the in-folder: a provider's 305 that would start care, carrying an external entity to a
local file, a billion-laughs expansion, an external DTD or a parameter entity. Each is refused with the
DOCTYPE reason and moved aside; nothing is read into the document, the allocation, the timeline and the
audit trail are as before, and the secret file's text is stored nowhere."""

import pytest
from lxml import etree

from wijkregie.allocations.constants import AllocationStatus, Direction, MessageStatus
from wijkregie.allocations.models import Allocation, Message
from wijkregie.allocations.services.messages import messages_receive
from wijkregie.audit.models import AuditEvent
from wijkregie.households.models import TimelineEntry
from wijkregie.integrations.istandaarden.messages.reading import xml_parser
from wijkregie.integrations.istandaarden.transport import FolderTransport

from .test_incoming_messages import _allocate, _start

pytestmark = pytest.mark.django_db

SECRET = "GEHEIM-7f3a-wachtwoord"
DOCTYPE_REFUSED = "Bericht: een DOCTYPE is in een iStandaarden-bericht niet toegestaan"


def _hostile(kind: str, secret_file, dtd_file) -> tuple[str, str]:
    entity_use = {"xxe": "&xxe;", "laughs": "&lol9;", "dtd": "&fromdtd;", "parameter": ""}[kind]
    doctype = {
        "xxe": f'<!DOCTYPE Bericht [<!ENTITY xxe SYSTEM "file://{secret_file}">]>',
        "laughs": "<!DOCTYPE Bericht ["
        + '<!ENTITY lol0 "lol">'
        + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
        + "]>",
        "dtd": f'<!DOCTYPE Bericht SYSTEM "file://{dtd_file}">',
        "parameter": f'<!DOCTYPE Bericht [<!ENTITY % p SYSTEM "file://{dtd_file}"> %p;]>',
    }[kind]
    return doctype, entity_use


@pytest.fixture
def secret(tmp_path):
    secret_file = tmp_path / "geheim.txt"
    secret_file.write_text(SECRET)
    dtd_file = tmp_path / "kwaad.dtd"
    dtd_file.write_text(f'<!ENTITY fromdtd SYSTEM "file://{secret_file}">')
    return secret_file, dtd_file


def _state(allocation):
    allocation.refresh_from_db()
    return (
        allocation.status,
        TimelineEntry.objects.count(),
        Message.objects.filter(direction=Direction.IN, status=MessageStatus.PROCESSED).count(),
    )


# libxml2 stops the billion laughs itself (entity amplification) before Wijkregie sees the DOCTYPE.
REASONS = {"xxe": DOCTYPE_REFUSED, "laughs": "Bericht: geen geldige XML (regel 1)"}


@pytest.mark.parametrize("kind", ["xxe", "laughs", "dtd", "parameter"])
def test_a_message_with_entities_or_a_dtd_is_refused_and_reads_nothing(world, outbox, secret, kind):
    allocation, sent = _allocate(world)
    start = _start(sent).decode()
    doctype, entity_use = _hostile(kind, *secret)
    # The entity stands where the provider's own identification would be: expanded, it would be stored.
    hostile = start.replace("?>", "?>\n" + doctype, 1).replace(">ZA305<", f">ZA{entity_use}<", 1)
    assert doctype in hostile and (not entity_use or entity_use in hostile)
    inbox = outbox / "in"
    inbox.mkdir()
    (inbox / "305-hostile.xml").write_text(hostile)
    before = _state(allocation)
    audit_before = AuditEvent.objects.count()

    summary = messages_receive(FolderTransport())

    reason = REASONS.get(kind, DOCTYPE_REFUSED)
    assert (summary.processed, summary.rejected, summary.reasons) == (0, 1, [f"305-hostile.xml: {reason}"])
    assert _state(allocation) == before == (AllocationStatus.ALLOCATED, before[1], 0)
    assert Allocation.objects.get(pk=allocation.pk).started_on is None
    (kept,) = Message.objects.filter(direction=Direction.IN)
    assert (kept.status, kept.errors, kept.message_type, kept.identification) == (
        MessageStatus.REJECTED,
        reason,
        "",
        "",
    )
    assert AuditEvent.objects.count() == audit_before + 1  # the refused message kept, nothing else
    assert not Message.objects.filter(errors__contains=SECRET).exists()
    assert SECRET.encode() not in bytes(kept.content)
    assert [p.name for p in (inbox / "afgekeurd").iterdir()] == ["305-hostile.xml"]
    assert list(inbox.glob("*.xml")) == []


@pytest.mark.parametrize("kind", ["xxe", "dtd", "parameter"])
def test_the_parser_itself_resolves_no_entity_and_loads_no_dtd(secret, kind):
    """Below the DOCTYPE refusal: even a document the check let through would not have the file in it."""
    doctype, entity_use = _hostile(kind, *secret)
    document = f'<?xml version="1.0"?>\n{doctype}<Bericht><Tekst>{entity_use}</Tekst></Bericht>'.encode()

    root = etree.fromstring(document, xml_parser())

    assert SECRET not in etree.tostring(root).decode()
    assert root.findtext("Tekst") in (None, "")
