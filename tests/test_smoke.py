from awards.rules import Tally
from awards.tests.factories import award
from meetings.services import meeting_create
from meetings.voting import proposal_create


def test_unanimous_flag_proposal_passes(bloc_11):
    import datetime

    bloc, agencies = bloc_11
    meeting = meeting_create(bloc=bloc, kind="year_end_review", year=2017, held_on=datetime.date(2018, 1, 4))
    proposal = proposal_create(
        meeting=meeting, nominee=agencies[0], award_type=award(bloc.organizer, "CO_CP"), tally=Tally(11)
    )
    assert proposal.outcome == "passed"
