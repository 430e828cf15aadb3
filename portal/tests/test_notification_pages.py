"""The notifications pages: the list, opening one, marking all read; and the bell in the menu."""

from __future__ import annotations

import pytest
from django.urls import reverse

from members.models import User
from members.tests.factories import UserFactory
from notices.models import Notification
from notices.services import notify

pytestmark = pytest.mark.django_db

ASSIGNED = Notification.Kind.SECRETARY_ASSIGNED


def tell(user: User, bloc: str, url: str = "/khoi/7/?year=2026") -> Notification:
    return notify(users=[user], kind=ASSIGNED, params={"bloc": bloc, "year": 2026}, url=url)[0]


def unread(user: User) -> int:
    user.refresh_from_db(fields=["unread_notifications"])
    return user.unread_notifications


@pytest.fixture
def user(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_the_list_shows_the_users_own_newest_first_with_the_unread_in_bold(client, user):
    tell(user, "Khối Một")
    read = tell(user, "Khối Hai")
    tell(user, "Khối Ba")
    tell(UserFactory(), "Khối Của Người Khác")
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    body = client.get(reverse("notifications")).content.decode()

    assert body.index("Khối Ba") < body.index("Khối Hai") < body.index("Khối Một")
    assert "Khối Của Người Khác" not in body
    assert '<span class="d-block fw-bold">Bạn được phân công làm thư ký Khối Ba năm 2026.</span>' in body
    assert '<span class="d-block">Bạn được phân công làm thư ký Khối Hai năm 2026.</span>' in body
    assert "Đánh dấu đã đọc tất cả" in body


def test_the_list_says_when_there_is_nothing_yet(client, user):
    body = client.get(reverse("notifications")).content.decode()
    assert "Bạn chưa có thông báo nào." in body
    assert "Đánh dấu đã đọc tất cả" not in body


def test_the_list_is_paginated(client, user):
    for number in range(31):
        tell(user, f"Khối số {number:02d}")
    first = client.get(reverse("notifications")).content.decode()
    second = client.get(reverse("notifications"), {"page": 2}).content.decode()
    assert "Khối số 30" in first and "Khối số 01" in first and "Khối số 00" not in first
    assert "Khối số 00" in second and "Trang 2/2" in second


def test_the_list_reads_a_fixed_number_of_queries(client, user, django_assert_num_queries):
    """The session, the user (with the unread count the bell shows), the count and the page of notifications."""
    tell(user, "Khối Một")
    with django_assert_num_queries(4):
        client.get(reverse("notifications"))
    for number in range(20):
        tell(user, f"Khối số {number}")
    with django_assert_num_queries(4):
        client.get(reverse("notifications"))


def test_opening_one_marks_it_read_and_goes_to_its_page(client, user):
    notification = tell(user, "Khối Một", url="/khoi/7/?year=2026")
    tell(user, "Khối Hai")
    response = client.get(reverse("notification_open", args=[notification.pk]))
    assert (response.status_code, response["Location"]) == (302, "/khoi/7/?year=2026")
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert unread(user) == 1
    client.get(reverse("notification_open", args=[notification.pk]))  # opened again: counted once
    assert unread(user) == 1


def test_another_users_notification_is_not_found(client, user):
    theirs = tell(UserFactory(), "Khối Của Người Khác")
    assert client.get(reverse("notification_open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_stored_address_off_the_site_leads_back_to_the_list(client, user):
    notification = tell(user, "Khối Một")
    Notification.objects.filter(pk=notification.pk).update(url="//example.com/")
    response = client.get(reverse("notification_open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications")


def test_marking_all_read(client, user):
    for bloc in ("Khối Một", "Khối Hai"):
        tell(user, bloc)
    other = UserFactory()
    tell(other, "Khối Của Người Khác")
    assert client.get(reverse("notifications_read_all")).status_code == 405
    response = client.post(reverse("notifications_read_all"), follow=True)
    assert "Đã đánh dấu 2 thông báo là đã đọc." in response.content.decode()
    assert (unread(user), unread(other)) == (0, 1)
    assert not user.notifications.filter(read_at__isnull=True).exists()


def test_the_bell_shows_the_unread_count_without_a_query_of_its_own(client, user, django_assert_num_queries):
    page = reverse("password_change")
    with django_assert_num_queries(2) as before:  # the session and the user
        assert "chưa đọc" not in client.get(page).content.decode()
    for bloc in ("Khối Một", "Khối Hai", "Khối Ba"):
        tell(user, bloc)
    with django_assert_num_queries(len(before.captured_queries)):
        body = client.get(page).content.decode()
    assert '<span class="badge rounded-pill text-bg-danger">3<span class="visually-hidden"> chưa đọc</span>' in body
