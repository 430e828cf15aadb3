"""A meeting of the past imported without attendance: its minutes, asked for afterwards, print what is known
and count nobody present or absent (issue 15's acceptance)."""

from __future__ import annotations

import re

import pytest

from imports.importer import import_document
from meetings.models import Meeting
from members.models import Organizer, User
from members.tests.factories import UserFactory
from records.rendering import render_html
from records.services import minutes_version_request

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_an_imported_meeting_without_attendance_prints_no_count_and_no_absentees(example):
    """The acceptance case: a past meeting imported without attendance, its minutes asked for afterwards."""
    for bloc in example["blocs"]:
        for meeting in bloc["meetings"]:
            meeting.pop("attendance", None)
    report = import_document(example)
    assert report.ok, report.problems
    meeting = Meeting.objects.filter(bloc__code="TMTH", kind=Meeting.Kind.YEAR_END_REVIEW).first()
    assert meeting.is_finalized and not meeting.attendances.exists()
    board = UserFactory(role=User.Role.BOARD_STAFF, organizer=Organizer.objects.get(code="QNG"))
    (version,) = [v for v in minutes_version_request(meeting=meeting, by=board) if v.document == "minutes"]
    text = _text(render_html(version.snapshot))
    members = len(example["blocs"][0]["memberships"])
    assert f"{members}/{members} cơ quan" not in text and "Đại diện lãnh đạo" not in text
    assert "Vắng mặt" not in text and "không có." not in text
    assert f"Các cơ quan, đơn vị thành viên Khối ({members} đơn vị):" in text
    assert "Biên bản không có số liệu điểm danh." in text
