"""Board staff read, and only read, the records of the provinces merged into theirs (``blocs.access.board_reads``),
also through a province merged into one merged into theirs; nobody else gains anything by a merger."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.http import Http404

from blocs.access import (
    board_reads,
    get_agency_for_user,
    get_bloc_for_user,
    in_visible_blocs,
    readable_organizers,
    visible_blocs,
)
from blocs.tests.factories import bloc_with_members
from decisions.access import get_decision_for_user, readable_decisions
from decisions.models import Decision
from meetings.access import MeetingCapabilities, get_meeting_for_user
from meetings.models import Meeting
from meetings.tests.factories import MeetingFactory
from members.models import User
from members.services import organizer_merge
from members.tests.factories import OrganizerFactory, UserFactory
from portal.search import visible_agencies

pytestmark = pytest.mark.django_db


def province(code: str) -> SimpleNamespace:
    """A province with a bloc of two agencies, a meeting, a decision, its board staff and a member's user."""
    organizer = OrganizerFactory(code=code)
    bloc, agencies = bloc_with_members(2, organizer=organizer)
    return SimpleNamespace(
        organizer=organizer,
        bloc=bloc,
        agencies=agencies,
        meeting=MeetingFactory(bloc=bloc),
        decision=Decision.objects.create(
            organizer=organizer, number=f"1/QĐ-{code}", signed_on=datetime.date(2024, 3, 1)
        ),
        board=UserFactory(role=User.Role.BOARD_STAFF, organizer=organizer),
        member=UserFactory(organizer=organizer, agency=agencies[0]),
    )


@pytest.fixture
def chain(db):
    """Đắk Lắk's records (merged into Kon Tum in 2024, for the test's sake) and Kon Tum's (merged into Quảng Ngãi
    on 1 July 2025), Quảng Ngãi's own, and Gia Lai, which no merger concerns."""
    world = SimpleNamespace(dlk=province("DLK"), ktm=province("KTM"), qng=province("QNG"), gli=province("GLI"))
    organizer_merge(organizer=world.ktm.organizer, into=world.qng.organizer, on=datetime.date(2025, 7, 1))
    organizer_merge(organizer=world.dlk.organizer, into=world.ktm.organizer, on=datetime.date(2024, 1, 1))
    return world


def test_the_successors_board_reads_the_merged_in_provinces_one_and_two_levels_down(chain):
    board = chain.qng.board
    assert set(readable_organizers(board)) == {chain.qng.organizer, chain.ktm.organizer, chain.dlk.organizer}
    assert set(visible_blocs(board)) == {chain.qng.bloc, chain.ktm.bloc, chain.dlk.bloc}
    assert set(Meeting.objects.filter(in_visible_blocs(board))) == {
        chain.qng.meeting,
        chain.ktm.meeting,
        chain.dlk.meeting,
    }
    assert set(Decision.objects.filter(board_reads(board))) == set(readable_decisions(board))
    assert set(readable_decisions(board)) == {chain.qng.decision, chain.ktm.decision, chain.dlk.decision}
    assert set(visible_agencies(board)) == {*chain.qng.agencies, *chain.ktm.agencies, *chain.dlk.agencies}
    for merged in (chain.ktm, chain.dlk):
        assert get_bloc_for_user(board, merged.bloc.pk) == merged.bloc
        assert get_meeting_for_user(board, merged.meeting.pk) == merged.meeting
        assert get_decision_for_user(board, merged.decision.pk) == merged.decision
        assert get_agency_for_user(board, merged.agencies[0].pk) == merged.agencies[0]


def test_the_successors_board_changes_nothing_of_a_merged_in_province(chain):
    board, merged = chain.qng.board, chain.ktm
    for read in (
        lambda: get_bloc_for_user(board, merged.bloc.pk, edit=True),
        lambda: get_meeting_for_user(board, merged.meeting.pk, edit=True),
        lambda: get_decision_for_user(board, merged.decision.pk, edit=True),
        lambda: get_agency_for_user(board, merged.agencies[0].pk, edit=True),
    ):
        with pytest.raises(Http404):
            read()
    can = MeetingCapabilities(board, get_meeting_for_user(board, merged.meeting.pk))
    assert not (can.manage or can.enter_records or can.edit)


def test_a_merged_in_provinces_board_keeps_its_own_records_and_reads_nothing_upwards(chain):
    board = chain.ktm.board
    assert set(readable_organizers(board)) == {chain.ktm.organizer, chain.dlk.organizer}
    assert set(visible_blocs(board)) == {chain.ktm.bloc, chain.dlk.bloc}
    assert get_bloc_for_user(board, chain.ktm.bloc.pk, edit=True) == chain.ktm.bloc
    assert get_decision_for_user(board, chain.ktm.decision.pk, edit=True) == chain.ktm.decision
    with pytest.raises(Http404):
        get_bloc_for_user(board, chain.qng.bloc.pk)
    with pytest.raises(Http404):
        get_decision_for_user(board, chain.qng.decision.pk)


def test_a_province_no_merger_concerns_reads_nothing_more_and_agency_users_gain_nothing(chain):
    assert set(visible_blocs(chain.gli.board)) == {chain.gli.bloc}
    assert set(readable_decisions(chain.gli.board)) == {chain.gli.decision}
    with pytest.raises(Http404):
        get_meeting_for_user(chain.gli.board, chain.ktm.meeting.pk)
    # A member agency's user of the successor sees its own bloc only; merged-in provinces' users theirs only.
    assert set(visible_blocs(chain.qng.member)) == {chain.qng.bloc}
    assert set(visible_blocs(chain.ktm.member)) == {chain.ktm.bloc}
    assert readable_organizers(chain.qng.member).count() == 0
    with pytest.raises(Http404):
        get_decision_for_user(chain.qng.member, chain.ktm.decision.pk)


def test_undoing_the_merger_takes_the_reading_back(chain):
    organizer_merge(organizer=chain.ktm.organizer, into=None, on=None)
    assert set(visible_blocs(chain.qng.board)) == {chain.qng.bloc}
    with pytest.raises(Http404):
        get_decision_for_user(chain.qng.board, chain.ktm.decision.pk)
