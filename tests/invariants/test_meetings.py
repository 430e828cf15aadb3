"""Meetings, their participants and attendance, through meetings.services; the finalized record."""

import datetime

import pytest

from awards.rules import Tally
from awards.tests.factories import award
from core.validation import validate
from meetings.models import Attendance, Meeting, Participant
from meetings.services import attendance_record, leadership_elect, meeting_create, meeting_update, participants_set
from meetings.tests.factories import complete
from meetings.voting import proposal_create, proposal_delete, proposal_record_votes, ranking_record
from members.tests.factories import AgencyFactory, OrganizerFactory, UserFactory
from records.services import meeting_finalize, meeting_reopen
from tests.invariants import (
    NON_FIELD,
    YEAR_END,
    board_staff,
    denied,
    finalized_meeting_with_proposal,
    member,
    outsider,
    refused,
)

pytestmark = pytest.mark.django_db

FINALIZED = "Hội nghị đã chốt biên bản; cần được Ban Thi đua - Khen thưởng mở lại để sửa."
HELD_ON = datetime.date(2018, 1, 4)


def test_second_meeting_of_the_same_kind_on_the_same_day_is_refused(bloc_11):
    bloc, _ = bloc_11
    meeting_create(bloc=bloc, kind=YEAR_END, year=2017, held_on=HELD_ON)

    with refused("Khối đã có một hội nghị cùng loại vào ngày này.", field=NON_FIELD):
        meeting_create(bloc=bloc, kind=YEAR_END, year=2017, held_on=HELD_ON, title="Hội nghị tổng kết (lần 2)")


def test_meetings_of_different_kinds_on_the_same_day_are_accepted(bloc_11):
    bloc, _ = bloc_11
    meeting_create(bloc=bloc, kind=YEAR_END, year=2017, held_on=HELD_ON)

    meeting_create(bloc=bloc, kind=Meeting.Kind.PLEDGE_SIGNING, year=2018, held_on=HELD_ON)

    assert Meeting.objects.filter(bloc=bloc, held_on=HELD_ON).count() == 2


def test_moving_a_meeting_onto_the_day_of_another_of_its_kind_is_refused(bloc_11):
    bloc, _ = bloc_11
    meeting_create(bloc=bloc, kind=YEAR_END, year=2017, held_on=HELD_ON)
    second = meeting_create(bloc=bloc, kind=YEAR_END, year=2017, held_on=datetime.date(2018, 1, 5))

    with refused("Khối đã có một hội nghị cùng loại vào ngày này.", field=NON_FIELD):
        meeting_update(meeting=second, held_on=HELD_ON)


def test_meeting_ending_before_it_starts_is_refused(bloc_11):
    bloc, _ = bloc_11

    with refused("Giờ kết thúc không được trước giờ bắt đầu.", field="end_time"):
        meeting_create(
            bloc=bloc, kind=YEAR_END, year=2017, held_on=HELD_ON,
            start_time=datetime.time(14, 0), end_time=datetime.time(8, 30),
        )  # fmt: skip


def test_meeting_ending_when_it_starts_is_accepted(bloc_11):
    bloc, _ = bloc_11

    meeting = meeting_create(
        bloc=bloc, kind=YEAR_END, year=2017, held_on=HELD_ON,
        start_time=datetime.time(8, 0), end_time=datetime.time(8, 0),
    )  # fmt: skip

    assert meeting.pk is not None


@pytest.mark.parametrize("held_on", [datetime.date(2015, 12, 31), datetime.date(2019, 1, 1)])
def test_meeting_held_outside_its_year_and_the_neighbouring_ones_is_refused(bloc_11, held_on):
    bloc, _ = bloc_11

    with refused("Ngày họp phải nằm trong năm thi đua 2017 hoặc năm liền kề.", field="held_on"):
        meeting_create(bloc=bloc, kind=YEAR_END, year=2017, held_on=held_on)


@pytest.mark.parametrize("held_on", [datetime.date(2016, 1, 1), datetime.date(2018, 12, 31)])
def test_meeting_held_in_a_neighbouring_year_is_accepted(bloc_11, held_on):
    bloc, _ = bloc_11

    meeting = meeting_create(bloc=bloc, kind=YEAR_END, year=2017, held_on=held_on)

    assert meeting.held_on == held_on


def test_host_of_another_province_is_refused(bloc_11):
    bloc, _ = bloc_11
    elsewhere = AgencyFactory(organizer=OrganizerFactory())

    with refused("Đơn vị đăng cai phải thuộc cùng tỉnh với khối.", field="host"):
        meeting_create(bloc=bloc, kind=YEAR_END, year=2017, held_on=HELD_ON, host=elsewhere)


def test_save_over_a_newer_version_is_refused_as_stale(bloc_11):
    bloc, _ = bloc_11
    meeting = meeting_create(bloc=bloc, kind=YEAR_END, year=2017, held_on=HELD_ON)
    opened_by_other_secretary = Meeting.objects.get(pk=meeting.pk)
    meeting_update(meeting=meeting, expected_version=meeting.version, venue="Hội trường Văn phòng UBND tỉnh")

    with refused("Hội nghị đã được người khác sửa trong lúc bạn đang nhập; chưa lưu gì của bạn.", code="stale"):
        meeting_update(
            meeting=opened_by_other_secretary,
            expected_version=opened_by_other_secretary.version,
            venue="Hội trường Sở Tài chính",
        )


def test_save_with_the_current_version_is_accepted_and_bumps_it(bloc_11):
    bloc, _ = bloc_11
    meeting = meeting_create(bloc=bloc, kind=YEAR_END, year=2017, held_on=HELD_ON)

    meeting_update(meeting=meeting, expected_version=1, venue="Hội trường Văn phòng UBND tỉnh")

    assert Meeting.objects.values_list("version", "venue").get(pk=meeting.pk) == (2, "Hội trường Văn phòng UBND tỉnh")


# The finalized record

FINALIZED_CHANGES = [
    pytest.param(lambda m, p, a: attendance_record(meeting=m, rows=[{"agency": a[0]}]), id="attendance_record"),
    pytest.param(lambda m, p, a: meeting_update(meeting=m, venue="Hội trường"), id="meeting_update"),
    pytest.param(
        lambda m, p, a: proposal_create(
            meeting=m, nominee=a[1], award_type=award(m.bloc.organizer, "BK_TINH"), tally=Tally(9)
        ),
        id="proposal_create",
    ),
    pytest.param(lambda m, p, a: proposal_record_votes(proposal=p, tally=Tally(5, 6)), id="proposal_record_votes"),
    pytest.param(lambda m, p, a: proposal_delete(proposal=p), id="proposal_delete"),
    pytest.param(lambda m, p, a: leadership_elect(meeting=m, chair=a[0], vice_chair=a[1]), id="leadership_elect"),
    pytest.param(lambda m, p, a: ranking_record(meeting=m, ranks={a[0].pk: 1, a[1].pk: 2}), id="ranking_record"),
    pytest.param(
        lambda m, p, a: participants_set(meeting=m, secretary={"name": "Nguyễn Thị Thư"}), id="participants_set"
    ),
    pytest.param(lambda m, p, a: meeting_finalize(meeting=m), id="meeting_finalize"),
]


@pytest.mark.parametrize("change", FINALIZED_CHANGES)
def test_finalized_meeting_refuses_changes(bloc_11, change):
    bloc, agencies = bloc_11
    meeting, proposal = finalized_meeting_with_proposal(bloc, agencies)

    with refused(FINALIZED):
        change(meeting, proposal, agencies)


@pytest.mark.parametrize("change", FINALIZED_CHANGES)
def test_finalized_meeting_refuses_changes_through_a_fresh_copy_too(bloc_11, change):
    bloc, agencies = bloc_11
    meeting, proposal = finalized_meeting_with_proposal(bloc, agencies)
    meeting.refresh_from_db()
    proposal = type(proposal).objects.select_related("meeting").get(pk=proposal.pk)

    with refused(FINALIZED):
        change(meeting, proposal, agencies)


def test_meeting_with_a_proposal_not_yet_voted_cannot_be_finalized(bloc_11):
    bloc, agencies = bloc_11
    meeting = meeting_create(bloc=bloc, kind=YEAR_END, year=2017, held_on=HELD_ON)
    proposal_create(meeting=meeting, nominee=agencies[0], award_type=award(bloc.organizer, "BK_TINH"))
    complete(meeting)

    with refused("Còn 1 đề nghị khen thưởng chưa biểu quyết"):
        meeting_finalize(meeting=meeting)


def test_meeting_without_attendance_presiding_person_or_secretary_cannot_be_finalized(bloc_11):
    bloc, _agencies = bloc_11
    meeting = meeting_create(bloc=bloc, kind=YEAR_END, year=2017, held_on=HELD_ON)

    with refused("Chưa điểm danh 11/11 đơn vị thành viên"):
        meeting_finalize(meeting=meeting)
    meeting.refresh_from_db()
    assert not meeting.is_finalized


def test_agency_user_cannot_reopen_a_finalized_meeting(bloc_11):
    bloc, agencies = bloc_11
    meeting, _ = finalized_meeting_with_proposal(bloc, agencies)
    secretary = UserFactory(agency=agencies[0], organizer=bloc.organizer)

    with denied("Chỉ cán bộ Ban Thi đua - Khen thưởng được mở lại hội nghị đã chốt."):
        meeting_reopen(meeting=meeting, reason="Sửa số phiếu", by=secretary)


def test_board_staff_of_another_province_cannot_reopen_a_finalized_meeting(bloc_11):
    bloc, agencies = bloc_11
    meeting, _ = finalized_meeting_with_proposal(bloc, agencies)
    foreign_staff = board_staff(OrganizerFactory())

    with denied("Chỉ cán bộ Ban Thi đua - Khen thưởng được mở lại hội nghị đã chốt."):
        meeting_reopen(meeting=meeting, reason="Sửa số phiếu", by=foreign_staff)


@pytest.mark.parametrize("reason", ["", "   "])
def test_reopening_without_a_reason_is_refused(bloc_11, reason):
    bloc, agencies = bloc_11
    meeting, _ = finalized_meeting_with_proposal(bloc, agencies)
    staff = board_staff(bloc.organizer)

    with refused("Cần ghi rõ lý do mở lại.", field="reason"):
        meeting_reopen(meeting=meeting, reason=reason, by=staff)


def test_reopening_a_draft_meeting_is_refused(bloc_11):
    bloc, _ = bloc_11
    meeting = meeting_create(bloc=bloc, kind=YEAR_END, year=2017, held_on=HELD_ON)
    staff = board_staff(bloc.organizer)

    with refused("Hội nghị chưa chốt nên không cần mở lại."):
        meeting_reopen(meeting=meeting, reason="Sửa số phiếu", by=staff)


def test_board_staff_reopening_with_a_reason_makes_the_meeting_editable_again(bloc_11):
    bloc, agencies = bloc_11
    meeting, proposal = finalized_meeting_with_proposal(bloc, agencies)

    meeting_reopen(meeting=meeting, reason="Sửa số phiếu theo biên bản gốc", by=board_staff(bloc.organizer))
    proposal_record_votes(proposal=proposal, tally=Tally(8, 2))

    meeting.refresh_from_db()
    proposal.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT
    assert (proposal.votes_for, proposal.votes_against) == (8, 2)


# Participants


def test_second_secretary_of_a_meeting_is_refused(bloc_11):
    bloc, _ = bloc_11
    meeting = meeting_create(bloc=bloc, kind=YEAR_END, year=2017, held_on=HELD_ON)
    participants_set(
        meeting=meeting, presiding=[{"name": "Trần Văn Chủ", "title": "Chánh Văn phòng"}], secretary={"name": "Lê Thư"}
    )

    with refused("Mỗi hội nghị chỉ có một thư ký.", field=NON_FIELD):
        validate(Participant(meeting=meeting, role=Participant.Role.SECRETARY, name="Phạm Thư Hai"))


def test_setting_the_participants_again_replaces_the_secretary(bloc_11):
    bloc, _ = bloc_11
    meeting = meeting_create(bloc=bloc, kind=YEAR_END, year=2017, held_on=HELD_ON)
    participants_set(meeting=meeting, secretary={"name": "Lê Thư"})

    participants_set(meeting=meeting, secretary={"name": "Phạm Thư Hai"})

    assert list(meeting.participants.values_list("role", "name")) == [("secretary", "Phạm Thư Hai")]


def test_participant_without_a_name_is_refused_unless_a_guest_group_of_an_organization(bloc_11):
    bloc, _ = bloc_11
    meeting = meeting_create(bloc=bloc, kind=YEAR_END, year=2017, held_on=HELD_ON)

    with refused("Họ và tên không được để trống.", field="name"):
        participants_set(meeting=meeting, presiding=[{"name": "  ", "organization": "Sở Nội vụ"}])
    with refused("Khách mời là tập thể: cần ghi cơ quan, tổ chức", field="organization"):
        participants_set(meeting=meeting, guests=[{"name": "  ", "title": "Lãnh đạo"}])
    participants_set(meeting=meeting, guests=[{"name": "", "title": "Lãnh đạo", "organization": "Sở Nội vụ"}])
    assert meeting.participants.get().display_name == "Lãnh đạo Sở Nội vụ"


# Attendance


def test_attendance_of_an_agency_that_is_not_a_member_is_refused(bloc_11):
    bloc, agencies = bloc_11
    meeting = meeting_create(bloc=bloc, kind=YEAR_END, year=2017, held_on=HELD_ON)
    stranger = outsider(bloc)

    with refused("không phải là thành viên của khối trong năm 2017."):
        attendance_record(meeting=meeting, rows=[{"agency": agencies[0]}, {"agency": stranger}])


def test_attendance_of_an_agency_member_only_in_other_years_is_refused(bloc_11):
    bloc, _ = bloc_11
    meeting = meeting_create(bloc=bloc, kind=YEAR_END, year=2017, held_on=HELD_ON)
    former = outsider(bloc)
    member(bloc, former, 2012, 2016)

    with refused("không phải là thành viên của khối trong năm 2017."):
        attendance_record(meeting=meeting, rows=[{"agency": former.pk, "present": False}])


def test_agency_listed_twice_in_the_attendance_is_refused_and_the_previous_list_kept(bloc_11):
    bloc, agencies = bloc_11
    meeting = meeting_create(bloc=bloc, kind=YEAR_END, year=2017, held_on=HELD_ON)
    attendance_record(meeting=meeting, rows=[{"agency": a} for a in agencies])

    with refused("Một đơn vị được điểm danh hai lần."):
        attendance_record(
            meeting=meeting,
            rows=[{"agency": agencies[0]}, {"agency": agencies[1]}, {"agency": agencies[0].pk, "present": False}],
        )

    assert Attendance.objects.filter(meeting=meeting, present=True).count() == 11
