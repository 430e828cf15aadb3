"""A database of the last release (four apps: members, blocs, meetings, awards) migrates to the layered apps with
nothing lost: every table and row stays, the export is the same, and the audit trail's entries still name their
records (the content types follow the models to their new apps).

The database is populated through the application, then migrated back to the last release's migrations (which
leaves it exactly as that release made it: its tables, constraints and content type labels), then forward again.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from history.models import AuditEntry
from imports.importer import import_document
from interchange.exporter import export_organizer
from meetings.models import Meeting
from members.models import Organizer
from records.models import MinutesVersion
from records.services import minutes_versions_create
from tests.fuzz import example_document, small_province
from tests.project import RECORD_APPS

pytestmark = pytest.mark.django_db(transaction=True)

# The migrations the last release (before the apps' layers) ended with; the apps it did not have, unapplied.
LAST_RELEASE = [
    ("members", "0002_audit_entry"),
    ("blocs", "0004_pledge_version"),
    ("meetings", "0003_minutesversion"),
    ("awards", "0003_national_legal_bases"),
    ("history", None),
    ("pledges", None),
    ("decisions", None),
    ("records", None),
]
# Where the moved models were in that release.
RELEASED_IN = {
    "auditentry": "members",
    "pledge": "blocs",
    "criterion": "blocs",
    "signature": "blocs",
    "score": "blocs",
    "proposal": "awards",
    "ballot": "awards",
    "ranking": "awards",
    "decision": "awards",
    "decisionaward": "awards",
    "minutesversion": "meetings",
}


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


# Columns a later migration fills with a new random value for the rows it finds (records 0004: each version's
# verification code). Migrated back and forth, such a row gets another: the comparison leaves these out.
NEW_RANDOM_COLUMNS = {"meetings_minutesversion": {"code"}}


def table_rows() -> dict[str, list]:
    """Every row of every table of the project's models, by table (plain SQL: valid in either state)."""
    from django.apps import apps

    rows = {}
    with connection.cursor() as cursor:
        for label in RECORD_APPS:
            for model in apps.get_app_config(label).get_models():
                table = model._meta.db_table
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608
                left_out = NEW_RANDOM_COLUMNS.get(table, set())
                kept = [i for i, column in enumerate(cursor.description) if column[0] not in left_out]
                rows[table] = [tuple(row[i] for i in kept) for row in cursor.fetchall()]
    return rows


def exported() -> str:
    return json.dumps([export_organizer(o) for o in Organizer.objects.order_by("code")], sort_keys=True)


def test_a_database_of_the_last_release_migrates_to_the_layered_apps_with_nothing_lost():
    assert import_document(example_document()).ok
    assert import_document(small_province("P01", blocs=2, members=5, years=2)).ok
    meeting = Meeting.objects.filter(status=Meeting.Status.FINALIZED).first()
    minutes_versions_create(meeting=meeting)  # a minutes version (queued: no worker here)
    before, rows = exported(), table_rows()
    entries = {e.pk: (e.content_type.model, e.object_id) for e in AuditEntry.objects.select_related("content_type")}
    assert MinutesVersion.objects.exists() and entries

    migrate(LAST_RELEASE)
    try:
        labels = dict(ContentType.objects.filter(model__in=RELEASED_IN).values_list("model", "app_label"))
        assert labels == {model: app for model, app in RELEASED_IN.items() if model in labels}
        assert set(labels) == set(RELEASED_IN)
    finally:
        migrate(latest())

    assert table_rows() == rows
    assert exported() == before
    ContentType.objects.clear_cache()
    after = {e.pk: (e.content_type.model, e.object_id) for e in AuditEntry.objects.select_related("content_type")}
    assert after == entries
    for model, app in RELEASED_IN.items():
        moved = ContentType.objects.get(model=model, app_label__in=RECORD_APPS)
        assert moved.app_label != app and moved.model_class() is not None
        assert not ContentType.objects.filter(app_label=app, model=model).exists()
        assert Permission.objects.filter(content_type=moved).exists()
