"""The pages of the foundation: login, the bloc list and search."""

import pytest
from django.urls import reverse

from blocs.models import Leadership
from blocs.tests.factories import bloc_with_members
from members.models import User
from members.tests.factories import PASSWORD, OrganizerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_vietnamese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()
    assert 'lang="vi"' in response.content.decode()


def test_wrong_password_shows_vietnamese_error(client):
    UserFactory(username="a")
    response = client.post(reverse("login"), {"username": "a", "password": "sai"})
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()


def test_board_staff_bloc_list_shows_leadership_of_the_year(client):
    organizer = OrganizerFactory()
    bloc, members = bloc_with_members(4, organizer=organizer, name="Khối thi đua Nội chính")
    Leadership.objects.create(bloc=bloc, year=2026, chair=members[0], vice_chair=members[1])
    user = UserFactory(role=User.Role.BOARD_STAFF, organizer=organizer)
    client.login(username=user.username, password=PASSWORD)
    body = client.get(reverse("home"), {"year": 2026}).content.decode()
    assert "Khối thi đua Nội chính" in body
    assert members[0].name in body and members[1].name in body


def test_bloc_list_query_count_does_not_grow_with_blocs(client, django_assert_num_queries):
    organizer = OrganizerFactory()
    user = UserFactory(role=User.Role.BOARD_STAFF, organizer=organizer)
    client.login(username=user.username, password=PASSWORD)
    bloc_with_members(3, organizer=organizer)
    client.get(reverse("home"), {"year": 2026})  # remembers the year in the session
    with django_assert_num_queries(5) as one:
        client.get(reverse("home"), {"year": 2026})
    for _ in range(9):
        bloc, members = bloc_with_members(3, organizer=organizer)
        Leadership.objects.create(bloc=bloc, year=2026, chair=members[0], vice_chair=members[1])
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("home"), {"year": 2026})


def test_search_page_finds_without_diacritics(client):
    organizer = OrganizerFactory()
    bloc_with_members(2, organizer=organizer, name="Khối thi đua Văn hóa - Xã hội")
    user = UserFactory(role=User.Role.BOARD_STAFF, organizer=organizer)
    client.login(username=user.username, password=PASSWORD)
    body = client.get(reverse("search"), {"q": "van hoa xa hoi"}).content.decode()
    assert "Khối thi đua Văn hóa - Xã hội" in body


# session, user, then one query per kind: blocs, agencies, meetings, (the board's) decisions, representatives,
# meeting participants, pledge signers.
@pytest.mark.parametrize(("role", "queries"), [("board", 9), ("member", 8)])
def test_search_query_count_does_not_grow_with_results(client, django_assert_num_queries, role, queries):
    organizer = OrganizerFactory()
    _bloc, members = bloc_with_members(2, organizer=organizer, name="Khối thi đua Văn hóa - Xã hội")
    board = UserFactory(role=User.Role.BOARD_STAFF, organizer=organizer)
    member = UserFactory(agency=members[0], organizer=organizer)
    user = board if role == "board" else member
    client.login(username=user.username, password=PASSWORD)
    client.get(reverse("search"), {"q": "van hoa"})
    with django_assert_num_queries(queries) as one:
        body = client.get(reverse("search"), {"q": "van hoa"}).content.decode()
    assert "Khối thi đua Văn hóa - Xã hội" in body
    for n in range(10):
        bloc_with_members(2, organizer=organizer, name=f"Khối thi đua Văn hóa {n}")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("search"), {"q": "van hoa"})


def test_search_with_control_characters_still_finds(client):
    """NUL and other control characters separate words (PostgreSQL refuses NUL in a query: no 500)."""
    organizer = OrganizerFactory()
    bloc_with_members(2, organizer=organizer, name="Khối thi đua Văn hóa - Xã hội")
    user = UserFactory(role=User.Role.BOARD_STAFF, organizer=organizer)
    client.login(username=user.username, password=PASSWORD)
    response = client.get(reverse("search"), {"q": "van\x00hoa\x1b xa hoi"})
    assert response.status_code == 200
    assert "Khối thi đua Văn hóa - Xã hội" in response.content.decode()


def test_bad_year_parameter_falls_back_without_error(client):
    user = UserFactory(role=User.Role.BOARD_STAFF, organizer=OrganizerFactory())
    client.login(username=user.username, password=PASSWORD)
    assert client.get(reverse("home"), {"year": "abc"}).status_code == 200
    assert client.get(reverse("home"), {"year": "99999"}).status_code == 200
