"""Finalizing (a confirmation listing what is missing, then the minutes are queued), reopening (board
staff, with a reason) and "Tạo biên bản" for a finalized meeting without minutes."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from awards.tests.factories import award
from core.tests.html import error_text
from meetings.models import Meeting
from meetings.tests.conftest import client_of
from meetings.tests.factories import complete
from meetings.voting import proposal_create
from records.models import MinutesVersion

pytestmark = pytest.mark.django_db


def url(world, name: str) -> str:
    return reverse(f"meetings:{name}", kwargs={"pk": world.meeting.pk})


def status_url(world) -> str:
    return reverse("meetings:minutes_status", kwargs={"pk": world.meeting.pk, "doc": "bien-ban"})


def _checklist(html: str) -> list[str]:
    """The finalize page's checklist, one text per item."""
    items = html[html.index('id="checklist"') : html.index("</ul>", html.index('id="checklist"'))]
    return [" ".join(re.sub(r"<[^>]+>", " ", part.split(">", 1)[1]).split()) for part in items.split("<li")[1:]]


def _refusal(html: str) -> list[str]:
    """The messages of the form's error box above the checklist (meetings/_form_errors.html)."""
    if 'id="form-errors">' not in html:
        return []
    return re.findall(r"<div>(.*?)</div>", html.split('id="form-errors">', 1)[1].split("\n", 1)[0])


def test_finalizing_without_attendance_is_refused_with_the_reason_beside_the_checklist(world):
    client = client_of(world.people.secretary)
    html = client.get(url(world, "finalize")).content.decode()
    items = _checklist(html)
    assert items[0].startswith("Bắt buộc, còn thiếu: Điểm danh: mỗi đơn vị thành viên được ghi có mặt hoặc vắng mặt")
    assert any(i.startswith("Bắt buộc, còn thiếu: Người chủ trì hội nghị") for i in items)
    assert any(i.startswith("Bắt buộc, còn thiếu: Thư ký hội nghị") for i in items)
    assert any(i.startswith("Nên có, còn thiếu: Xếp hạng thi đua các đơn vị") for i in items)
    assert "Chốt hội nghị và tạo biên bản" not in html
    html = client.post(url(world, "finalize")).content.decode()
    members = len(world.agencies)
    assert _refusal(html) == [
        f"Chưa điểm danh {members}/{members} đơn vị thành viên: ghi mỗi đơn vị có mặt hay vắng mặt.",
        "Chưa ghi người chủ trì hội nghị.",
        "Chưa ghi thư ký hội nghị.",
    ]
    assert 'id="checklist"' in html
    world.meeting.refresh_from_db()
    assert not world.meeting.is_finalized and not MinutesVersion.objects.exists()


def test_one_member_left_unmarked_still_blocks(world):
    complete(world.meeting)
    world.meeting.attendances.filter(agency=world.agencies[-1]).delete()
    html = client_of(world.people.secretary).post(url(world, "finalize")).content.decode()
    members = len(world.agencies)
    assert _refusal(html) == [f"Chưa điểm danh 1/{members} đơn vị thành viên: ghi mỗi đơn vị có mặt hay vắng mặt."]
    world.meeting.refresh_from_db()
    assert not world.meeting.is_finalized


def test_a_pending_proposal_blocks(world):
    complete(world.meeting)
    proposal_create(meeting=world.meeting, nominee=world.agencies[1], award_type=award(world.organizer, "CO_TINH"))
    client = client_of(world.people.secretary)
    html = client.get(url(world, "finalize")).content.decode()
    assert any(
        i.startswith("Bắt buộc, còn thiếu: Mỗi đề nghị khen thưởng có kết quả biểu quyết") for i in _checklist(html)
    )
    html = client.post(url(world, "finalize")).content.decode()
    assert "Còn 1 đề nghị khen thưởng chưa biểu quyết" in html
    world.meeting.refresh_from_db()
    assert not world.meeting.is_finalized and not MinutesVersion.objects.exists()


def test_a_mid_year_review_lists_neither_proposals_nor_election_nor_ranking(world):
    world.meeting.kind = Meeting.Kind.MID_YEAR_REVIEW
    world.meeting.save(update_fields=["kind"])
    client = client_of(world.people.secretary)
    items = " ".join(_checklist(client.get(url(world, "finalize")).content.decode()))
    assert "đề nghị" not in items and "Bầu" not in items and "Xếp hạng" not in items
    html = client.get(reverse("meetings:detail", args=[world.meeting.pk])).content.decode()
    assert 'id="de-nghi"' not in html and 'id="bau"' not in html and 'id="xep-hang"' not in html


def test_finalize_locks_the_meeting_makes_version_1_and_goes_to_the_minutes_status(world):
    complete(world.meeting)
    client = client_of(world.people.secretary)
    assert "Chốt hội nghị và tạo biên bản" in client.get(url(world, "finalize")).content.decode()
    response = client.post(url(world, "finalize"))
    assert response.status_code == 302 and response["Location"] == status_url(world)
    world.meeting.refresh_from_db()
    assert world.meeting.is_finalized
    version = MinutesVersion.objects.get(meeting=world.meeting, document=MinutesVersion.Document.MINUTES)
    assert version.number == 1 and version.status == MinutesVersion.Status.QUEUED
    html = client.get(status_url(world)).content.decode()
    assert 'data-status="queued"' in html and reverse("meetings:detail", args=[world.meeting.pk]) in html
    html = client.get(reverse("meetings:detail", args=[world.meeting.pk])).content.decode()
    assert "Phiên bản 1" in html and url(world, "update") not in html


def test_reopen_needs_a_reason_and_then_the_meeting_is_a_draft_again(world):
    complete(world.meeting)
    client = client_of(world.people.board)
    client.post(url(world, "finalize"))
    html = client.post(url(world, "reopen"), {"reason": "  "}).content.decode()
    assert error_text(html, "id_reason_error") == "Cần ghi rõ lý do mở lại."
    world.meeting.refresh_from_db()
    assert world.meeting.is_finalized
    assert client.post(url(world, "reopen"), {"reason": "Sửa tên người đại diện"}).status_code == 302
    world.meeting.refresh_from_db()
    assert not world.meeting.is_finalized
    assert MinutesVersion.objects.get().reopen_reason == "Sửa tên người đại diện"
    # Finalizing again makes version 2, whose reason is the reopening reason.
    client.post(url(world, "finalize"))
    assert MinutesVersion.objects.get(number=2).reason == "Sửa tên người đại diện"


def test_the_secretary_cannot_reopen(world):
    complete(world.meeting)
    client_of(world.people.secretary).post(url(world, "finalize"))
    response = client_of(world.people.secretary).post(url(world, "reopen"), {"reason": "Muốn sửa"})
    assert response.status_code == 404
    world.meeting.refresh_from_db()
    assert world.meeting.is_finalized


def test_board_staff_make_the_minutes_of_a_finalized_meeting_that_has_none(world):
    Meeting.objects.filter(pk=world.meeting.pk).update(status=Meeting.Status.FINALIZED)
    board = client_of(world.people.board)
    html = board.get(reverse("meetings:detail", args=[world.meeting.pk])).content.decode()
    assert "Tạo biên bản" in html and url(world, "minutes_request") in html
    secretary_html = client_of(world.people.secretary).get(reverse("meetings:detail", args=[world.meeting.pk]))
    assert url(world, "minutes_request") not in secretary_html.content.decode()
    response = board.post(url(world, "minutes_request"))
    assert response.status_code == 302 and response["Location"] == status_url(world)
    assert MinutesVersion.objects.get(meeting=world.meeting).number == 1
    # While that version is queued, a second request is refused.
    response = board.post(url(world, "minutes_request"), follow=True)
    assert "đang được tạo" in response.content.decode()
    assert MinutesVersion.objects.filter(meeting=world.meeting).count() == 1


def test_minutes_cannot_be_requested_for_a_draft(world):
    response = client_of(world.people.board).post(url(world, "minutes_request"), follow=True)
    assert "Hội nghị chưa chốt" in response.content.decode()
    assert not MinutesVersion.objects.exists()
