"""The home page: the blocs of the selected year with leadership, meetings and proposals; filters."""

import pytest
from django.test import Client
from django.urls import reverse

from blocs.models import Bloc, Leadership, Membership, SecretaryAssignment
from members.models import User
from members.tests.factories import PASSWORD, OrganizerFactory, UserFactory
from portal.tests.blocs_world import (
    FOREIGN_WORDS,
    OTHER_BLOC_WORDS,
    assert_no_leak,
    body,
    build_world,
    decide,
    make_bloc,
    mid_year,
    propose,
    year_end,
)

pytestmark = pytest.mark.django_db

HOME = reverse("home")


@pytest.fixture
def world():
    return build_world()


def row_of(html: str, bloc_name: str) -> str:
    """The table row of a bloc."""
    start = html.index(bloc_name)
    return html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]


def test_anonymous_is_sent_to_login(world):
    response = world.client("anonymous").get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_board_staff_see_every_bloc_of_their_province_with_the_year_figures(world):
    html = body(world.client("board").get(HOME, {"year": 2025}))
    assert "Khối thi đua Tổng hợp" in html and "Khối thi đua Bí mật" in html
    assert_no_leak(html, *FOREIGN_WORDS)
    row = row_of(html, "Khối thi đua Tổng hợp")
    assert world.members[2].name in row and world.members[0].name in row  # 2025 chair and vice-chair
    assert "20/12/2025" in row and "Đã chốt" in row
    assert "Biên bản v1" in row
    assert reverse("meetings:minutes_status", kwargs={"pk": world.meeting.pk, "doc": "bien-ban"}) in row
    # 6 members, 2 proposals passed, 1 of them awaiting a decision.
    assert '<td class="text-end">6</td>' in row and '<td class="text-end">2</td>' in row
    assert '<span class="badge text-bg-warning">1</span>' in row


def test_board_staff_of_another_province_see_none_of_it(world):
    html = body(world.client("other_province_staff").get(HOME, {"year": 2025}))
    assert "Khối Tỉnh Khác" in html
    assert_no_leak(html, "Khối thi đua Tổng hợp", *OTHER_BLOC_WORDS)


def test_member_agency_user_sees_only_their_blocs(world):
    html = body(world.client("member").get(HOME, {"year": 2025}))
    assert "Khối thi đua Tổng hợp" in html
    assert_no_leak(html, *FOREIGN_WORDS, *OTHER_BLOC_WORDS)
    # Same columns as the board: the figures are on the bloc page the member reads anyway.
    assert "Chờ quyết định" in html


def test_user_of_a_non_member_agency_does_not_see_the_bloc(world):
    html = body(world.client("non_member").get(HOME, {"year": 2025}))
    assert "Khối thi đua Bí mật" in html
    assert_no_leak(html, "Khối thi đua Tổng hợp", *FOREIGN_WORDS)


def test_secretary_sees_their_bloc(world):
    html = body(world.client("secretary").get(HOME, {"year": 2026}))
    assert "Khối thi đua Tổng hợp" in html
    assert_no_leak(html, *FOREIGN_WORDS, *OTHER_BLOC_WORDS)


def test_agency_user_sees_only_the_blocs_of_the_selected_year(world):
    left, _ = make_bloc(world.province, "Khối đã rời", [], from_year=2017)
    Membership.objects.create(bloc=left, agency=world.members[3], from_year=2017, to_year=2019)
    client = world.client("member")
    assert "Khối đã rời" in body(client.get(HOME, {"year": 2018}))
    assert "Khối đã rời" not in body(client.get(HOME, {"year": 2025}))


def test_an_assigned_secretary_without_membership_sees_the_bloc_of_that_year(world):
    user = UserFactory(organizer=world.province, agency=world.lone_agency)
    SecretaryAssignment.objects.create(bloc=world.bloc, year=2026, user=user)
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    assert "Khối thi đua Tổng hợp" in body(client.get(HOME, {"year": 2026}))
    assert "Khối thi đua Tổng hợp" not in body(client.get(HOME, {"year": 2025}))


def test_filter_by_kind(world):
    make_bloc(world.province, "Cụm thi đua số 1", ["Huyện A", "Huyện B"], kind=Bloc.Kind.CLUSTER)
    html = body(world.client("board").get(HOME, {"year": 2025, "kind": "cluster"}))
    assert "Cụm thi đua số 1" in html and "Khối thi đua Tổng hợp" not in html


def test_filter_by_name_ignores_diacritics(world):
    html = body(world.client("board").get(HOME, {"year": 2025, "name": "tong hop"}))
    assert "Khối thi đua Tổng hợp" in html and "Khối thi đua Bí mật" not in html


def test_filter_without_year_end_review(world):
    html = body(world.client("board").get(HOME, {"year": 2025, "without_year_end": "on"}))
    assert "Khối thi đua Tổng hợp" not in html and "Khối thi đua Bí mật" not in html
    html = body(world.client("board").get(HOME, {"year": 2024, "without_year_end": "on"}))
    assert "Khối thi đua Tổng hợp" in html and "Khối thi đua Bí mật" in html


def test_filter_awaiting_decision(world):
    html = body(world.client("board").get(HOME, {"year": 2025, "awaiting_decision": "on"}))
    assert "Khối thi đua Tổng hợp" in html and "Khối thi đua Bí mật" in html
    decide(world.province, "99/QĐ-UBND", *world.other_bloc.proposals.all())
    html = body(world.client("board").get(HOME, {"year": 2025, "awaiting_decision": "on"}))
    assert "Khối thi đua Tổng hợp" in html and "Khối thi đua Bí mật" not in html


def test_a_filter_matching_nothing_says_so(world):
    html = body(world.client("board").get(HOME, {"year": 2025, "name": "khong co"}))
    assert "Không có khối, cụm nào khớp bộ lọc." in html


def test_bloc_names_link_to_the_bloc_page(world):
    html = body(world.client("member").get(HOME, {"year": 2025}))
    assert reverse("blocs:detail", kwargs={"pk": world.bloc.pk}) in html


def add_blocs(organizer, count: int, year: int = 2025, *, member=None, start: int = 0):
    """Blocs with leadership, both reviews (minutes), passed proposals with and without a decision; numbered
    from ``start`` (agencies of a province have names of their own)."""
    for n in range(start, start + count):
        bloc, agencies = make_bloc(organizer, f"Khối thêm {n}", [f"Đơn vị thêm {n}-{i}" for i in range(5)])
        if member is not None:
            Membership.objects.create(bloc=bloc, agency=member, from_year=2017)
        Leadership.objects.create(bloc=bloc, year=year, chair=agencies[0], vice_chair=agencies[1])
        mid_year(bloc, year)
        meeting = year_end(bloc, year)
        awarded = propose(meeting, agencies[2], "CO_TINH")
        propose(meeting, agencies[3], "BK_TINH")
        decide(organizer, f"{bloc.pk}/QĐ-THEM", awarded)


def test_query_count_is_fixed_for_board_staff_at_1x_and_10x(django_assert_num_queries):
    organizer = OrganizerFactory()
    staff = UserFactory(role=User.Role.BOARD_STAFF, organizer=organizer)
    add_blocs(organizer, 1)
    client = Client()
    client.login(username=staff.username, password=PASSWORD)
    client.get(HOME, {"year": 2025})  # remembers the year in the session
    with django_assert_num_queries(6) as one:
        client.get(HOME, {"year": 2025})
    add_blocs(organizer, 9, start=1)
    with django_assert_num_queries(len(one.captured_queries)):
        html = body(client.get(HOME, {"year": 2025}))
    assert html.count("Biên bản v1") == 10


def test_query_count_is_fixed_for_agency_users_at_1x_and_10x(world, django_assert_num_queries):
    client = world.client("member")
    client.get(HOME, {"year": 2025})
    with django_assert_num_queries(6) as one:
        client.get(HOME, {"year": 2025})
    add_blocs(world.province, 10, member=world.members[3])
    with django_assert_num_queries(len(one.captured_queries)):
        html = body(client.get(HOME, {"year": 2025}))
    assert html.count("Khối thêm") == 10


def test_an_assigned_secretary_without_an_agency_sees_the_bloc_of_that_year(world):
    user = UserFactory(organizer=world.province)
    SecretaryAssignment.objects.create(bloc=world.bloc, year=2026, user=user)
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    html = body(client.get(HOME, {"year": 2026}))
    assert "Khối thi đua Tổng hợp" in html
    assert_no_leak(html, *OTHER_BLOC_WORDS, *FOREIGN_WORDS)
    assert client.get(reverse("blocs:detail", kwargs={"pk": world.bloc.pk})).status_code == 200
