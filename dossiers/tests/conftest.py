"""A bloc's year-end review of 2017 finalized (the Quảng Ngãi example, records/tests/records.py), its users, and
upload files."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from blocs.models import Leadership
from members.models import User
from members.tests.factories import UserFactory
from records.services import meeting_finalize
from records.tests.records import quang_ngai_2017

PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def pdf_upload(name: str = "Báo cáo thành tích.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def review(db, sent_tasks):
    """The finalized 2017 year-end review (its documents queued, not rendered), with the 2017 chair."""
    meeting = quang_ngai_2017()
    agencies = {a.agency.code: a.agency for a in meeting.attendances.select_related("agency")}
    Leadership.objects.create(bloc=meeting.bloc, year=2017, chair=agencies["VP-HDND"], vice_chair=agencies["BDT"])
    meeting_finalize(meeting=meeting)
    meeting.refresh_from_db()
    meeting.agencies = agencies
    return meeting


@pytest.fixture
def users(review):
    organizer = review.bloc.organizer
    return {
        "board": UserFactory(role=User.Role.BOARD_STAFF, organizer=organizer, email="ban@example.vn"),
        "secretary": UserFactory(organizer=organizer, agency=review.agencies["VP-HDND"], email="thuky@example.vn"),
        "nominee": UserFactory(organizer=organizer, agency=review.agencies["STC"], email="stc@example.vn"),
        "member": UserFactory(organizer=organizer, agency=review.agencies["CT"]),
    }


@pytest.fixture
def sent_tasks(monkeypatch) -> list[int]:
    """The version ids sent to the broker instead of sending them (rendering is the records app's tests)."""
    from records.tasks import render_minutes_version

    sent: list[int] = []
    monkeypatch.setattr(render_minutes_version, "apply_async", lambda args, **options: sent.append(args[0]))
    return sent
