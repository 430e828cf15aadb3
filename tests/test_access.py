"""The access rules of blocs/access.py: who sees which bloc and who is its secretary."""

import pytest

from blocs.access import can_manage_organizer, get_bloc_for_user, is_secretary, visible_blocs
from blocs.models import Leadership, Membership, SecretaryAssignment
from blocs.tests.factories import bloc_with_members
from members.models import User
from members.tests.factories import AgencyFactory, OrganizerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    organizer = OrganizerFactory()
    bloc_a, members_a = bloc_with_members(5, organizer=organizer)
    bloc_b, members_b = bloc_with_members(5, organizer=organizer)
    Leadership.objects.create(bloc=bloc_a, year=2026, chair=members_a[0], vice_chair=members_a[1])
    return organizer, bloc_a, members_a, bloc_b, members_b


def test_board_staff_see_every_bloc_of_their_organizer_only(province):
    organizer, bloc_a, _, bloc_b, _ = province
    foreign_bloc, _ = bloc_with_members(3)
    staff = UserFactory(role=User.Role.BOARD_STAFF, organizer=organizer)
    assert set(visible_blocs(staff)) == {bloc_a, bloc_b}
    assert can_manage_organizer(staff, organizer.pk)
    assert not can_manage_organizer(staff, foreign_bloc.organizer_id)


def test_agency_user_sees_only_blocs_their_agency_belongs_to(province):
    organizer, bloc_a, members_a, _, _ = province
    user = UserFactory(organizer=organizer, agency=members_a[3])
    assert list(visible_blocs(user)) == [bloc_a]
    assert not can_manage_organizer(user, organizer.pk)


def test_agency_user_keeps_seeing_blocs_of_the_agency_it_succeeded(province):
    organizer, bloc_a, members_a, _, _ = province
    merged_into = AgencyFactory(organizer=organizer)
    old = members_a[4]
    old.successor, old.until = merged_into, __import__("datetime").date(2025, 2, 28)
    old.save()
    user = UserFactory(organizer=organizer, agency=merged_into)
    assert list(visible_blocs(user)) == [bloc_a]


def test_user_of_a_non_member_agency_sees_nothing(province):
    organizer, *_ = province
    outsider = UserFactory(organizer=organizer, agency=AgencyFactory(organizer=organizer))
    assert list(visible_blocs(outsider)) == []


def test_secretaries_are_the_chair_agency_staff_and_assigned_users(province):
    organizer, bloc_a, members_a, _, _ = province
    chair_user = UserFactory(organizer=organizer, agency=members_a[0])
    vice_user = UserFactory(organizer=organizer, agency=members_a[1])
    assigned = UserFactory(organizer=organizer, agency=members_a[2])
    SecretaryAssignment.objects.create(bloc=bloc_a, year=2026, user=assigned)
    assert is_secretary(chair_user, bloc_a, 2026)
    assert not is_secretary(chair_user, bloc_a, 2025)  # the chair of another year is not
    assert not is_secretary(vice_user, bloc_a, 2026)
    assert is_secretary(assigned, bloc_a, 2026)


def test_get_bloc_for_user_answers_404_outside_reach(province):
    from django.http import Http404

    organizer, bloc_a, members_a, bloc_b, _ = province
    user = UserFactory(organizer=organizer, agency=members_a[0])
    assert get_bloc_for_user(user, bloc_a.pk) == bloc_a
    with pytest.raises(Http404):
        get_bloc_for_user(user, bloc_b.pk)


def test_anonymous_sees_nothing(province):
    from django.contrib.auth.models import AnonymousUser

    assert list(visible_blocs(AnonymousUser())) == []


def test_membership_in_any_year_gives_read_access(province):
    organizer, _, _, bloc_b, _ = province
    former = AgencyFactory(organizer=organizer)
    Membership.objects.create(bloc=bloc_b, agency=former, from_year=2015, to_year=2016)
    assert list(visible_blocs(UserFactory(organizer=organizer, agency=former))) == [bloc_b]
