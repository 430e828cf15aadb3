"""Notifying users and marking their notifications read: the rows, the unread count on the user, the email."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from members.models import User
from members.tests.factories import UserFactory
from notices.models import Notification, message_of
from notices.services import mark_read, notify, notify_each

pytestmark = pytest.mark.django_db

ASSIGNED = Notification.Kind.SECRETARY_ASSIGNED
PARAMS = {"bloc": "Khối thi đua Nội chính", "year": 2026}
URL = "/khoi/7/?year=2026"


def unread(user: User) -> int:
    user.refresh_from_db(fields=["unread_notifications"])
    return user.unread_notifications


def test_notify_adds_a_notification_for_each_user_and_counts_it_unread():
    first, second = UserFactory(), UserFactory()
    notify(users=[first, second], kind=ASSIGNED, params=PARAMS, url=URL)
    notify(users=[first], kind=ASSIGNED, params=PARAMS, url=URL)

    assert (unread(first), unread(second)) == (2, 1)
    notification = second.notifications.get()
    assert (notification.kind, notification.url, notification.read_at) == (ASSIGNED, URL, None)
    assert notification.message == "Bạn được phân công làm thư ký Khối thi đua Nội chính năm 2026."


def test_a_user_listed_twice_is_told_once_and_neither_inactive_users_nor_the_actor_are_told():
    user, actor = UserFactory(), UserFactory()
    gone = UserFactory(is_active=False)
    notify(users=[user, user, gone, actor], kind=ASSIGNED, params=PARAMS, url=URL, by=actor)
    assert list(Notification.objects.values_list("user", flat=True)) == [user.pk]
    assert (unread(user), unread(gone), unread(actor)) == (1, 0, 0)


def test_each_user_gets_their_own_sentence_and_page():
    first, second = UserFactory(), UserFactory()
    notify_each(
        kind=ASSIGNED,
        rows=[
            (first, {"bloc": "Khối A", "year": 2026}, "/khoi/1/"),
            (second, {"bloc": "Khối B", "year": 2026}, "/khoi/2/"),
        ],
    )
    assert [(n.message, n.url) for n in Notification.objects.order_by("user")] == [
        ("Bạn được phân công làm thư ký Khối A năm 2026.", "/khoi/1/"),
        ("Bạn được phân công làm thư ký Khối B năm 2026.", "/khoi/2/"),
    ]


@pytest.mark.parametrize("url", ["https://example.com/", "//example.com/", "khoi/1/"])
def test_a_notification_only_opens_a_page_of_the_site(url):
    with pytest.raises(ValueError):
        notify(users=[UserFactory()], kind=ASSIGNED, params=PARAMS, url=url)
    assert not Notification.objects.exists()


def test_the_email_is_sent_once_the_transaction_commits(emails, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://thidua.example.vn"
    user = UserFactory(email="thuky@example.vn", first_name="Lan", last_name="Nguyễn Thị")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(users=[user, UserFactory(email="")], kind=ASSIGNED, params=PARAMS, url=URL)
        assert emails == []  # not before the commit
    assert len(callbacks) == 1  # the user without an address gets the notification only
    (email,) = emails
    assert email.to == ["thuky@example.vn"]
    assert email.subject == "Thi đua khối: Được phân công làm thư ký khối"
    assert "Bạn được phân công làm thư ký Khối thi đua Nội chính năm 2026." in email.body
    assert "https://thidua.example.vn/khoi/7/?year=2026" in email.body
    assert "https://thidua.example.vn/thong-bao/" in email.body


def test_nothing_is_told_or_sent_when_the_transaction_rolls_back(emails, django_capture_on_commit_callbacks):
    user = UserFactory(email="thuky@example.vn")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(IntegrityError),
        transaction.atomic(),
    ):
        notify(users=[user], kind=ASSIGNED, params=PARAMS, url=URL)
        raise IntegrityError("the change the notification tells of failed")
    assert (callbacks, emails) == ([], [])
    assert not Notification.objects.exists()
    assert unread(user) == 0


def test_mark_read_marks_the_users_own_and_counts_each_once():
    user, other = UserFactory(), UserFactory()
    for _ in range(3):
        notify(users=[user, other], kind=ASSIGNED, params=PARAMS, url=URL)
    mine = list(user.notifications.order_by("pk"))
    theirs = other.notifications.first()

    assert mark_read(user=user, ids=[mine[0].pk, theirs.pk]) == 1
    assert mark_read(user=user, ids=[mine[0].pk]) == 0  # read already: a second tab counts nothing
    assert (unread(user), unread(other)) == (2, 3)
    assert user.notifications.filter(read_at__isnull=False).get() == mine[0]

    assert mark_read(user=user, all_unread=True) == 2
    assert (unread(user), unread(other)) == (0, 3)
    assert not user.notifications.filter(read_at__isnull=True).exists()


def test_saving_a_user_read_before_a_notification_keeps_the_count():
    """The admin's form and set_password save the whole row: the count read with it must not be written back."""
    user = UserFactory()
    stale = User.objects.get(pk=user.pk)
    notify(users=[user], kind=ASSIGNED, params=PARAMS, url=URL)
    stale.first_name = "Lan"
    stale.set_password("Một mật khẩu mới 2026!")
    stale.save()
    user.refresh_from_db()
    assert (user.first_name, user.unread_notifications) == ("Lan", 1)


def test_decision_sentence_lists_each_award():
    params = {
        "number": "123/QĐ-UBND",
        "date": "01/03/2026",
        "awards": [
            {"award": "Cờ thi đua của UBND tỉnh", "agency": "Sở Tài chính", "bloc": "Khối Tổng hợp", "year": 2025},
            {"award": "Bằng khen", "agency": "Cục Thuế", "bloc": "Khối Tổng hợp", "year": 2025},
        ],
    }
    assert message_of(Notification.Kind.DECISION_ISSUED, params) == (
        "Quyết định khen thưởng số 123/QĐ-UBND ngày 01/03/2026: Cờ thi đua của UBND tỉnh cho Sở Tài chính "
        "(Khối Tổng hợp, năm 2025); Bằng khen cho Cục Thuế (Khối Tổng hợp, năm 2025)."
    )


def test_a_stored_notification_whose_sentence_changed_still_reads():
    """Rows outlive the wording: a sentence asking for a name a row lacks falls back to the kind."""
    assert message_of(ASSIGNED, {"bloc": "Khối A"}) == "Được phân công làm thư ký khối"
