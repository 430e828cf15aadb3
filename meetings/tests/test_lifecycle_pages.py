"""Finalizing (a confirmation listing what is missing, then the minutes are queued), reopening (board
staff, with a reason) and "Tạo biên bản" for a finalized meeting without minutes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from awards.tests.factories import award
from core.tests.html import error_text
from meetings.models import Meeting
from meetings.tests.conftest import client_of
from meetings.voting import proposal_create
from records.models import MinutesVersion

pytestmark = pytest.mark.django_db


def url(world, name: str) -> str:
    return reverse(f"meetings:{name}", kwargs={"pk": world.meeting.pk})


def status_url(world) -> str:
    return reverse("meetings:minutes_status", kwargs={"pk": world.meeting.pk, "doc": "bien-ban"})


def test_the_confirmation_lists_what_is_missing_and_a_pending_proposal_blocks(world):
    proposal_create(meeting=world.meeting, nominee=world.agencies[1], award_type=award(world.organizer, "CO_TINH"))
    client = client_of(world.people.secretary)
    html = client.get(url(world, "finalize")).content.decode()
    assert "chưa có kết quả biểu quyết" in html
    assert "Chưa điểm danh các đơn vị." in html and "Chưa ghi người chủ trì." in html
    assert "Chốt hội nghị và tạo biên bản" not in html
    html = client.post(url(world, "finalize")).content.decode()
    assert "Còn đề nghị khen thưởng chưa biểu quyết" in html
    world.meeting.refresh_from_db()
    assert not world.meeting.is_finalized and not MinutesVersion.objects.exists()


def test_finalize_locks_the_meeting_makes_version_1_and_goes_to_the_minutes_status(world):
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
