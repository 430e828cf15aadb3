"""The minutes say only what was recorded: no member counted present who was not recorded present, the pledge
signed at a signing meeting with its criteria and signatories, a chair elected alone, a guest that is a group,
and a draft that shows as a draft."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from blocs.tests.factories import bloc_people, bloc_with_members
from meetings.models import Attendance, Meeting, Participant
from meetings.services import leadership_elect
from meetings.tests.conftest import client_of
from meetings.tests.factories import MeetingFactory, complete
from pledges.services import pledge_create, signature_record
from records.contexts.common import keep_last_words
from records.models import MinutesVersion
from records.rendering import render_html
from records.services import meeting_finalize
from records.snapshot import draft_snapshot

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_partial_attendance_names_the_members_with_no_record():
    bloc, agencies = bloc_with_members(4)
    meeting = MeetingFactory(bloc=bloc)
    Attendance.objects.create(meeting=meeting, agency=agencies[0], present=True, representative="Lê Văn A")
    Attendance.objects.create(meeting=meeting, agency=agencies[1], present=False)
    meeting_finalize(meeting=meeting, history=True)
    text = _text(render_html(MinutesVersion.objects.get(meeting=meeting).snapshot))
    assert "Đại diện lãnh đạo 1 cơ quan, đơn vị thành viên Khối có mặt:" in text and "1/4" not in text
    assert f"Vắng mặt: {agencies[1].name}." in text
    assert f"Không có số liệu điểm danh của: {agencies[2].name}, {agencies[3].name}." in text


def test_full_attendance_counts_and_lists_the_absent():
    bloc, agencies = bloc_with_members(3)
    meeting = complete(MeetingFactory(bloc=bloc))
    Attendance.objects.filter(meeting=meeting, agency=agencies[2]).update(present=False)
    meeting_finalize(meeting=meeting)
    text = _text(render_html(MinutesVersion.objects.get(meeting=meeting).snapshot))
    assert "Đại diện lãnh đạo 2/3 cơ quan, đơn vị thành viên Khối:" in text
    assert f"Vắng mặt: {agencies[2].name}." in text and "số liệu điểm danh" not in text


def test_pledge_signing_minutes_carry_the_criteria_the_points_and_who_signed(organizer):
    bloc, agencies = bloc_with_members(3, organizer=organizer, year=2018)
    pledge = pledge_create(
        bloc=bloc,
        year=2018,
        criteria=[
            {"code": "1", "title": "Thực hiện nhiệm vụ chính trị", "max_points": Decimal("60")},
            {"code": "2", "title": "Công tác thi đua, khen thưởng", "max_points": Decimal("40")},
        ],
    )
    for agency, signer in zip(agencies, ["Nguyễn Văn Một", "Trần Thị Hai", "Lê Văn Ba"], strict=True):
        signature_record(pledge=pledge, agency=agency, signer=signer, title="Giám đốc")
    meeting = complete(
        MeetingFactory(bloc=bloc, kind=Meeting.Kind.PLEDGE_SIGNING, year=2018, held_on=datetime.date(2018, 2, 2))
    )
    meeting_finalize(meeting=meeting)
    text = _text(render_html(MinutesVersion.objects.get(meeting=meeting, document="minutes").snapshot))
    assert "Ký kết giao ước thi đua năm 2018" in text
    assert "Thực hiện nhiệm vụ chính trị 60" in text and "Công tác thi đua, khen thưởng 40" in text
    assert "Tổng cộng 100" in text
    for agency, signer in zip(agencies, ["Nguyễn Văn Một", "Trần Thị Hai", "Lê Văn Ba"], strict=True):
        assert f"{agency.name} {signer} Giám đốc" in text


def test_a_pledge_signing_meeting_without_criteria_cannot_be_finalized(organizer):
    bloc, _agencies = bloc_with_members(3, organizer=organizer, year=2018)
    meeting = complete(
        MeetingFactory(bloc=bloc, kind=Meeting.Kind.PLEDGE_SIGNING, year=2018, held_on=datetime.date(2018, 2, 2))
    )
    with pytest.raises(Exception, match="chưa có tiêu chí"):
        meeting_finalize(meeting=meeting)
    meeting.refresh_from_db()
    assert not meeting.is_finalized


def test_a_chair_elected_alone_is_printed_alone(organizer):
    bloc, agencies = bloc_with_members(3, organizer=organizer)
    meeting = complete(MeetingFactory(bloc=bloc))
    leadership_elect(meeting=meeting, chair=agencies[0], vice_chair=None)
    meeting_finalize(meeting=meeting)
    text = _text(render_html(MinutesVersion.objects.get(meeting=meeting).snapshot))
    assert f"Hội nghị thống nhất bầu {agencies[0].name} làm Trưởng khối năm 2018." in text
    assert "Phó Trưởng khối" not in text


def test_a_guest_group_prints_as_one_phrase():
    bloc, _agencies = bloc_with_members(2)
    meeting = complete(MeetingFactory(bloc=bloc))
    Participant.objects.create(
        meeting=meeting, role=Participant.Role.GUEST, title="Lãnh đạo", organization="Ban Thi đua - Khen thưởng tỉnh"
    )
    meeting_finalize(meeting=meeting)
    text = _text(render_html(MinutesVersion.objects.get(meeting=meeting).snapshot))
    assert "Khách mời: Lãnh đạo Ban Thi đua - Khen thưởng tỉnh." in text


def test_the_draft_preview_has_the_watermark_and_no_number(organizer):
    bloc, agencies = bloc_with_members(3, organizer=organizer, symbol="KTĐ-KTKT")
    people = bloc_people(bloc, agencies, years=(2017,))
    meeting = MeetingFactory(bloc=bloc)
    html = client_of(people.secretary).get(reverse("meetings:minutes_preview", args=[meeting.pk])).content.decode()
    assert 'class="draft"' in html and "DỰ THẢO" in html and "Số: ……/BB-KTĐ-KTKT" in html
    assert not MinutesVersion.objects.exists()
    assert draft_snapshot(meeting)["minutes_number"] == ""


def test_the_left_header_never_leaves_one_word_alone():
    assert keep_last_words("KHỐI THI ĐUA CÁC CƠ QUAN THAM MƯU - TỔNG HỢP").endswith("TỔNG\u00a0HỢP")
    assert keep_last_words("UBND TỈNH") == "UBND TỈNH"
