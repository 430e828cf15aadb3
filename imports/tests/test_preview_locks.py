"""An import's preview never holds other users' saves: on SQLite it runs on a copy of the database, on
PostgreSQL it locks only the rows it changes (a bloc it leaves as it is is not written again).

Each test pauses a preview after it has written (inside ``import_decisions``, the last step) and, meanwhile,
has another connection save something the preview does not change, with a short lock timeout: the save
must go through at once. Committed data (``transactional_db``): each connection sees what the other did.
"""

from __future__ import annotations

import copy
import datetime
import threading

import pytest
from django.db import connection, connections

from blocs.models import Bloc
from blocs.selectors import members_of_year
from imports import importer
from imports.importer import import_document
from meetings.models import Attendance, Meeting
from meetings.services import attendance_record, meeting_create

pytestmark = pytest.mark.django_db(transaction=True)


class PausedPreview:
    """A preview running in a thread of its own, stopped after its writes until ``finish()``."""

    def __init__(self, document: dict, monkeypatch):
        self.document, self.paused, self.go_on = document, threading.Event(), threading.Event()
        self.report = None
        original = importer._Importer.import_decisions

        def pausing(importer_self, blocs):
            original(importer_self, blocs)
            self.paused.set()
            assert self.go_on.wait(30)

        monkeypatch.setattr(importer._Importer, "import_decisions", pausing)

    def __enter__(self) -> PausedPreview:
        def run():
            try:
                self.report = import_document(self.document, dry_run=True)
            finally:
                self.paused.set()
                connections.close_all()

        self.thread = threading.Thread(target=run)
        self.thread.start()
        assert self.paused.wait(60)
        return self

    def __exit__(self, *exc_info) -> None:
        self.go_on.set()
        self.thread.join(60)


def changed_document(example: dict) -> dict:
    """The example with another meeting in its first bloc: the preview inserts a meeting and its attendance,
    pointing at stored rows (the bloc, the agencies)."""
    document = copy.deepcopy(example)
    meeting = copy.deepcopy(document["blocs"][0]["meetings"][0])
    meeting["held_on"] = "2018-01-05"
    meeting["kind"] = "other"
    for key in ("election", "proposals"):
        meeting.pop(key, None)
    document["blocs"][0]["meetings"].append(meeting)
    return document


def test_a_preview_on_a_copy_says_what_a_preview_in_place_says(example, monkeypatch):
    assert import_document(example).ok
    document = changed_document(example)
    with PausedPreview(document, monkeypatch) as preview:
        pass
    meetings = Meeting.objects.count()
    assert preview.report.ok, preview.report.problems
    assert preview.report.created["meetings"] == 1 and preview.report.unchanged["agencies"] == len(example["agencies"])
    assert Meeting.objects.count() == meetings  # nothing of the preview stays


def test_a_save_of_the_same_bloc_goes_through_while_a_preview_is_paused(example, monkeypatch):
    assert import_document(example).ok
    bloc = Bloc.objects.get(code=example["blocs"][0]["code"])
    draft = meeting_create(bloc=bloc, kind=Meeting.Kind.MID_YEAR_REVIEW, year=2017, held_on=datetime.date(2017, 7, 14))
    rows = [
        {"agency": agency, "present": True, "title": "Chánh Văn phòng"} for agency in members_of_year(bloc.pk, 2017)
    ]
    errors: list[BaseException] = []
    with PausedPreview(changed_document(example), monkeypatch):

        def save():
            try:
                # This thread's connection gives up after a short wait for a lock, where a user's would wait
                # its 20 s (SQLite) or for ever (PostgreSQL) and then fail.
                with connection.cursor() as cursor:
                    postgresql = connection.vendor == "postgresql"
                    cursor.execute("SET lock_timeout = '2s'" if postgresql else "PRAGMA busy_timeout = 500")
                attendance_record(meeting=Meeting.objects.get(pk=draft.pk), rows=rows)
            except BaseException as error:  # reported by the test's thread
                errors.append(error)
            finally:
                connections.close_all()

        saver = threading.Thread(target=save)
        saver.start()
        saver.join(30)
    assert not errors, f"the save waited for the preview: {errors}"
    assert set(Attendance.objects.filter(meeting=draft).values_list("title", flat=True)) == {"Chánh Văn phòng"}
