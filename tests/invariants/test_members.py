"""Agencies (code, succession) and users, through members.services."""

import datetime

import pytest

from blocs.models import Membership
from blocs.services import agency_succeed
from blocs.tests.factories import bloc_with_members
from members.models import Agency, User
from members.services import agency_create, user_create
from members.tests.factories import AgencyFactory, OrganizerFactory
from tests.invariants import NON_FIELD, refused

pytestmark = pytest.mark.django_db

LAST_DAY = datetime.date(2025, 6, 30)


def test_agency_code_already_used_in_the_province_is_refused(organizer):
    agency_create(organizer=organizer, code="SO-TC", name="Sở Tài chính")

    with refused("Mã cơ quan này đã có trong tỉnh.", field=NON_FIELD):
        agency_create(organizer=organizer, code="SO-TC", name="Sở Tài chính tỉnh")


def test_same_agency_code_in_another_province_is_accepted(organizer):
    agency_create(organizer=organizer, code="SO-TC", name="Sở Tài chính")

    agency_create(organizer=OrganizerFactory(), code="SO-TC", name="Sở Tài chính")

    assert Agency.objects.filter(code="SO-TC").count() == 2


def test_successor_without_a_last_day_is_refused(organizer):
    old, new = AgencyFactory(organizer=organizer), AgencyFactory(organizer=organizer)

    with refused("Đơn vị kế thừa và ngày cuối cùng hoạt động phải được nhập cùng nhau.", field="until"):
        agency_succeed(agency=old, successor=new, last_day=None)


def test_agency_succeeding_itself_is_refused(organizer):
    agency = AgencyFactory(organizer=organizer)

    with refused("Một đơn vị không thể kế thừa chính nó.", field="successor"):
        agency_succeed(agency=agency, successor=agency, last_day=LAST_DAY)


def test_successor_of_another_province_is_accepted(organizer):
    """The 2025 reorganization moved agencies across provinces (issue 19): the rule is gone."""
    old = AgencyFactory(organizer=organizer)
    elsewhere = AgencyFactory(organizer=OrganizerFactory())

    agency_succeed(agency=old, successor=elsewhere, last_day=LAST_DAY)

    old.refresh_from_db()
    assert (old.successor, old.until) == (elsewhere, LAST_DAY)


def test_successor_chain_leading_back_to_the_agency_is_refused(organizer):
    skhdt, stc = AgencyFactory(organizer=organizer), AgencyFactory(organizer=organizer)
    agency_succeed(agency=skhdt, successor=stc, last_day=LAST_DAY)

    with refused("Chuỗi kế thừa tạo thành vòng lặp.", field="successor"):
        agency_succeed(agency=stc, successor=skhdt, last_day=LAST_DAY)


def test_longer_successor_cycle_is_refused(organizer):
    a, b, c = (AgencyFactory(organizer=organizer) for _ in range(3))
    agency_succeed(agency=a, successor=b, last_day=LAST_DAY)
    agency_succeed(agency=b, successor=c, last_day=LAST_DAY)

    with refused("Chuỗi kế thừa tạo thành vòng lặp.", field="successor"):
        agency_succeed(agency=c, successor=a, last_day=LAST_DAY)


def test_agency_that_already_has_a_successor_cannot_get_another(organizer):
    old, first, second = (AgencyFactory(organizer=organizer) for _ in range(3))
    agency_succeed(agency=old, successor=first, last_day=LAST_DAY)

    with refused("Đơn vị này đã có đơn vị kế thừa.", field="successor"):
        agency_succeed(agency=old, successor=second, last_day=LAST_DAY)


def test_merger_keeps_the_old_agency_in_earlier_years_and_the_successor_from_then_on(organizer):
    bloc, (skhdt, *_) = bloc_with_members(3, organizer=organizer)
    stc = AgencyFactory(organizer=organizer)

    agency_succeed(agency=skhdt, successor=stc, last_day=LAST_DAY)

    years = set(
        Membership.objects.filter(bloc=bloc, agency__in=[skhdt, stc]).values_list("agency", "from_year", "to_year")
    )
    assert years == {(skhdt.pk, 2017, 2024), (stc.pk, 2025, None)}


def test_board_staff_without_a_province_is_refused(db):
    with refused("Cán bộ Ban Thi đua - Khen thưởng phải thuộc một tỉnh.", field="organizer"):
        user_create(username="canbo", password="thidua2026", role=User.Role.BOARD_STAFF)


def test_user_of_an_agency_in_another_province_is_refused(organizer):
    elsewhere = AgencyFactory(organizer=OrganizerFactory())

    with refused("Cơ quan phải thuộc tỉnh của người dùng.", field="agency"):
        user_create(username="vanthu", password="thidua2026", organizer=organizer, agency=elsewhere)


def test_agency_user_takes_the_province_of_the_agency(organizer):
    agency = AgencyFactory(organizer=organizer)

    user = user_create(username="vanthu", password="thidua2026", agency=agency)

    assert user.organizer_id == organizer.pk
