"""Proposals and their votes, quotas, rankings, decisions and award types, through awards.services."""

import datetime

import pytest

from awards.models import AwardType
from awards.rules import Tally
from awards.tests.factories import award
from blocs.tests.factories import bloc_with_members
from core.validation import validate
from decisions.models import Decision, DecisionAward
from decisions.services import decision_award, decision_create
from meetings.models import Ballot, Meeting, Proposal, Ranking
from meetings.services import attendance_record, meeting_create, meeting_update
from meetings.tests.factories import finalized
from meetings.voting import proposal_create, proposal_record_votes, ranking_record
from members.tests.factories import OrganizerFactory
from tests.invariants import NON_FIELD, member, outsider, refused, year_end_meeting

pytestmark = pytest.mark.django_db

TOO_MANY_VOTES = "vượt quá số đơn vị được biểu quyết"
SIGNED_ON = datetime.date(2018, 3, 1)


@pytest.fixture
def meeting_11(bloc_11):
    """The 2017 year-end meeting of the 11-member bloc: (meeting, agencies)."""
    bloc, agencies = bloc_11
    return year_end_meeting(bloc), agencies


def present(meeting, agencies, absent=()):
    """Take attendance: every agency present except those in ``absent``."""
    attendance_record(meeting=meeting, rows=[{"agency": a, "present": a not in absent} for a in agencies])


def propose(meeting, nominee, code, **votes):
    return proposal_create(meeting=meeting, nominee=nominee, award_type=award(meeting.bloc.organizer, code), **votes)


# Who may be proposed, and how often


def test_nominee_that_is_not_a_member_that_year_is_refused(meeting_11):
    meeting, _ = meeting_11
    joining_later = outsider(meeting.bloc)
    member(meeting.bloc, joining_later, 2018)

    with refused("không phải là thành viên của khối trong năm 2017.", field="nominee"):
        propose(meeting, joining_later, "CO_TINH", tally=Tally(11))


def test_award_type_of_another_province_is_refused(meeting_11):
    meeting, agencies = meeting_11
    foreign_flag = award(OrganizerFactory(), "CO_TINH")

    with refused("Hình thức khen thưởng không thuộc tỉnh của khối.", field="award_type"):
        proposal_create(meeting=meeting, nominee=agencies[0], award_type=foreign_flag, tally=Tally(11))


def test_same_award_proposed_twice_for_a_nominee_in_one_meeting_is_refused(meeting_11):
    meeting, agencies = meeting_11
    propose(meeting, agencies[0], "BK_TINH", tally=Tally(8))

    with refused("đã được đề nghị Bằng khen của Chủ tịch UBND tỉnh trong năm 2017.", field="nominee"):
        propose(meeting, agencies[0], "BK_TINH", tally=Tally(9))


def test_same_award_proposed_again_at_another_meeting_of_the_same_year_is_refused(meeting_11):
    meeting, agencies = meeting_11
    propose(meeting, agencies[0], "BK_TINH", tally=Tally(8))
    extra = meeting_create(bloc=meeting.bloc, kind=Meeting.Kind.OTHER, year=2017, held_on=datetime.date(2018, 1, 20))

    with refused("đã được đề nghị Bằng khen của Chủ tịch UBND tỉnh trong năm 2017.", field="nominee"):
        propose(extra, agencies[0], "BK_TINH", tally=Tally(9))


def test_same_award_for_the_same_nominee_in_the_next_year_is_accepted(meeting_11):
    meeting, agencies = meeting_11
    propose(meeting, agencies[0], "BK_TINH", tally=Tally(8))

    propose(year_end_meeting(meeting.bloc, 2018), agencies[0], "BK_TINH", tally=Tally(8))

    assert Proposal.objects.filter(nominee=agencies[0]).count() == 2


def test_moving_a_meeting_with_proposals_to_another_year_is_refused(meeting_11):
    """Otherwise its proposals would keep the old year and escape the one-per-year rule and the quotas."""
    meeting, agencies = meeting_11
    propose(year_end_meeting(meeting.bloc, 2018), agencies[0], "BK_TINH", tally=Tally(8))
    propose(meeting, agencies[0], "BK_TINH", tally=Tally(8))

    with refused("hãy xoá chúng trước khi đổi năm thi đua.", field="year"):
        meeting_update(meeting=meeting, year=2018, held_on=datetime.date(2018, 12, 28))


def test_moving_a_meeting_without_records_to_another_year_is_accepted(meeting_11):
    meeting, _ = meeting_11

    meeting_update(meeting=meeting, year=2018, held_on=datetime.date(2018, 12, 28))

    assert Meeting.objects.get(pk=meeting.pk).year == 2018


# Votes


def test_tally_with_more_votes_than_members_is_refused(meeting_11):
    meeting, agencies = meeting_11

    with refused("Tổng số phiếu (12) vượt quá số đơn vị được biểu quyết (11)."):
        propose(meeting, agencies[0], "CO_TINH", tally=Tally(10, 1, 1))


def test_tally_with_more_votes_than_agencies_present_is_refused(meeting_11):
    meeting, agencies = meeting_11
    present(meeting, agencies, absent=agencies[9:])

    with refused("Tổng số phiếu (10) vượt quá số đơn vị được biểu quyết (9)."):
        propose(meeting, agencies[0], "CO_TINH", tally=Tally(10))


def test_tally_of_every_agency_present_is_accepted(meeting_11):
    meeting, agencies = meeting_11
    present(meeting, agencies, absent=agencies[9:])

    proposal = propose(meeting, agencies[0], "CO_TINH", tally=Tally(7, 1, 1))

    assert (proposal.votes_for, proposal.votes_against, proposal.votes_abstain) == (7, 1, 1)


def test_recording_a_tally_above_the_voters_on_an_existing_proposal_is_refused(meeting_11):
    meeting, agencies = meeting_11
    proposal = propose(meeting, agencies[0], "CO_TINH", tally=Tally(8))

    with refused(TOO_MANY_VOTES):
        proposal_record_votes(proposal=proposal, tally=Tally(8, 4))

    assert Proposal.objects.values_list("votes_for", "votes_against").get(pk=proposal.pk) == (8, 0)


def test_ballot_of_an_agency_that_is_not_a_member_is_refused(meeting_11):
    meeting, agencies = meeting_11
    stranger = outsider(meeting.bloc)
    ballots = {a.pk: "for" for a in agencies[:6]} | {stranger.pk: "for"}

    with refused("không phải là thành viên của khối trong năm này nên không được biểu quyết."):
        propose(meeting, agencies[0], "CO_TINH", ballots=ballots)


def test_ballot_of_an_absent_agency_is_refused(meeting_11):
    meeting, agencies = meeting_11
    present(meeting, agencies, absent=[agencies[10]])
    ballots = {a.pk: "for" for a in agencies}

    with refused(f"{agencies[10]} vắng mặt nên không được biểu quyết."):
        propose(meeting, agencies[0], "CO_TINH", ballots=ballots)


def test_ballot_of_an_unknown_agency_is_refused(meeting_11):
    meeting, agencies = meeting_11

    with refused("Có phiếu của đơn vị không tồn tại."):
        propose(meeting, agencies[0], "CO_TINH", ballots={agencies[1].pk: "for", 987654: "for"})


def test_ballot_with_an_unknown_vote_is_refused(meeting_11):
    meeting, agencies = meeting_11

    with refused("Phiếu không hợp lệ: maybe."):
        propose(meeting, agencies[0], "CO_TINH", ballots={agencies[1].pk: "for", agencies[2].pk: "maybe"})


def test_tally_disagreeing_with_the_ballots_is_refused(meeting_11):
    meeting, agencies = meeting_11
    ballots = {a.pk: "for" for a in agencies[:7]} | {a.pk: "against" for a in agencies[7:]}

    with refused("không khớp với phiếu của từng đơn vị (7 đồng ý, 4 không đồng ý, 0 không biểu quyết)."):
        propose(meeting, agencies[0], "CO_TINH", tally=Tally(8, 3), ballots=ballots)


def test_tally_agreeing_with_the_ballots_is_accepted_with_one_ballot_per_agency(meeting_11):
    meeting, agencies = meeting_11
    ballots = {a.pk: "for" for a in agencies[:7]} | {a.pk: "against" for a in agencies[7:]}

    proposal = propose(meeting, agencies[0], "CO_TINH", tally=Tally(7, 4), ballots=ballots)

    assert proposal.outcome == Proposal.Outcome.PASSED
    assert Ballot.objects.filter(proposal=proposal).count() == 11


def test_recording_ballots_again_replaces_them(meeting_11):
    meeting, agencies = meeting_11
    proposal = propose(meeting, agencies[0], "CO_TINH", ballots={a.pk: "for" for a in agencies})

    proposal_record_votes(proposal=proposal, ballots={a.pk: "against" for a in agencies[:3]})

    assert sorted(Ballot.objects.filter(proposal=proposal).values_list("vote", flat=True)) == ["against"] * 3
    assert Proposal.objects.get(pk=proposal.pk).outcome == Proposal.Outcome.FAILED


# Outcomes


def test_members_basis_counts_absent_members(meeting_11):
    meeting, agencies = meeting_11
    present(meeting, agencies, absent=agencies[9:])

    proposal = propose(meeting, agencies[0], "CO_TINH", tally=Tally(5, 4))  # 5/11

    assert proposal.outcome == Proposal.Outcome.FAILED
    assert "5/11 tổng số thành viên" in proposal.outcome_reason


def test_present_basis_counts_only_agencies_present(meeting_11):
    meeting, agencies = meeting_11
    present(meeting, agencies, absent=agencies[9:])

    proposal = propose(meeting, agencies[0], "BK_TINH", tally=Tally(5, 4))  # 5/9

    assert proposal.outcome == Proposal.Outcome.PASSED
    assert "5/9 số đơn vị có mặt" in proposal.outcome_reason


def test_taking_attendance_recomputes_outcomes_on_the_present_basis(meeting_11):
    meeting, agencies = meeting_11
    proposal = propose(meeting, agencies[0], "BK_TINH", tally=Tally(5))
    assert proposal.outcome == Proposal.Outcome.FAILED  # 5/11 before attendance is taken

    present(meeting, agencies, absent=agencies[8:])

    assert Proposal.objects.get(pk=proposal.pk).outcome == Proposal.Outcome.PASSED  # 5/8


def test_proposal_without_votes_is_pending(meeting_11):
    meeting, agencies = meeting_11

    proposal = propose(meeting, agencies[0], "BK_TINH")

    assert proposal.outcome == Proposal.Outcome.PENDING


def test_attendance_that_leaves_fewer_voters_than_a_recorded_tally_is_refused(meeting_11):
    meeting, agencies = meeting_11
    present(meeting, agencies)
    propose(meeting, agencies[0], "CO_TINH", tally=Tally(10))

    with refused("Tổng số phiếu (10) vượt quá số đơn vị được biểu quyết (9)."):
        present(meeting, agencies, absent=agencies[9:])

    assert meeting.attendances.filter(present=True).count() == 11


def test_attendance_marking_a_voter_absent_is_refused(meeting_11):
    meeting, agencies = meeting_11
    propose(meeting, agencies[0], "CO_TINH", ballots={a.pk: "for" for a in agencies[:7]})

    with refused(f"{agencies[6]} vắng mặt nên không được biểu quyết."):
        present(meeting, agencies, absent=[agencies[6]])


# Quotas


def test_second_passing_government_flag_in_a_bloc_year_is_refused(meeting_11):
    meeting, agencies = meeting_11
    propose(meeting, agencies[0], "CO_CP", tally=Tally(11))

    with refused("Vượt chỉ tiêu: 2 đề nghị Cờ thi đua của Chính phủ đạt trong năm 2017, chỉ tiêu của khối là 1."):
        propose(meeting, agencies[1], "CO_CP", tally=Tally(10, 1))


def test_second_government_flag_proposal_that_fails_is_accepted(meeting_11):
    meeting, agencies = meeting_11
    propose(meeting, agencies[0], "CO_CP", tally=Tally(11))

    failing = propose(meeting, agencies[1], "CO_CP", tally=Tally(3, 8))

    assert failing.outcome == Proposal.Outcome.FAILED


def test_quota_counts_proposals_of_every_meeting_of_the_year(meeting_11):
    meeting, agencies = meeting_11
    propose(meeting, agencies[0], "CO_CP", tally=Tally(11))
    extra = meeting_create(bloc=meeting.bloc, kind=Meeting.Kind.OTHER, year=2017, held_on=datetime.date(2018, 2, 1))

    with refused("Vượt chỉ tiêu"):
        propose(extra, agencies[1], "CO_CP", tally=Tally(11))


def test_revote_that_would_pass_a_proposal_over_the_quota_is_refused(meeting_11):
    meeting, agencies = meeting_11
    propose(meeting, agencies[0], "CO_CP", tally=Tally(11))
    failing = propose(meeting, agencies[1], "CO_CP", tally=Tally(3, 8))

    with refused("Vượt chỉ tiêu"):
        proposal_record_votes(proposal=failing, tally=Tally(9, 2))


def test_provincial_flag_quota_set_to_two_allows_two(meeting_11):
    meeting, agencies = meeting_11
    AwardType.objects.filter(organizer=meeting.bloc.organizer, code="CO_TINH").update(quota_per_bloc=2)
    propose(meeting, agencies[0], "CO_TINH", tally=Tally(11))
    propose(meeting, agencies[1], "CO_TINH", tally=Tally(11))

    with refused("chỉ tiêu của khối là 2."):
        propose(meeting, agencies[2], "CO_TINH", tally=Tally(11))


def test_quota_is_per_bloc(meeting_11):
    meeting, agencies = meeting_11
    propose(meeting, agencies[0], "CO_CP", tally=Tally(11))
    other_bloc, others = bloc_with_members(8, organizer=meeting.bloc.organizer)

    proposal = propose(year_end_meeting(other_bloc), others[0], "CO_CP", tally=Tally(8))

    assert proposal.outcome == Proposal.Outcome.PASSED


# Rankings


def test_ranking_of_an_agency_that_is_not_a_member_is_refused(meeting_11):
    meeting, agencies = meeting_11
    stranger = outsider(meeting.bloc)

    with refused("không phải là thành viên của khối trong năm 2017."):
        ranking_record(meeting=meeting, ranks={agencies[0].pk: 1, stranger.pk: 2})


@pytest.mark.parametrize("rank", [0, -1])
def test_rank_below_one_is_refused(meeting_11, rank):
    meeting, agencies = meeting_11

    with refused(f"Thứ hạng của {agencies[1]} phải từ 1 trở lên."):
        ranking_record(meeting=meeting, ranks={agencies[0].pk: 1, agencies[1].pk: rank})


def test_ranking_again_replaces_the_ranking(meeting_11):
    meeting, agencies = meeting_11
    ranking_record(meeting=meeting, ranks={a.pk: i for i, a in enumerate(agencies, start=1)})

    ranking_record(meeting=meeting, ranks={agencies[1].pk: 1, agencies[0].pk: 2})

    assert list(Ranking.objects.filter(meeting=meeting).values_list("agency", "rank")) == [
        (agencies[1].pk, 1),
        (agencies[0].pk, 2),
    ]


# Decisions


def test_decision_awarding_a_failed_proposal_is_refused(meeting_11):
    meeting, agencies = meeting_11
    failed = propose(meeting, agencies[0], "BK_TINH", tally=Tally(4, 7))

    with refused("Chỉ khen thưởng đề nghị đã được biểu quyết đạt.", field="proposal"):
        decision_create(organizer=meeting.bloc.organizer, number="12/QĐ-UBND", signed_on=SIGNED_ON, proposals=[failed])


def test_decision_awarding_a_pending_proposal_is_refused(meeting_11):
    meeting, agencies = meeting_11
    pending = propose(meeting, agencies[0], "BK_TINH")

    with refused("Chỉ khen thưởng đề nghị đã được biểu quyết đạt.", field="proposal"):
        decision_create(organizer=meeting.bloc.organizer, number="12/QĐ-UBND", signed_on=SIGNED_ON, proposals=[pending])


def test_decision_awarding_a_proposal_that_failed_on_a_later_revote_is_refused(meeting_11):
    meeting, agencies = meeting_11
    proposal = propose(meeting, agencies[0], "BK_TINH", tally=Tally(9))
    proposal_record_votes(proposal=Proposal.objects.get(pk=proposal.pk), tally=Tally(4, 7))

    with refused("Chỉ khen thưởng đề nghị đã được biểu quyết đạt.", field="proposal"):
        decision_create(
            organizer=meeting.bloc.organizer, number="12/QĐ-UBND", signed_on=SIGNED_ON, proposals=[proposal]
        )


def test_revote_failing_an_awarded_proposal_is_refused(meeting_11):
    meeting, agencies = meeting_11
    proposal = propose(meeting, agencies[0], "BK_TINH", tally=Tally(9))
    finalized(meeting)
    decision_create(organizer=meeting.bloc.organizer, number="12/QĐ-UBND", signed_on=SIGNED_ON, proposals=[proposal])
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.DRAFT)  # reopened to correct it

    with refused("Đề nghị đã được khen thưởng theo quyết định nên kết quả phải giữ là Đạt."):
        proposal_record_votes(proposal=proposal, tally=Tally(4, 7))


def test_proposal_awarded_by_a_second_decision_is_refused(meeting_11):
    meeting, agencies = meeting_11
    proposal = propose(meeting, agencies[0], "BK_TINH", tally=Tally(9))
    finalized(meeting)
    decision_create(organizer=meeting.bloc.organizer, number="12/QĐ-UBND", signed_on=SIGNED_ON, proposals=[proposal])

    with refused("Đề nghị này đã được khen thưởng theo quyết định số 12/QĐ-UBND.", field="proposal"):
        decision_create(
            organizer=meeting.bloc.organizer, number="15/QĐ-UBND", signed_on=SIGNED_ON, proposals=[proposal]
        )


def test_adding_an_awarded_proposal_to_its_decision_again_is_refused(meeting_11):
    meeting, agencies = meeting_11
    proposal = propose(meeting, agencies[0], "BK_TINH", tally=Tally(9))
    finalized(meeting)
    decision = decision_create(
        organizer=meeting.bloc.organizer, number="12/QĐ-UBND", signed_on=SIGNED_ON, proposals=[proposal]
    )

    with refused("đã được khen thưởng theo quyết định số 12/QĐ-UBND.", field="proposal"):
        decision_award(decision=decision, proposals=[proposal])


def test_decision_awarding_a_proposal_of_another_province_is_refused(meeting_11):
    meeting, agencies = meeting_11
    proposal = propose(meeting, agencies[0], "BK_TINH", tally=Tally(9))
    finalized(meeting)
    other_province = OrganizerFactory()

    with refused("Đề nghị không thuộc tỉnh ban hành quyết định.", field="proposal"):
        decision_create(organizer=other_province, number="12/QĐ-UBND", signed_on=SIGNED_ON, proposals=[proposal])


def test_decision_number_already_used_in_the_province_is_refused(meeting_11):
    meeting, _ = meeting_11
    decision_create(organizer=meeting.bloc.organizer, number="12/QĐ-UBND", signed_on=SIGNED_ON)

    with refused("Số quyết định này đã có trong tỉnh.", field=NON_FIELD):
        decision_create(organizer=meeting.bloc.organizer, number="12/QĐ-UBND", signed_on=datetime.date(2018, 4, 2))


def test_same_decision_number_in_another_province_is_accepted(meeting_11):
    meeting, _ = meeting_11
    decision_create(organizer=meeting.bloc.organizer, number="12/QĐ-UBND", signed_on=SIGNED_ON)

    decision_create(organizer=OrganizerFactory(), number="12/QĐ-UBND", signed_on=SIGNED_ON)

    assert Decision.objects.filter(number="12/QĐ-UBND").count() == 2


def test_decision_awarding_a_proposal_of_a_meeting_not_finalized_is_refused(meeting_11):
    """Votes of a draft meeting may still change: a decision awards what the finalized minutes record."""
    meeting, agencies = meeting_11
    proposal = propose(meeting, agencies[0], "BK_TINH", tally=Tally(9))

    with refused("chưa chốt biên bản: chỉ khen thưởng đề nghị của hội nghị đã chốt.", field="proposal"):
        decision_create(
            organizer=meeting.bloc.organizer, number="12/QĐ-UBND", signed_on=SIGNED_ON, proposals=[proposal]
        )


def test_decision_awarding_passed_proposals_is_accepted(meeting_11):
    meeting, agencies = meeting_11
    passed = [propose(meeting, a, "BK_TINH", tally=Tally(9)) for a in agencies[:2]]
    finalized(meeting)

    decision = decision_create(
        organizer=meeting.bloc.organizer, number="12/QĐ-UBND", signed_on=SIGNED_ON, proposals=passed
    )

    assert set(DecisionAward.objects.filter(decision=decision).values_list("proposal", flat=True)) == {
        p.pk for p in passed
    }


# Award types (no service edits them yet: the shared validation every service runs is tried directly)


@pytest.mark.parametrize("ratio", [0, -0.5, 1.0001, 2])
def test_award_ratio_outside_zero_to_one_is_refused(organizer, ratio):
    award_type = AwardType(organizer=organizer, code="GK", name="Giấy khen", ratio=ratio)

    with refused("Tỷ lệ phải lớn hơn 0 và không quá 1.", field="ratio"):
        validate(award_type)


@pytest.mark.parametrize("ratio", [0.0001, 2 / 3, 1])
def test_award_ratio_inside_zero_to_one_is_accepted(organizer, ratio):
    validate(AwardType(organizer=organizer, code="GK", name="Giấy khen", ratio=ratio))


def test_award_code_already_used_in_the_province_is_refused(organizer):
    with refused("Mã hình thức khen thưởng này đã có trong tỉnh.", field=NON_FIELD):
        validate(AwardType(organizer=organizer, code="CO_CP", name="Cờ thi đua (trùng mã)"))
