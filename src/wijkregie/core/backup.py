"""Backup and restore of the whole database, with the tools each database has for it: SQLite's online backup
API (a consistent copy while Wijkregie runs) and PostgreSQL's pg_dump/pg_restore (custom format).

Both copy the schema with the data, so the trigger that makes the audit trail append-only comes back with
it. Every backup (readable by its owner only) gets a manifest beside it (`<file>.json`: when, which
database, the file's SHA-256 and the number of audit rows); a restore refuses a file that does not match its
manifest, and afterwards checks that the append-only trigger is in place and that no audit row went
missing."""

import hashlib
import json
import os
import sqlite3
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils import timezone

# The audit trail's table and the trigger that refuses UPDATE on it (audit migration 0002).
AUDIT_TABLE = "audit_auditevent"
AUDIT_TRIGGER = "audit_auditevent_no_update"


class BackupError(Exception):
    """A backup or restore that cannot be trusted; the message says why, in Dutch."""


@dataclass(frozen=True)
class Manifest:
    created_at: str
    vendor: str
    database: str
    sha256: str
    audit_rows: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[name] = str(db[key])
    return env


def _pg_tool(arguments: list[str], db: dict[str, Any]) -> None:
    """pg_dump or pg_restore of the installed PostgreSQL client, found on PATH as the operator set it up;
    the arguments come from the settings and the operator's file name, never from a request."""
    subprocess.run(arguments, env=_pg_env(db), check=True, capture_output=True)  # noqa: S603


def _audit_rows(cursor: Any) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {AUDIT_TABLE}")  # noqa: S608 -- a constant table name
    return int(cursor.fetchone()[0])


def backup(target: Path) -> Manifest:
    """A consistent copy of the configured database in `target`, and its manifest."""
    target = Path(target)
    connection.ensure_connection()
    with connection.cursor() as cursor:
        audit_rows = _audit_rows(cursor)
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    elif connection.vendor == "postgresql":
        db = connection.settings_dict
        _pg_tool(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", db["NAME"]], db)
    else:
        raise BackupError(f"Geen back-up mogelijk voor database {connection.vendor}.")
    target.chmod(0o600)  # the whole dossier of every resident: for the wijkregie user only
    manifest = Manifest(
        timezone.now().isoformat(),
        connection.vendor,
        Path(str(connection.settings_dict["NAME"])).name,
        _sha256(target),
        audit_rows,
    )
    manifest_path(target).write_text(json.dumps(asdict(manifest), indent=2))
    manifest_path(target).chmod(0o600)
    return manifest


def _manifest_checked(source: Path, vendor: str) -> Manifest:
    try:
        manifest = Manifest(**json.loads(manifest_path(source).read_text()))
    except (OSError, ValueError, TypeError) as error:
        raise BackupError("Bij deze back-up hoort geen leesbaar manifest (<bestand>.json).") from error
    if manifest.vendor != vendor:
        raise BackupError(f"Deze back-up is van {manifest.vendor}, de database is {vendor}.")
    if _sha256(source) != manifest.sha256:
        raise BackupError("De back-up is na het maken gewijzigd: het controlegetal klopt niet.")
    return manifest


def restore(source: Path, *, sqlite_target: Path | None = None, pg_database: str | None = None) -> Manifest:
    """Put a backup back: into the configured database, or (for a restore test) into another SQLite file
    or PostgreSQL database. Checks the manifest first and the audit trail's guard afterwards."""
    source = Path(source)
    vendor = connection.vendor
    manifest = _manifest_checked(source, vendor)
    if vendor == "sqlite":
        target = Path(sqlite_target or connection.settings_dict["NAME"])
        connection.close()
        origin, copy = sqlite3.connect(source), sqlite3.connect(target)
        try:
            origin.backup(copy)
            _check_sqlite(copy, manifest)
        finally:
            origin.close()
            copy.close()
    else:
        db = connection.settings_dict
        name = pg_database or db["NAME"]
        options = ["--clean", "--if-exists", "--no-owner", "--single-transaction"]
        _pg_tool(["pg_restore", *options, f"--dbname={name}", str(source)], db)
        _check_postgresql(db, name, manifest)
    return manifest


def _check_sqlite(copy: sqlite3.Connection, manifest: Manifest) -> None:
    found = copy.execute(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?", [AUDIT_TRIGGER]
    ).fetchone()[0]
    _check(bool(found), _audit_rows(copy.cursor()), manifest)


def _check_postgresql(db: dict[str, Any], name: str, manifest: Manifest) -> None:
    import psycopg

    params = {k.lower(): db[k] for k in ("HOST", "PORT", "USER", "PASSWORD") if db.get(k)}
    with psycopg.connect(dbname=name, **params) as restored, restored.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pg_trigger WHERE tgname = %s", [AUDIT_TRIGGER])
        row = cursor.fetchone()
        _check(bool(row and row[0]), _audit_rows(cursor), manifest)


def _check(trigger_present: bool, audit_rows: int, manifest: Manifest) -> None:
    if not trigger_present:
        raise BackupError(
            "Na het terugzetten ontbreekt de beveiliging van het auditlogboek (alleen toevoegen)."
        )
    if audit_rows != manifest.audit_rows:
        raise BackupError(
            f"Na het terugzetten telt het auditlogboek {audit_rows} regels, de back-up {manifest.audit_rows}."
        )
