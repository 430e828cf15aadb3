"""Votes under concurrency: two clients submitting the same agency's ballot at once store exactly one.

``ballot_cast`` records one agency's ballot: of two simultaneous submissions for the same agency, one is
stored and the other is refused with a message naming the agency. ``proposal_record_votes`` records a
whole ballot sheet: two sheets sent at once are written one after the other, the later replacing the
earlier, never mixed or doubled. The races need PostgreSQL (row locks, several connections at once); the
plain rules of ``ballot_cast`` are checked on SQLite too.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from awards.tests.factories import award
from blocs.tests.factories import bloc_with_members
from meetings.models import Ballot, Meeting, Proposal
from meetings.services import attendance_record, meeting_create
from meetings.voting import ballot_cast, proposal_create, proposal_record_votes, proposals_evaluate

ROUNDS = 20


def world(organizer, *, proposals: int = 1):
    """A draft 2017 meeting of an 11-member bloc and proposals for its first agencies: (meeting, agencies,
    [proposals])."""
    bloc, agencies = bloc_with_members(11, organizer=organizer)
    meeting = meeting_create(bloc=bloc, kind=Meeting.Kind.YEAR_END_REVIEW, year=2017, held_on=datetime.date(2018, 1, 4))
    nominated = [
        proposal_create(meeting=meeting, nominee=agencies[i], award_type=award(organizer, "BK_TINH"))
        for i in range(proposals)
    ]
    return meeting, agencies, nominated


def race(*calls: Callable[[], object]) -> list[object]:
    """Run the calls at the same moment, each in a thread with its own database connection; the result or
    the exception of each, in order."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # the test inspects whatever happened
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive(), "a submission never finished (deadlock?)"
    return results


def assert_outcome_matches_the_stored_ballots(proposal: Proposal) -> None:
    stored = Proposal.objects.get(pk=proposal.pk)
    proposals_evaluate(meeting=stored.meeting)  # recomputes every outcome from what is stored
    assert Proposal.objects.get(pk=proposal.pk).outcome == stored.outcome


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_agencys_ballot_cast_twice_at_once_is_stored_once(organizer):
    _meeting, agencies, proposals = world(organizer, proposals=2)
    for round_ in range(ROUNDS):
        proposal, voter = proposals[round_ // 11], agencies[round_ % 11]
        results = race(
            lambda p=proposal, a=voter: ballot_cast(proposal=p, agency=a, vote=Ballot.Vote.FOR),
            lambda p=proposal, a=voter: ballot_cast(proposal=p, agency=a, vote=Ballot.Vote.AGAINST),
        )
        stored = list(Ballot.objects.filter(proposal=proposal, agency=voter))
        assert len(stored) == 1, (round_, results)
        cast = [r for r in results if isinstance(r, Ballot)]
        refused = [r for r in results if isinstance(r, ValidationError)]
        assert len(cast) == 1 and len(refused) == 1, (round_, results)
        assert stored[0].vote == cast[0].vote
        assert refused[0].messages == [f"{voter.name} đã bỏ phiếu cho đề nghị này; mỗi đơn vị chỉ được bỏ một phiếu."]
        assert_outcome_matches_the_stored_ballots(proposal)
    assert Ballot.objects.count() == ROUNDS


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_ballot_sheets_sent_at_once_are_written_one_after_the_other(organizer):
    _meeting, agencies, [proposal] = world(organizer)
    others = {a.pk: Ballot.Vote.FOR for a in agencies[1:6]}
    voter = agencies[0]
    for round_ in range(ROUNDS):
        sheets = [{voter.pk: Ballot.Vote.FOR, **others}, {voter.pk: Ballot.Vote.AGAINST, **others}]
        results = race(*[lambda s=sheet: proposal_record_votes(proposal=proposal, ballots=s) for sheet in sheets])
        assert all(isinstance(r, Proposal) for r in results), (round_, results)
        assert Ballot.objects.filter(proposal=proposal, agency=voter).count() == 1
        stored = dict(Ballot.objects.filter(proposal=proposal).values_list("agency_id", "vote"))
        assert stored in sheets  # one whole sheet, the later one: never a mix of both
        assert_outcome_matches_the_stored_ballots(proposal)


# The rules of a single ballot, on any database.


@pytest.mark.django_db
def test_a_ballot_is_cast_and_the_outcome_follows(organizer):
    _meeting, agencies, [proposal] = world(organizer)
    for agency in agencies[:6]:
        ballot_cast(proposal=proposal, agency=agency, vote=Ballot.Vote.FOR)
    proposal.refresh_from_db()
    assert proposal.outcome == Proposal.Outcome.PASSED  # 6 of 11 present: more than half
    assert Ballot.objects.filter(proposal=proposal).count() == 6


@pytest.mark.django_db
def test_a_second_ballot_of_the_same_agency_is_refused_and_the_first_stays(organizer):
    _meeting, agencies, [proposal] = world(organizer)
    ballot_cast(proposal=proposal, agency=agencies[1], vote=Ballot.Vote.FOR)
    with pytest.raises(ValidationError) as refused:
        ballot_cast(proposal=proposal, agency=agencies[1], vote=Ballot.Vote.AGAINST)
    assert refused.value.messages == [
        f"{agencies[1].name} đã bỏ phiếu cho đề nghị này; mỗi đơn vị chỉ được bỏ một phiếu."
    ]
    assert list(Ballot.objects.values_list("agency_id", "vote")) == [(agencies[1].pk, Ballot.Vote.FOR)]


@pytest.mark.django_db
def test_an_absent_agency_cannot_cast_a_ballot(organizer):
    meeting, agencies, [proposal] = world(organizer)
    attendance_record(meeting=meeting, rows=[{"agency": a, "present": a != agencies[2]} for a in agencies])
    with pytest.raises(ValidationError) as refused:
        ballot_cast(proposal=proposal, agency=agencies[2], vote=Ballot.Vote.FOR)
    assert refused.value.messages == [f"{agencies[2].name} vắng mặt nên không được biểu quyết."]
    assert not Ballot.objects.exists()


@pytest.mark.django_db
def test_no_ballot_is_cast_at_a_finalized_meeting(organizer):
    meeting, agencies, [proposal] = world(organizer)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.FINALIZED)
    with pytest.raises(ValidationError, match="Hội nghị đã chốt biên bản"):
        ballot_cast(proposal=proposal, agency=agencies[1], vote=Ballot.Vote.FOR)
    assert not Ballot.objects.exists()
