"""The people of a province, managed by its board staff: the list (searched, paginated), a new account invited by
email, changes, locking and unlocking, and the invitation sent again."""

import re

import pytest
from django.urls import reverse

from core.tests.html import error_text
from members.models import User
from members.tests.factories import UserFactory
from portal.tests.blocs_world import ROLES, body, build_world

pytestmark = pytest.mark.django_db

LIST = reverse("blocs:user_list")
CREATE = reverse("blocs:user_create")


@pytest.fixture
def world():
    return build_world()


def url(name: str, person: User) -> str:
    return reverse(f"blocs:{name}", kwargs={"pk": person.pk})


def user_data(**changes) -> dict:
    return {"email": "an@tc.gov.vn", "first_name": "Nguyễn Văn An", "role": "agency_user"} | changes


# Who


@pytest.mark.parametrize("role", ROLES)
def test_only_board_staff_reach_the_user_pages_each_of_their_own_province(world, role):
    member = world.users["member"]
    for page, mine in ((LIST, False), (CREATE, False), (url("user_update", member), True)):
        response = world.client(role).get(page)
        if role == "anonymous":
            assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        elif role == "other_province_staff":
            assert response.status_code == (404 if mine else 200)
            assert member.username not in body(response)
        else:
            assert response.status_code == (200 if role == "board" else 404), (page, role)


def test_a_superuser_is_not_the_board_to_manage(world):
    admin = User.objects.create_superuser(username="quantri", password="x", email="", organizer=world.province)
    client = world.client("board")
    assert "quantri" not in body(client.get(LIST))
    for name in ("user_update", "user_deactivate", "user_activate"):
        assert client.get(url(name, admin)).status_code == 404
    assert client.post(url("user_invite", admin)).status_code == 404


# The list


def test_the_list_searches_names_addresses_and_agencies_without_diacritics(world):
    client = world.client("board")
    html = body(client.get(LIST, {"q": "cuc thue"}))
    assert world.users["member"].username in html and world.users["secretary"].username not in html
    assert world.users["member"].username in body(client.get(LIST, {"q": "thanh vien"}))


def test_the_list_is_paginated_and_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = world.client("board")
    client.get(LIST)
    with django_assert_max_num_queries(8):
        client.get(LIST)
    for n in range(60):
        UserFactory(organizer=world.province, agency=world.members[n % 6], username=f"nguoi{n:02d}")
    with django_assert_max_num_queries(8):
        html = body(client.get(LIST))
    assert "Trang 1/2" in html


def test_the_list_tells_who_has_not_set_a_password_and_offers_the_invitation_again(world):
    client = world.client("board")
    client.post(CREATE, user_data(agency=world.members[2].pk))
    html = body(client.get(LIST))
    invited = User.objects.get(email="an@tc.gov.vn")
    assert "Chưa đặt mật khẩu" in html and url("user_invite", invited) in html
    assert url("user_invite", world.users["member"]) not in html


# Creating


def test_board_creates_an_agency_user_and_the_invitation_leaves_after_commit(
    world, emails, django_capture_on_commit_callbacks
):
    client = world.client("board")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE, user_data(agency=world.members[2].pk))
    assert response["Location"] == LIST
    user = User.objects.get(email="an@tc.gov.vn")
    assert (user.username, user.agency, user.organizer) == ("an@tc.gov.vn", world.members[2], world.province)
    assert not user.has_usable_password()
    (email,) = emails
    assert email.to == ["an@tc.gov.vn"] and re.search(r"/dat-mat-khau/\S+/", email.body)
    assert "Đã tạo tài khoản an@tc.gov.vn và gửi thư mời" in body(client.get(LIST))


def test_board_staff_are_created_without_an_agency(world):
    world.client("board").post(CREATE, user_data(role="board_staff", agency=world.members[2].pk))
    user = User.objects.get(email="an@tc.gov.vn")
    assert user.is_board_staff and user.agency is None and user.organizer == world.province


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({}, "agency", "Hãy chọn cơ quan, đơn vị của người dùng."),
        ({"email": "khong-phai-email"}, "email", "Nhập địa chỉ email"),
        ({"role": "superuser"}, "role", "Hãy chọn"),
    ],
)
def test_a_refused_account_is_explained_beside_the_field(world, changes, field, message):
    count = User.objects.count()
    response = world.client("board").post(CREATE, user_data(**changes))
    assert response.status_code == 200
    assert message in error_text(body(response), f"id_{field}_error")
    assert User.objects.count() == count


def test_an_agency_of_another_province_is_not_offered(world):
    response = world.client("board").post(CREATE, user_data(agency=world.foreign_agency.pk))
    assert "Hãy chọn" in error_text(body(response), "id_agency_error")
    assert "Tỉnh Khác" not in body(world.client("board").get(CREATE))


def test_an_address_already_used_is_refused_beside_the_email(world):
    UserFactory(organizer=world.province, email="an@tc.gov.vn")
    response = world.client("board").post(CREATE, user_data(email="An@TC.gov.vn", agency=world.members[2].pk))
    assert "đã được dùng cho một người dùng khác" in error_text(body(response), "id_email_error")


# Changing, locking, inviting again


def test_board_changes_a_user_agency_and_name(world):
    member = world.users["member"]
    response = world.client("board").post(
        url("user_update", member), user_data(email="vien@thue.gov.vn", agency=world.members[4].pk)
    )
    assert response["Location"] == LIST
    member.refresh_from_db()
    assert (member.email, member.agency, member.get_full_name()) == (
        "vien@thue.gov.vn",
        world.members[4],
        "Nguyễn Văn An",
    )


def test_board_staff_cannot_change_their_own_role(world):
    board = world.users["board"]
    response = world.client("board").post(
        url("user_update", board), user_data(role="agency_user", agency=world.members[4].pk)
    )
    assert "Bạn không thể tự đổi vai trò của mình." in error_text(body(response), "id_role_error")
    assert User.objects.get(pk=board.pk).is_board_staff


def test_locking_asks_first_then_locks_and_unlocking_restores(world):
    member, client = world.users["member"], world.client("board")
    page = body(client.get(url("user_deactivate", member)))
    assert "sẽ không đăng nhập được nữa" in page
    assert User.objects.get(pk=member.pk).is_active
    assert client.post(url("user_deactivate", member))["Location"] == LIST
    assert not User.objects.get(pk=member.pk).is_active
    assert "Đã khoá" in body(client.get(LIST))
    assert client.post(url("user_activate", member))["Location"] == LIST
    assert User.objects.get(pk=member.pk).is_active


def test_board_staff_cannot_lock_themselves(world):
    board = world.users["board"]
    client = world.client("board")
    assert url("user_deactivate", board) not in body(client.get(url("user_update", board)))
    response = client.post(url("user_deactivate", board))
    assert response.status_code == 200 and "tự khoá tài khoản" in body(response)
    assert User.objects.get(pk=board.pk).is_active


def test_the_invitation_is_sent_again_on_request(world, emails, django_capture_on_commit_callbacks):
    member, client = world.users["member"], world.client("board")
    member.email = "vien@thue.gov.vn"
    member.save(update_fields=["email"])
    assert client.get(url("user_invite", member)).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("user_invite", member))
    assert response["Location"] == LIST
    assert [email.to for email in emails] == [["vien@thue.gov.vn"]]


def test_an_invitation_without_an_address_is_explained(world, emails):
    client = world.client("board")
    response = client.post(url("user_invite", world.users["member"]))
    assert response["Location"] == LIST
    assert "chưa có địa chỉ email" in body(client.get(LIST))
    assert emails == []
