"""The page reads sort their rows in Python (blocs.selectors.sorted_here): the order must be the one ORDER BY
gives. The world's members were created out of name order, so insertion order would not pass."""

import pytest
from django.db.models import Q

from blocs.models import Leadership, Membership
from meetings.models import Proposal, Ranking
from meetings.selectors import meeting_page
from meetings.tests.test_meeting_pages import record
from portal.selectors import agency_page, bloc_page
from portal.tests.blocs_world import YEAR, build_world, mid_year, propose, year_end

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_the_meeting_page_orders_as_the_database_would(world):
    meeting = year_end(world.bloc, YEAR, finalized=False, minutes=False)
    record(meeting, world.members, world.province, guests=3)
    Ranking.objects.filter(meeting=meeting, agency__in=world.members[:4]).update(rank=2)  # ties: by name
    page = meeting_page(meeting)

    assert page.attendances == list(meeting.attendances.order_by("agency__sort_key", "agency__code"))
    assert page.rankings == list(meeting.rankings.order_by("rank", "agency__sort_key", "agency__code"))
    assert page.participants == list(meeting.participants.order_by("role", "position", "pk"))
    assert [row.proposal for row in page.proposals] == list(meeting.proposals.order_by("position", "pk"))
    assert [a.agency for a in page.attendances] != world.members  # the order is not the rows' own


def test_the_agency_page_orders_as_the_database_would(world):
    nominee, chair = world.members[3], world.members[0]
    Membership.objects.create(bloc=world.other_bloc, agency=nominee, from_year=2020)
    propose(year_end(world.other_bloc, 2024), nominee, "BK_TINH")
    board = world.users["board"]

    nominee_page = agency_page(nominee, board)
    assert nominee_page.memberships == list(
        Membership.objects.filter(agency=nominee).order_by("-from_year", "bloc__sort_key", "pk")
    )
    assert len(nominee_page.awards) == 3
    assert nominee_page.awards == list(
        Proposal.objects.filter(nominee=nominee, outcome=Proposal.Outcome.PASSED).order_by(
            "-year", "award_type__position", "bloc__sort_key", "pk"
        )
    )
    chair_page = agency_page(chair, board)
    assert len(chair_page.leaderships) == 2
    assert chair_page.leaderships == list(
        Leadership.objects.filter(Q(chair=chair) | Q(vice_chair=chair)).order_by("-year", "bloc__sort_key", "pk")
    )


def test_the_bloc_page_orders_as_the_database_would(world):
    mid_year(world.bloc, YEAR)
    propose(world.meeting, world.members[0], "CO_TINH")
    page = bloc_page(world.bloc, YEAR)

    assert page.memberships == list(world.bloc.memberships.order_by("agency__sort_key", "from_year", "pk"))
    assert page.memberships != list(world.bloc.memberships.order_by("pk"))
    assert page.leaderships == list(world.bloc.leaderships.order_by("-year"))
    assert page.meetings == list(world.bloc.meetings.order_by("-held_on", "-pk"))
    assert page.proposals == list(
        Proposal.objects.filter(bloc=world.bloc).order_by("-year", "award_type__position", "nominee__sort_key", "pk")
    )
