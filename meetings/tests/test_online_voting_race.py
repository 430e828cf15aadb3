"""The online vote under concurrency, on PostgreSQL (row locks, a connection per thread): the 12 member agencies
of a bloc vote on 4 proposals at once, some sending their ballot twice at the same moment, 20 rounds, in both
modes. Exactly one ballot per agency and proposal is kept, the tallies equal the ballots kept, and a ballot
after the closing (or racing it) is either counted before the closing or refused.

The rules of a single ballot are tried on every database in test_online_voting.py.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from meetings.models import Ballot, Proposal, Voter, VotingSession
from meetings.online import online_ballot_cast, online_voting_close, online_voting_open
from meetings.tests.factories import vote_world
from meetings.tests.test_ballot_race import ROUNDS, race

VOTES = list(Ballot.Vote.values)
TWICE = 3  # agencies sending their ballot twice at once, each round


def _sheets(rng: random.Random, proposals: list[Proposal]) -> dict[int, str]:
    return {p.pk: rng.choice(VOTES) for p in proposals}


def _stored_votes(mode: str, proposals: list[Proposal]) -> Counter:
    """(proposal id, vote) → how many, as stored: the tallies in secret mode, the ballots in open mode."""
    stored: Counter = Counter()
    for proposal in Proposal.objects.filter(pk__in=[p.pk for p in proposals]):
        if mode == "secret":
            stored[proposal.pk, "for"] += proposal.votes_for
            stored[proposal.pk, "against"] += proposal.votes_against
            stored[proposal.pk, "abstain"] += proposal.votes_abstain
        else:
            assert proposal.votes_for is None
    if mode == "open":
        stored.update(Ballot.objects.filter(proposal__in=proposals).values_list("proposal_id", "vote"))
    return +stored


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", ["secret", "open"])
def test_twelve_agencies_voting_at_once_each_count_once(organizer, mode):
    rng = random.Random(17)
    for round_ in range(ROUNDS):
        meeting, agencies, proposals = vote_world(organizer, mode=mode, members=12, proposals=4)
        session = online_voting_open(meeting=meeting)
        senders = [*agencies, *rng.sample(agencies, TWICE)]
        sheets = [_sheets(rng, proposals) for _ in senders]
        results = race(
            *[
                lambda a=agency, s=sheet, v=session: online_ballot_cast(session=v, agency=a, votes=s)
                for agency, sheet in zip(senders, sheets, strict=True)
            ]
        )
        refused = [r for r in results if isinstance(r, ValidationError)]
        assert len(refused) == TWICE and {r.code for r in refused} == {"duplicate"}, (round_, results)
        assert not [r for r in results if r is not None and not isinstance(r, ValidationError)], (round_, results)
        kept = [sheet for sheet, result in zip(sheets, results, strict=True) if result is None]
        assert sorted(a.pk for a, r in zip(senders, results, strict=True) if r is None) == sorted(
            a.pk for a in agencies
        )
        expected = +Counter((pk, vote) for sheet in kept for pk, vote in sheet.items())
        assert _stored_votes(mode, proposals) == expected, round_
        assert Voter.objects.filter(session=session).count() == 12
        if mode == "open":
            assert Ballot.objects.filter(proposal__in=proposals).count() == 12 * 4
        online_voting_close(session=session)
        assert VotingSession.objects.get(pk=session.pk).cast == 12
        with pytest.raises(ValidationError) as late:
            online_ballot_cast(session=session, agency=agencies[0], votes=sheets[0])
        assert late.value.code == "closed"
        assert _stored_votes(mode, proposals) == expected, round_


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", ["secret", "open"])
def test_ballots_racing_the_closing_are_counted_before_it_or_refused(organizer, mode):
    rng = random.Random(71)
    for round_ in range(ROUNDS):
        meeting, agencies, proposals = vote_world(organizer, mode=mode, members=12, proposals=4)
        session = online_voting_open(meeting=meeting)
        sheets = [_sheets(rng, proposals) for _ in agencies]
        calls = [
            lambda a=agency, s=sheet, v=session: online_ballot_cast(session=v, agency=a, votes=s)
            for agency, sheet in zip(agencies, sheets, strict=True)
        ]
        calls.insert(rng.randrange(len(calls)), lambda v=session: online_voting_close(session=v))
        results = race(*calls)
        closing = next(r for r in results if isinstance(r, VotingSession))
        ballots = [r for r in results if not isinstance(r, VotingSession)]
        assert all(r is None or (isinstance(r, ValidationError) and r.code == "closed") for r in ballots), results
        kept = [sheet for sheet, result in zip(sheets, ballots, strict=True) if result is None]
        expected = +Counter((pk, vote) for sheet in kept for pk, vote in sheet.items())
        assert _stored_votes(mode, proposals) == expected, round_
        assert closing.cast == len(kept) == Voter.objects.filter(session=session).count(), round_
        meeting.refresh_from_db()
        assert (meeting.ballots_issued, meeting.ballots_returned) == (12, len(kept))
