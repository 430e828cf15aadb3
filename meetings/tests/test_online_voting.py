"""The online vote's rules (meetings.online): opening, one final ballot per present agency, closing with the
outcomes by the award's rule, and what stays locked while the vote is open and after it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.rules import Tally
from awards.tests.factories import award
from history.models import AuditEntry
from meetings.models import Ballot, Meeting, Proposal, Voter, VotingSession
from meetings.online import online_ballot_cast, online_voting_close, online_voting_open
from meetings.selectors import voting_tasks
from meetings.services import attendance_record, meeting_update, participants_set, voting_set
from meetings.tests.factories import vote_world
from meetings.voting import ballot_cast, proposal_create, proposal_delete, proposal_record_votes
from members.tests.factories import UserFactory
from notices.models import Notification
from records.services import meeting_finalize
from records.snapshot import vote_count_snapshot

pytestmark = pytest.mark.django_db

FOR, AGAINST, ABSTAIN = Ballot.Vote.FOR, Ballot.Vote.AGAINST, Ballot.Vote.ABSTAIN


def sheet(proposals, vote=FOR) -> dict[int, str]:
    return {p.pk: vote for p in proposals}


def refused(call) -> list[str]:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.messages


# Opening


def test_opening_a_secret_vote_sets_the_tallies_to_zero_and_counts_the_present_agencies(organizer):
    meeting, agencies, proposals = vote_world(organizer, proposals=2)
    attendance_record(meeting=meeting, rows=[{"agency": a, "present": a != agencies[11]} for a in agencies])
    session = online_voting_open(meeting=meeting)
    assert (session.mode, session.eligible, session.cast, session.is_open) == ("secret", 11, 0, True)
    assert set(session.proposals.all()) == set(proposals)
    assert {(p.votes_for, p.votes_against, p.votes_abstain) for p in Proposal.objects.all()} == {(0, 0, 0)}


def test_opening_an_open_vote_leaves_the_tallies_empty_and_every_member_votes_without_attendance(organizer):
    meeting, _agencies, _proposals = vote_world(organizer, mode="open", proposals=1)
    session = online_voting_open(meeting=meeting)
    assert session.eligible == 12
    assert Proposal.objects.get().votes_for is None


def test_opening_is_refused_without_a_voting_mode_proposals_or_when_votes_were_recorded(organizer):
    meeting, _agencies, [proposal] = vote_world(organizer, proposals=1)
    Meeting.objects.filter(pk=meeting.pk).update(voting_mode="")
    assert refused(lambda: online_voting_open(meeting=meeting)) == [
        "Cần chọn hình thức biểu quyết (công khai hoặc bỏ phiếu kín) ở trang Kiểm phiếu trước khi mở bỏ phiếu."
    ]
    voting_set(meeting=meeting, voting_mode="secret")
    proposal_record_votes(proposal=proposal, tally=Tally(5, 1, 0))
    assert refused(lambda: online_voting_open(meeting=meeting)) == [
        f"Đề nghị {proposal} đã có phiếu; bỏ phiếu trực tuyến chỉ cho các đề nghị chưa có phiếu."
    ]
    proposal_delete(proposal=proposal)
    assert refused(lambda: online_voting_open(meeting=meeting)) == [
        "Hội nghị chưa có đề nghị khen thưởng nào để bỏ phiếu."
    ]
    assert not VotingSession.objects.exists()


def test_opening_is_refused_when_the_proposals_of_an_award_outnumber_its_quota_left(organizer):
    meeting, agencies, _proposals = vote_world(organizer, proposals=0)
    flag = award(organizer, "CO_CP")  # one a year per bloc
    for agency in agencies[:2]:
        proposal_create(meeting=meeting, nominee=agency, award_type=flag)
    assert refused(lambda: online_voting_open(meeting=meeting)) == [
        "Có 2 đề nghị Cờ thi đua của Chính phủ nhưng khối chỉ còn 1 suất trong năm 2017 (chỉ tiêu 1): "
        "hãy rút bớt đề nghị trước khi mở bỏ phiếu."
    ]
    proposal_delete(proposal=Proposal.objects.get(nominee=agencies[1]))
    assert online_voting_open(meeting=meeting).is_open


def test_a_meeting_votes_online_once(organizer):
    meeting, _agencies, _proposals = vote_world(organizer, proposals=1)
    session = online_voting_open(meeting=meeting)
    online_voting_close(session=session)
    assert refused(lambda: online_voting_open(meeting=meeting)) == [
        "Hội nghị đã bỏ phiếu trực tuyến; mỗi hội nghị chỉ bỏ phiếu trực tuyến một lần."
    ]


# Casting


def test_a_secret_ballot_adds_to_the_tallies_and_records_only_that_the_agency_voted(organizer):
    meeting, agencies, proposals = vote_world(organizer, proposals=3)
    session = online_voting_open(meeting=meeting)
    entries = AuditEntry.objects.count()
    online_ballot_cast(
        session=session,
        agency=agencies[5],
        votes={proposals[0].pk: FOR, proposals[1].pk: AGAINST, proposals[2].pk: ABSTAIN},
    )
    tallies = [(p.votes_for, p.votes_against, p.votes_abstain) for p in Proposal.objects.order_by("position")]
    assert tallies == [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    assert list(Voter.objects.values_list("agency_id", flat=True)) == [agencies[5].pk]
    assert not Ballot.objects.exists()
    assert AuditEntry.objects.count() == entries  # no entry per ballot
    session.refresh_from_db()
    assert session.cast == 1


def test_an_open_ballot_writes_the_agencys_ballots(organizer):
    meeting, agencies, proposals = vote_world(organizer, mode="open", proposals=2)
    session = online_voting_open(meeting=meeting)
    online_ballot_cast(session=session, agency=agencies[3], votes={proposals[0].pk: FOR, proposals[1].pk: AGAINST})
    assert set(Ballot.objects.values_list("proposal_id", "agency_id", "vote")) == {
        (proposals[0].pk, agencies[3].pk, FOR),
        (proposals[1].pk, agencies[3].pk, AGAINST),
    }
    assert Proposal.objects.filter(votes_for__isnull=False).count() == 0


@pytest.mark.parametrize("mode", ["secret", "open"])
def test_a_second_ballot_of_an_agency_is_refused_and_the_first_stands(organizer, mode):
    meeting, agencies, proposals = vote_world(organizer, mode=mode, proposals=2)
    session = online_voting_open(meeting=meeting)
    online_ballot_cast(session=session, agency=agencies[1], votes=sheet(proposals, FOR))
    with pytest.raises(ValidationError) as error:
        online_ballot_cast(session=session, agency=agencies[1], votes=sheet(proposals, AGAINST))
    assert error.value.code == "duplicate"
    assert error.value.messages == [
        f"{agencies[1].name} đã bỏ phiếu; mỗi đơn vị chỉ bỏ một phiếu và phiếu đã gửi không sửa được."
    ]
    session.refresh_from_db()
    assert session.cast == 1 and Voter.objects.count() == 1
    online_voting_close(session=session)
    for proposal in Proposal.objects.all():
        assert (proposal.votes_for, proposal.votes_against) == ((1, 0) if mode == "secret" else (None, None))
    if mode == "open":
        assert set(Ballot.objects.values_list("vote", flat=True)) == {FOR}


def test_a_ballot_must_choose_on_every_proposal_of_the_session_with_known_choices(organizer):
    meeting, agencies, proposals = vote_world(organizer, proposals=2)
    session = online_voting_open(meeting=meeting)
    agency = agencies[0]
    assert refused(lambda: online_ballot_cast(session=session, agency=agency, votes={proposals[0].pk: FOR})) == [
        "Cần chọn đồng ý, không đồng ý hoặc không biểu quyết cho từng đề nghị."
    ]
    bad = {proposals[0].pk: FOR, proposals[1].pk: "maybe"}
    assert refused(lambda: online_ballot_cast(session=session, agency=agency, votes=bad)) == [
        "Phiếu không hợp lệ: mỗi đề nghị chọn đồng ý, không đồng ý hoặc không biểu quyết."
    ]
    _other, _others, [foreign] = vote_world(organizer, proposals=1)
    extra = {**sheet(proposals), foreign.pk: FOR}
    assert refused(lambda: online_ballot_cast(session=session, agency=agency, votes=extra)) == [
        "Phiếu có đề nghị không thuộc phiên bỏ phiếu."
    ]
    assert not Voter.objects.exists()
    session.refresh_from_db()
    assert session.cast == 0
    assert {p.votes_for for p in Proposal.objects.filter(meeting=meeting)} == {0}


def test_absent_agencies_and_agencies_outside_the_bloc_cannot_vote(organizer):
    meeting, agencies, proposals = vote_world(organizer, proposals=1)
    attendance_record(meeting=meeting, rows=[{"agency": a, "present": a != agencies[4]} for a in agencies])
    session = online_voting_open(meeting=meeting)
    assert refused(lambda: online_ballot_cast(session=session, agency=agencies[4], votes=sheet(proposals))) == [
        f"{agencies[4].name} vắng mặt nên không được biểu quyết."
    ]
    _other, strangers, _p = vote_world(organizer, proposals=0)
    assert refused(lambda: online_ballot_cast(session=session, agency=strangers[0], votes=sheet(proposals))) == [
        f"{strangers[0].name} không phải là thành viên của khối trong năm này nên không được biểu quyết."
    ]
    assert not Voter.objects.exists()


def test_a_ballot_after_closing_is_refused(organizer):
    meeting, agencies, proposals = vote_world(organizer, proposals=1)
    session = online_voting_open(meeting=meeting)
    online_voting_close(session=session)
    with pytest.raises(ValidationError) as error:
        online_ballot_cast(session=session, agency=agencies[0], votes=sheet(proposals))
    assert error.value.code == "closed"
    assert not Voter.objects.exists() and Proposal.objects.get().votes_for == 0
    assert refused(lambda: online_voting_close(session=session)) == ["Bỏ phiếu đã được đóng."]


# Closing


def test_closing_computes_the_outcomes_by_the_awards_rule_and_the_ballot_figures(organizer):
    meeting, agencies, proposals = vote_world(organizer, proposals=2)  # BK_TINH: more than half of those present
    attendance_record(meeting=meeting, rows=[{"agency": a, "present": a not in agencies[10:]} for a in agencies])
    session = online_voting_open(meeting=meeting)
    for index, agency in enumerate(agencies[:9]):
        second = FOR if index < 5 else AGAINST  # 5 of 10 present: not more than half
        online_ballot_cast(session=session, agency=agency, votes={proposals[0].pk: FOR, proposals[1].pk: second})
    online_voting_close(session=session)
    first, second = Proposal.objects.order_by("position")
    assert (first.votes_for, first.votes_against, first.votes_abstain, first.outcome) == (9, 0, 0, "passed")
    assert (second.votes_for, second.votes_against, second.outcome) == (5, 4, "failed")
    meeting.refresh_from_db()
    assert (meeting.ballots_issued, meeting.ballots_returned, meeting.ballots_invalid) == (10, 9, 0)


def test_closing_an_open_vote_counts_the_ballots(organizer):
    meeting, agencies, [proposal] = vote_world(organizer, mode="open", proposals=1, award_code="CO_TINH")
    session = online_voting_open(meeting=meeting)
    for agency in agencies[:6]:  # CO_TINH: more than half of the 12 members
        online_ballot_cast(session=session, agency=agency, votes={proposal.pk: FOR})
    online_voting_close(session=session)
    proposal.refresh_from_db()
    assert proposal.outcome == "failed" and proposal.votes_for is None
    assert Ballot.objects.filter(proposal=proposal, vote=FOR).count() == 6


def test_the_audit_trail_of_a_secret_vote_holds_the_opening_and_the_closing_with_counts(organizer):
    meeting, agencies, proposals = vote_world(organizer, proposals=2)
    before = set(AuditEntry.objects.values_list("pk", flat=True))
    session = online_voting_open(meeting=meeting)
    for agency in agencies[:3]:
        online_ballot_cast(session=session, agency=agency, votes=sheet(proposals, AGAINST))
    online_voting_close(session=session)
    entries = list(AuditEntry.objects.exclude(pk__in=before).order_by("pk"))
    assert [e.changes for e in entries] == [
        {
            "Bỏ phiếu trực tuyến": [None, "Đang mở"],
            "hình thức biểu quyết": [None, "Bỏ phiếu kín"],
            "số đơn vị được bỏ phiếu": [None, 12],
            "Số đề nghị": [None, 2],
        },
        {
            "Bỏ phiếu trực tuyến": ["Đang mở", "Đã đóng"],
            "số phiếu phát ra": [None, 12],
            "số phiếu thu về": [None, 3],
            "số phiếu không hợp lệ": [None, 0],
        },
    ]
    assert all(e.object_id == meeting.pk for e in entries)


# Locked while open, final after


def test_while_the_vote_is_open_the_record_it_depends_on_is_locked(organizer):
    meeting, agencies, proposals = vote_world(organizer, proposals=1)
    online_voting_open(meeting=meeting)
    message = (
        "Đang bỏ phiếu trực tuyến: cần đóng bỏ phiếu trước khi sửa đề nghị, phiếu, điểm danh, hình thức biểu quyết "
        "hoặc chốt hội nghị."
    )
    calls = [
        lambda: proposal_create(meeting=meeting, nominee=agencies[6], award_type=award(organizer, "BK_TINH")),
        lambda: proposal_delete(proposal=proposals[0]),
        lambda: proposal_record_votes(proposal=proposals[0], tally=Tally(3)),
        lambda: ballot_cast(proposal=proposals[0], agency=agencies[1], vote=FOR),
        lambda: attendance_record(meeting=meeting, rows=[{"agency": a, "present": True} for a in agencies]),
        lambda: voting_set(meeting=meeting, voting_mode="open"),
        lambda: meeting_finalize(meeting=meeting),
    ]
    for call in calls:
        assert refused(call) == [message]
    # What the vote does not depend on is still entered.
    meeting_update(meeting=meeting, venue="Hội trường B")
    participants_set(meeting=meeting, presiding=[{"name": "Nguyễn Văn A"}], secretary={"name": "Trần Thị B"})
    assert Proposal.objects.get().votes_for == 0


def test_after_closing_the_votes_cast_online_are_final(organizer):
    meeting, agencies, [proposal] = vote_world(organizer, proposals=1)
    session = online_voting_open(meeting=meeting)
    online_ballot_cast(session=session, agency=agencies[0], votes={proposal.pk: FOR})
    online_voting_close(session=session)
    final = f"Đề nghị {proposal} đã được bỏ phiếu trực tuyến; phiếu đã bỏ là cuối cùng, không sửa được."
    assert refused(lambda: proposal_record_votes(proposal=proposal, tally=Tally(12))) == [final]
    assert refused(lambda: ballot_cast(proposal=proposal, agency=agencies[1], vote=FOR)) == [final]
    assert refused(lambda: proposal_delete(proposal=proposal)) == [final]
    assert refused(lambda: attendance_record(meeting=meeting, rows=[{"agency": a} for a in agencies])) == [
        "Hội nghị đã bỏ phiếu trực tuyến theo điểm danh này; phiếu đã bỏ là cuối cùng nên không sửa điểm danh được nữa."
    ]
    assert refused(lambda: voting_set(meeting=meeting, voting_mode="open", ballots_issued=12, ballots_returned=1))
    # The tellers and the invalid count are still the secretary's to record, with the vote's own figures.
    voting_set(meeting=meeting, voting_mode="secret", ballots_issued=12, ballots_returned=1, ballots_invalid=0)
    # A proposal added later is voted on paper as before.
    later = proposal_create(meeting=meeting, nominee=agencies[7], award_type=award(organizer, "BK_TINH"))
    proposal_record_votes(proposal=later, tally=Tally(8, 2, 2))
    proposal.refresh_from_db()
    assert (proposal.votes_for, proposal.votes_against) == (1, 0)


def test_paper_voting_stays_as_before_without_an_online_vote(organizer):
    _meeting, agencies, [proposal] = vote_world(organizer, mode="open", proposals=1)
    ballot_cast(proposal=proposal, agency=agencies[0], vote=FOR)
    proposal_record_votes(proposal=proposal, ballots={a.pk: FOR for a in agencies[:7]})
    assert Ballot.objects.count() == 7


# The agency's to-do list


def test_voting_tasks_list_the_open_votes_where_the_agency_may_vote_and_whether_it_did(organizer):
    meeting, agencies, proposals = vote_world(organizer, proposals=1)
    attendance_record(meeting=meeting, rows=[{"agency": a, "present": a != agencies[2]} for a in agencies])
    assert voting_tasks(agencies[1]) == []
    session = online_voting_open(meeting=meeting)
    [task] = voting_tasks(agencies[1])
    assert (task.meeting, task.session, task.voted) == (meeting, session, False)
    assert voting_tasks(agencies[2]) == []  # absent
    online_ballot_cast(session=session, agency=agencies[1], votes=sheet(proposals))
    assert [t.voted for t in voting_tasks(agencies[1])] == [True]
    _other, strangers, _p = vote_world(organizer, proposals=0)
    assert voting_tasks(strangers[0]) == []
    online_voting_close(session=session)
    assert voting_tasks(agencies[1]) == []


@pytest.mark.parametrize("mode", ["secret", "open"])
def test_the_vote_count_minutes_print_the_online_votes_figures(organizer, mode):
    meeting, agencies, [proposal] = vote_world(organizer, mode=mode, proposals=1)
    session = online_voting_open(meeting=meeting)
    for index, agency in enumerate(agencies[:10]):
        online_ballot_cast(session=session, agency=agency, votes={proposal.pk: FOR if index < 7 else AGAINST})
    online_voting_close(session=session)
    snapshot = vote_count_snapshot(meeting)
    assert snapshot["voting_mode"] == mode
    assert snapshot["ballots"] == {"issued": 12, "returned": 10, "invalid": 0, "valid": 10}
    [row] = snapshot["proposals"]
    assert row["votes"] == {"for": 7, "against": 3, "abstain": 0}
    assert row["outcome"] == "passed"


def test_opening_tells_the_present_agencies_users_where_to_vote(organizer):
    meeting, agencies, _proposals = vote_world(organizer, proposals=1, members=3)
    attendance_record(meeting=meeting, rows=[{"agency": a, "present": a != agencies[2]} for a in agencies])
    present = [UserFactory(organizer=organizer, agency=a) for a in agencies[:2]]
    UserFactory(organizer=organizer, agency=agencies[2])  # absent: not told
    online_voting_open(meeting=meeting)
    told = Notification.objects.filter(kind=Notification.Kind.VOTING_OPENED)
    assert sorted(n.user_id for n in told) == sorted(u.pk for u in present)
    assert {n.url for n in told} == {reverse("meetings:ballot", args=[meeting.pk])}
