"""The agency page: blocs, leadership terms and awards across the years, through renames and mergers."""

import datetime

import pytest
from django.urls import reverse

from blocs.models import Leadership, Membership
from members.models import User
from members.tests.factories import AgencyFactory, UserFactory
from portal.tests.blocs_world import (
    FOREIGN_WORDS,
    OTHER_BLOC_WORDS,
    assert_no_leak,
    body,
    build_world,
    decide,
    make_bloc,
    propose,
    year_end,
)

pytestmark = pytest.mark.django_db

LAST_DAY = datetime.date(2025, 2, 28)


@pytest.fixture
def world():
    world = build_world()
    # Sở Kế hoạch và Đầu tư sat in the bloc until 2024, chaired it in 2023, won a flag for 2024, and was
    # merged into Sở Tài chính (members[0]) after 28/02/2025.
    old = AgencyFactory(organizer=world.province, name="Sở Kế hoạch và Đầu tư")
    Membership.objects.create(bloc=world.bloc, agency=old, from_year=2017, to_year=2024)
    Leadership.objects.create(bloc=world.bloc, year=2023, chair=old, vice_chair=world.members[2])
    flag = propose(year_end(world.bloc, 2024), old, "CO_TINH")
    decide(world.province, "125/QĐ-UBND", flag)
    old.successor, old.until = world.members[0], LAST_DAY
    old.save()
    world.old = old
    # Kho bạc (members[4]) also sits in the other bloc: its records there are not for bloc A's members.
    Membership.objects.create(bloc=world.other_bloc, agency=world.members[4], from_year=2020)
    return world


def url(agency) -> str:
    return reverse("members:detail", kwargs={"pk": agency.pk})


def test_anonymous_is_sent_to_login(world):
    response = world.client("anonymous").get(url(world.members[4]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["other_province_staff", "non_member"])
def test_outsiders_get_404(world, role):
    assert world.client(role).get(url(world.members[3])).status_code == 404


@pytest.mark.parametrize("role", ["member", "secretary", "board"])
def test_readers_of_a_bloc_it_belongs_to_see_it(world, role):
    response = world.client(role).get(url(world.members[3]))
    assert response.status_code == 200
    html = body(response)
    assert "Cục Thuế tỉnh" in html and "Khối thi đua Tổng hợp" in html
    assert_no_leak(html, *FOREIGN_WORDS, *OTHER_BLOC_WORDS)


def test_an_agency_in_no_bloc_is_visible_to_the_board_and_its_own_users_only(world):
    assert world.client("member").get(url(world.lone_agency)).status_code == 404
    assert world.client("board").get(url(world.lone_agency)).status_code == 200
    own = UserFactory(organizer=world.province, agency=world.lone_agency, role=User.Role.AGENCY_USER)
    world.users["own"] = own
    assert world.client("own").get(url(world.lone_agency)).status_code == 200


def test_an_agency_of_another_province_is_404_for_board_staff(world):
    assert world.client("board").get(url(world.foreign_agency)).status_code == 404


def test_records_of_a_bloc_the_reader_cannot_open_are_left_out(world):
    kho_bac = world.members[4]
    assert "Khối thi đua Bí mật" not in body(world.client("member").get(url(kho_bac)))
    assert "Khối thi đua Bí mật" in body(world.client("board").get(url(kho_bac)))


def test_leadership_terms_and_awards(world):
    html = body(world.client("member").get(url(world.members[0])))
    terms = html.split('id="truong-khoi"', 1)[1].split("</section>", 1)[0]
    assert "2026" in terms and "2025" in terms and "Trưởng khối" in terms and "Phó trưởng khối" in terms


def test_successor_page_includes_the_predecessor_records_under_their_old_name(world):
    html = body(world.client("board").get(url(world.members[0])))
    assert "Sở Kế hoạch và Đầu tư" in html
    terms = html.split('id="truong-khoi"', 1)[1].split("</section>", 1)[0]
    assert "2023" in terms and "Sở Kế hoạch và Đầu tư" in terms
    awards = html.split('id="khen-thuong"', 1)[1].split("</section>", 1)[0]
    assert "125/QĐ-UBND" in awards and "Sở Kế hoạch và Đầu tư" in awards and "Cờ thi đua của UBND tỉnh" in awards
    blocs = html.split('id="khoi"', 1)[1].split("</section>", 1)[0]
    assert "2024" in blocs and "Sở Kế hoạch và Đầu tư" in blocs


def test_predecessor_page_says_where_it_went(world):
    html = body(world.client("member").get(url(world.old)))
    assert "đã sáp nhập vào hoặc đổi tên thành" in html
    assert "01/03/2025" in html
    assert url(world.members[0]) in html


def test_a_user_of_the_successor_sees_the_predecessor_page(world):
    # The secretary's agency is Sở Tài chính, which carries on Sở Kế hoạch và Đầu tư.
    assert world.client("secretary").get(url(world.old)).status_code == 200


def test_agency_page_is_linked_from_the_bloc_page(world):
    html = body(world.client("member").get(reverse("blocs:detail", kwargs={"pk": world.bloc.pk})))
    assert url(world.members[3]) in html


@pytest.mark.parametrize(("role", "queries"), [("board", 9), ("member", 10)])
def test_query_count_is_fixed_at_1x_and_10x(world, role, queries, django_assert_num_queries):
    client = world.client(role)
    target = world.members[0]
    client.get(url(target))
    with django_assert_num_queries(queries) as one:
        assert client.get(url(target)).status_code == 200
    for n in range(10):
        bloc, agencies = make_bloc(world.province, f"Khối thêm {n}", [f"Đơn vị {n}-{i}" for i in range(3)])
        Membership.objects.create(bloc=bloc, agency=target, from_year=2015)
        Membership.objects.create(bloc=world.bloc, agency=agencies[0], from_year=2017)  # member's bloc A stays
        Leadership.objects.create(bloc=bloc, year=2020, chair=target, vice_chair=agencies[0])
        Leadership.objects.create(bloc=bloc, year=2021, chair=agencies[0], vice_chair=target)
        meeting = year_end(bloc, 2020)
        decide(world.province, f"{bloc.pk}/QĐ-THEM", propose(meeting, target, "CO_TINH"))
        propose(meeting, target, "BK_TINH")
        # Another agency merged into the target: a wider lineage, not a deeper one.
        old = AgencyFactory(organizer=world.province, name=f"Đơn vị cũ {n}")
        Membership.objects.create(bloc=bloc, agency=old, from_year=2010, to_year=2014)
        old.successor, old.until = target, datetime.date(2014, 12, 31)
        old.save()
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(url(target)).status_code == 200
