"""Signal files in: from the page, the API and the drop folder. A file is read whole or not at all (one bad
line refuses it with "Regel N: reden"), and the same file twice changes nothing (its SHA-256 per
municipality). Signals are written in bulk: a national year is a million rows."""

import hashlib
import logging
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from wijkregie.accounts.models import User
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.core.bulk import DbValues, insert_rows
from wijkregie.core.spreadsheet import as_text
from wijkregie.core.text import plain_line
from wijkregie.integrations.istandaarden.transport import Incoming, signal_transport
from wijkregie.organisation.models import Municipality

from .. import signal_io
from ..constants import FileFormat, SignalStatus, Source
from ..models import Signal, SignalFile, SignalPartner
from ..policies import EarlyWarningPolicy

logger = logging.getLogger(__name__)
CHUNK = 900  # values per IN (...): below SQLite's limit on host parameters
INSERT_BATCH = 50_000
SIGNAL_FIELDS = (
    "uuid", "created_at", "updated_at", "municipality", "file", "partner", "external_id", "partner_type",
    "amount", "arose_on", "signal_date", "crisis", "warm_handover", "bsn", "postcode", "house_number",
    "house_number_suffix", "birth_date", "sex", "status", "status_reason",
)  # fmt: skip


@dataclass(frozen=True)
class ImportResult:
    file: SignalFile
    created: bool  # False: this file had been read before, nothing changed


def _format_of(name: str, file_format: str) -> str:
    if file_format in FileFormat.values:
        return file_format
    return FileFormat.CSV if name.lower().endswith(".csv") else FileFormat.JSON


def _known_ids(municipality: Municipality, read: signal_io.SignalRows) -> dict[str, int]:
    """Lines whose signal ID this municipality has already read in another file. Asked only after the
    insert met the unique index: in the common case the index is the check, at no extra cost."""
    positions = {row.external_id: row.position for row in read.rows}
    ids = list(positions)
    known: dict[str, int] = {}
    for start in range(0, len(ids), CHUNK):
        found = Signal.objects.filter(municipality=municipality, external_id__in=ids[start : start + CHUNK])
        for external_id in found.values_list("external_id", flat=True):
            known[external_id] = read.line_of(positions[external_id])
    return known


def _refuse_known(known: dict[str, int]) -> None:
    ordered = sorted(known.items(), key=lambda item: item[1])
    messages = [
        f"Regel {line}: signaal-ID {external_id} is al eerder ingelezen." for external_id, line in ordered
    ]
    if len(messages) > signal_io.MAX_ERRORS:
        messages = [
            *messages[: signal_io.MAX_ERRORS],
            f"En nog {len(messages) - signal_io.MAX_ERRORS} fouten meer.",
        ]
    raise ValidationError({"file": messages})


def _insert(signal_file: SignalFile, rows: list[signal_io.SignalRow], partner: SignalPartner | None) -> None:
    to_db = DbValues()
    now = to_db.moment(timezone.now())
    day = to_db.day

    def value(moment: date | None) -> object:
        return None if moment is None else day(moment)

    partner_id = partner.pk if partner else None
    for start in range(0, len(rows), INSERT_BATCH):
        batch = [
            (
                to_db.uuid(uuid.uuid4()),
                now,
                now,
                signal_file.municipality_id,
                signal_file.pk,
                partner_id,
                row.external_id,
                row.partner_type,
                row.amount,
                value(row.arose_on),
                day(row.signal_date),
                row.crisis,
                row.warm_handover,
                row.bsn,
                row.postcode,
                row.house_number,
                row.house_number_suffix,
                value(row.birth_date),
                row.sex,
                SignalStatus.NEW.value,
                "",
            )
            for row in rows[start : start + INSERT_BATCH]
        ]
        insert_rows(Signal, SIGNAL_FIELDS, batch)


def signal_file_import(
    *,
    acting_user: User | None,
    municipality: Municipality,
    content: bytes,
    name: str,
    file_format: str = "",
    source: str = Source.PAGE,
    partner: SignalPartner | None = None,
    channel: Channel = Channel.WEB,
) -> ImportResult:
    """Read a signal file in for a municipality. `acting_user` None: the drop folder (system)."""
    if acting_user is not None and not EarlyWarningPolicy(acting_user).can_read_in(municipality):
        raise Http404
    if partner is not None and partner.municipality_id != municipality.pk:
        raise ValidationError({"partner": ["Kies een signaalpartner van deze gemeente."]})
    try:
        name = plain_line(name)[:200] or "signalen"
    except ValidationError:
        name = "signalen"
    sha256 = hashlib.sha256(content).hexdigest()
    earlier = SignalFile.objects.filter(municipality=municipality, sha256=sha256).first()
    if earlier is not None:
        return ImportResult(earlier, created=False)
    file_format = _format_of(name, file_format)
    read = signal_io.read(
        content,
        file_format=file_format,
        today=timezone.localdate(),
        default_type=partner.partner_type if partner else "",
    )
    rows = read.rows
    try:
        with transaction.atomic():
            signal_file = SignalFile.objects.create(
                municipality=municipality,
                partner=partner,
                name=name,
                sha256=sha256,
                file_format=file_format,
                source=source,
                received_at=timezone.now(),
                received_by=acting_user,
                signal_count=len(rows),
            )
            _insert(signal_file, rows, partner)
            record(
                actor=acting_user,
                action=Action.CREATE,
                obj=signal_file,
                fields=["signals"],
                channel=channel,
            )
    except IntegrityError as error:
        # Signal IDs read before, or the same file read in at the same moment by someone else.
        again = SignalFile.objects.filter(municipality=municipality, sha256=sha256).first()
        if again is not None:
            return ImportResult(again, created=False)
        known = _known_ids(municipality, read)
        if known:
            _refuse_known(known)
        raise ValidationError(
            {"file": ["Een ander bestand met dezelfde signalen werd tegelijk ingelezen."]}
        ) from error
    return ImportResult(signal_file, created=True)


# -- the drop folder -----------------------------------------------------------------------------------------
def signal_folders_pickup() -> str:
    """Read every signal file waiting in the municipalities' sub-folders of WIJKREGIE_SIGNALS_IN (named by
    CBS code), through the configured transport; a read file moves to verwerkt/, a refused one to
    afgekeurd/ with its reasons in the log (line numbers and signal IDs, never a person). The recurring
    job "vroegsignalen-ophalen"."""
    read = repeated = refused = 0
    root = Path(settings.WIJKREGIE_SIGNALS_IN)
    for municipality in Municipality.objects.order_by("cbs_code"):
        folder = root / municipality.cbs_code
        if not folder.is_dir():
            continue
        transport = signal_transport(str(folder))
        for incoming in transport.receive():
            accepted, why = _picked_up(municipality, incoming)
            transport.acknowledge(incoming, accepted=accepted)
            if not accepted:
                refused += 1
                logger.warning("Signalenbestand afgekeurd (gemeente %s): %s", municipality.cbs_code, why)
            elif why:
                repeated += 1
            else:
                read += 1
    return f"{read} ingelezen, {repeated} al eerder ingelezen, {refused} afgekeurd"


def _picked_up(municipality: Municipality, incoming: Incoming) -> tuple[bool, str]:
    """(accepted, remark): a remark on an accepted file says it had been read before."""
    if incoming.refusal:
        return False, incoming.refusal
    try:
        result = signal_file_import(
            acting_user=None, municipality=municipality, content=incoming.content, name=incoming.name,
            source=Source.FOLDER, channel=Channel.SYSTEM,
        )  # fmt: skip
    except ValidationError as error:
        return False, " ".join(error.message_dict.get("file", error.messages)[:5])
    return True, "" if result.created else "al eerder ingelezen"


# -- feedback to the partner ---------------------------------------------------------------------------------
def partner_feedback(*, acting_user: User, signal_file: SignalFile, channel: Channel = Channel.WEB) -> str:
    """What the partner that sent a file may hear back: per signal ID whether it was picked up, never the
    result, the person or anything else of the zaak. CSV; every download is an EXPORT row."""
    if not EarlyWarningPolicy(acting_user).can_read_in(signal_file.municipality):
        raise Http404
    picked = set(
        Signal.objects.filter(file=signal_file, case__picked_up_on__isnull=False).values_list("pk", flat=True)
    )
    lines = ["id;opgepakt"]
    for pk, external_id in (
        Signal.objects.filter(file=signal_file).order_by("external_id").values_list("pk", "external_id")
    ):
        lines.append(f"{as_text(external_id)};{'ja' if pk in picked else 'nee'}")
    with transaction.atomic():
        record(
            actor=acting_user, action=Action.EXPORT, obj=signal_file, fields=["picked_up"], channel=channel
        )
    return "\n".join(lines) + "\n"
