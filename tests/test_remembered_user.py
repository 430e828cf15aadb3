"""The signed-in user's row kept by the process per data version (members.middleware.AuthenticationMiddleware)."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import fragments
from members.models import User

from .pages.blocs_world import YEAR, build_world

pytestmark = pytest.mark.django_db
USER_TABLE = f'FROM "{User._meta.db_table}"'


@pytest.fixture
def world():
    return build_world()


def user_rows_read(client, url: str, **params) -> tuple[int, int]:
    """(status, SELECTs of the users table) of a GET."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    return response.status_code, sum(USER_TABLE in q["sql"] and q["sql"].startswith("SELECT") for q in queries)


def test_the_row_is_read_once_per_data_version(world):
    client = world.client("board")
    home = reverse("home")
    assert user_rows_read(client, home, year=YEAR) == (200, 1)
    assert user_rows_read(client, home, year=YEAR) == (200, 0)
    world.bloc.save()  # any write: a new data version
    assert user_rows_read(client, home, year=YEAR) == (200, 1)


def test_a_change_to_the_user_shows_on_the_next_request(world):
    client = world.client("board")
    home = reverse("home")
    assert user_rows_read(client, home) == (200, 1)
    assert user_rows_read(client, home) == (200, 0)  # remembered
    staff = world.users["board"]
    User.objects.filter(pk=staff.pk).update(first_name="Tên Mới Lạ")
    assert "Tên Mới Lạ" in client.get(home).content.decode()
    User.objects.filter(pk=staff.pk).update(is_active=False)
    response = client.get(home)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_password_changed_elsewhere_ends_the_session(world):
    client = world.client("board")
    home = reverse("home")
    assert client.get(home).status_code == 200
    staff = User.objects.get(pk=world.users["board"].pk)
    staff.set_password("mật-khẩu-mới-2026")
    staff.save()
    response = client.get(home)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_remembered_row_still_checks_the_sessions_password_hash(world):
    """Two sessions of one user; the row remembered from the first, the second's hash no longer matches."""
    first, second = world.client("board"), world.client("board")
    home = reverse("home")
    assert first.get(home).status_code == 200
    session = second.session
    session["_auth_user_hash"] = "0" * 64
    session.save()
    response = second.get(home)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert first.get(home).status_code == 200


def test_without_a_data_version_the_row_is_read_each_time(world):
    client = world.client("board")
    home = reverse("home")
    with mock.patch.object(fragments, "version", return_value=None):
        assert user_rows_read(client, home, year=YEAR) == (200, 1)
        assert user_rows_read(client, home, year=YEAR) == (200, 1)


def test_a_remembered_user_is_a_fresh_object_each_request(world):
    """What a view sets on request.user does not leak into the next request."""
    client = world.client("board")
    client.get(reverse("home"))
    first = client.get(reverse("home")).wsgi_request.user
    first.first_name = "Đổi trong bộ nhớ"
    second = client.get(reverse("home")).wsgi_request.user
    assert second.pk == first.pk
    assert second is not first and second.first_name != "Đổi trong bộ nhớ"
