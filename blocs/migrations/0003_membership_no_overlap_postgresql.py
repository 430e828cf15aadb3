"""On PostgreSQL the database itself refuses overlapping memberships of one agency in one bloc.

SQLite has no exclusion constraints; there ``Membership.clean()`` (run by every service, under a lock on
the bloc row) holds the rule alone.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE blocs_membership ADD CONSTRAINT membership_no_overlap EXCLUDE USING gist (
    bloc_id WITH =,
    agency_id WITH =,
    int4range(from_year, COALESCE(to_year, 9999), '[]') WITH &&
);
"""
DROP = "ALTER TABLE blocs_membership DROP CONSTRAINT IF EXISTS membership_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("blocs", "0002_initial")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
