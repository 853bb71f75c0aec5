"""Backup and restore keep the audit trail's guarantee: the copy holds every audit row and the trigger
that refuses changing one; a doctored or altered backup is refused. On SQLite always; on PostgreSQL with
pg_dump/pg_restore into a second database."""

import json
import sqlite3
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.core.backup import AUDIT_TRIGGER, BackupError, backup, manifest_path, restore

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def audited():
    for _ in range(3):
        record(actor=None, action=Action.CREATE, object_type="test.ding", channel=Channel.SYSTEM)
    return 3


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_a_sqlite_backup_restores_with_every_audit_row_and_the_append_only_trigger(tmp_path, audited):
    made = backup(tmp_path / "kopie.sqlite3")
    assert made.audit_rows >= audited and made.vendor == "sqlite"
    assert (tmp_path / "kopie.sqlite3").stat().st_mode & 0o077 == 0  # the owner's only
    assert manifest_path(tmp_path / "kopie.sqlite3").stat().st_mode & 0o077 == 0
    restored = tmp_path / "terug.sqlite3"
    restore(tmp_path / "kopie.sqlite3", sqlite_target=restored)

    copy = sqlite3.connect(restored)
    try:
        assert copy.execute("SELECT COUNT(*) FROM audit_auditevent").fetchone()[0] == made.audit_rows
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            copy.execute("UPDATE audit_auditevent SET action = 'wijzigen'")
    finally:
        copy.close()


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_a_backup_without_the_trigger_is_refused_even_with_a_matching_manifest(tmp_path, audited):
    file = tmp_path / "kopie.sqlite3"
    backup(file)
    doctored = sqlite3.connect(file)
    doctored.execute(f"DROP TRIGGER {AUDIT_TRIGGER}")
    doctored.commit()
    doctored.close()
    manifest = json.loads(manifest_path(file).read_text())
    from wijkregie.core.backup import _sha256

    manifest["sha256"] = _sha256(file)
    manifest_path(file).write_text(json.dumps(manifest))
    with pytest.raises(BackupError, match="beveiliging van het auditlogboek"):
        restore(file, sqlite_target=tmp_path / "terug.sqlite3")


def test_an_altered_backup_is_refused_before_anything_is_restored(tmp_path, audited):
    file = tmp_path / "kopie"
    backup(file)
    with file.open("ab") as tail:
        tail.write(b"\0")
    with pytest.raises(BackupError, match="controlegetal klopt niet"):
        restore(file, sqlite_target=tmp_path / "terug.sqlite3", pg_database="bestaat_niet")
    manifest_path(file).unlink()
    with pytest.raises(BackupError, match="geen leesbaar manifest"):
        restore(file, sqlite_target=tmp_path / "terug.sqlite3", pg_database="bestaat_niet")


def test_restore_asks_to_be_sure(tmp_path):
    with pytest.raises(CommandError, match="bevestig met --ja"):
        call_command("restore", str(tmp_path / "kopie"))


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_postgresql_dump_restores_into_a_second_database_with_its_guard(tmp_path, audited):
    import psycopg

    made = backup(tmp_path / "kopie.dump")
    second = f"terug_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {second}")
    try:
        restore(tmp_path / "kopie.dump", pg_database=second)
        db = connection.settings_dict
        params = {k.lower(): db[k] for k in ("HOST", "PORT", "USER", "PASSWORD") if db.get(k)}
        with psycopg.connect(dbname=second, autocommit=True, **params) as copy:
            count = copy.execute("SELECT COUNT(*) FROM audit_auditevent").fetchone()
            assert count is not None and count[0] == made.audit_rows
            with pytest.raises(psycopg.Error, match="append-only"):
                copy.execute("UPDATE audit_auditevent SET action = 'wijzigen'")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {second} WITH (FORCE)")
