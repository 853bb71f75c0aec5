"""PostgreSQL: finer statistics on the surname search key. With the default target a histogram bucket
covers ~21,000 residents at a million households, so a narrow prefix range is estimated at 1 row and the
planner sorts and checks every match; at 1000 the slowest prefixes drop from ~110 ms to ~25 ms
(docs/benchmarks.md). Other databases: nothing to do."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE households_resident ALTER COLUMN surname_search SET STATISTICS 1000")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE households_resident ALTER COLUMN surname_search SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("households", "0002_surname_search_key")]
    operations = [migrations.RunPython(forwards, backwards)]
