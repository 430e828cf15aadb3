"""Reminders before the province's deadline (#16 point 4): the chair's secretaries of every bloc whose dossier is
not sent are told 14 and 3 days before it, in the bell and by email after commit, each reminder once."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.db import IntegrityError
from django.urls import reverse

from blocs.models import Leadership, Membership, SecretaryAssignment
from blocs.tests.factories import bloc_with_members
from dossiers import reminders, tasks
from dossiers.models import Deadline, Dossier, Reminder
from dossiers.reminders import FIRST, LAST, reminder_for, send_reminders
from meetings.tests.test_ballot_race import race
from members.models import User
from members.tests.factories import AgencyFactory, OrganizerFactory, UserFactory
from notices.models import Notification

pytestmark = pytest.mark.django_db

YEAR = 2025
DUE = datetime.date(YEAR, 12, 10)


def day(days_left: int) -> datetime.date:
    """The day ``days_left`` days before the deadline."""
    return DUE - datetime.timedelta(days=days_left)


@pytest.fixture
def province():
    """A province with a deadline and two blocs; bloc one's chair in 2025 has two users (one without an email),
    an assigned secretary, and a user of 2024's chair agency who is no secretary this year."""
    organizer = OrganizerFactory()
    Deadline.objects.create(organizer=organizer, year=YEAR, due_on=DUE)
    one, agencies = bloc_with_members(4, organizer=organizer, year=2020, name="Khối thi đua Nội chính")
    two, others = bloc_with_members(3, organizer=organizer, year=2020, name="Khối thi đua Kinh tế")
    Leadership.objects.create(bloc=one, year=YEAR, chair=agencies[0])
    Leadership.objects.create(bloc=one, year=YEAR - 1, chair=agencies[1])
    Leadership.objects.create(bloc=two, year=YEAR, chair=others[0])
    chair_user = UserFactory(organizer=organizer, agency=agencies[0], email="chu-tich@example.com")
    chair_no_email = UserFactory(organizer=organizer, agency=agencies[0], email="")
    assigned = UserFactory(organizer=organizer, email="thu-ky@example.com")
    SecretaryAssignment.objects.create(bloc=one, year=YEAR, user=assigned)
    UserFactory(organizer=organizer, agency=agencies[0], email="nghi@example.com", is_active=False)
    last_year = UserFactory(organizer=organizer, agency=agencies[1], email="nam-truoc@example.com")
    SecretaryAssignment.objects.create(bloc=one, year=YEAR + 1, user=UserFactory(organizer=organizer))
    member = UserFactory(organizer=organizer, agency=agencies[2], email="thanh-vien@example.com")
    board = UserFactory(organizer=organizer, role=User.Role.BOARD_STAFF, email="ban@example.com")
    two_chair = UserFactory(organizer=organizer, agency=others[0], email="kinh-te@example.com")
    return {
        "organizer": organizer,
        "one": one,
        "two": two,
        "one_secretaries": {chair_user, chair_no_email, assigned},
        "two_secretaries": {two_chair},
        "never": {last_year, member, board},
    }


def told(bloc=None) -> set[User]:
    reminders = Notification.objects.filter(kind=Notification.Kind.DOSSIER_REMINDER)
    if bloc is not None:
        reminders = reminders.filter(url=reverse("dossiers:dossier", kwargs={"pk": bloc.pk, "year": YEAR}))
    return {n.user for n in reminders.select_related("user")}


def run(today: datetime.date, capture) -> int:
    with capture(execute=True):
        return send_reminders(today=today)


def test_which_reminder_is_due():
    assert [reminder_for(n) for n in (15, 14, 4, 3, 1, 0, -1)] == [None, FIRST, FIRST, LAST, LAST, LAST, None]


def test_fourteen_days_before_the_secretaries_of_each_bloc_are_told(
    province, emails, django_capture_on_commit_callbacks
):
    assert run(day(14), django_capture_on_commit_callbacks) == 2
    assert told(province["one"]) == province["one_secretaries"]
    assert told(province["two"]) == province["two_secretaries"]
    assert not told() & province["never"]
    notice = Notification.objects.filter(user__in=province["two_secretaries"]).get()
    assert notice.params == {"bloc": "Khối thi đua Kinh tế", "year": YEAR, "days": 14, "due": "10/12/2025"}
    assert notice.message == (
        "Còn 14 ngày đến hạn gửi hồ sơ đề nghị khen thưởng năm 2025 của Khối thi đua Kinh tế (hạn 10/12/2025)."
    )
    # One email per secretary with an address, sent once the reminder's transaction committed.
    assert sorted(address for mail in emails for address in mail.to) == [
        "chu-tich@example.com",
        "kinh-te@example.com",
        "thu-ky@example.com",
    ]
    assert "Còn 14 ngày đến hạn gửi hồ sơ" in emails[0].body
    assert set(Reminder.objects.values_list("days_before", flat=True)) == {FIRST}


def test_never_twice_for_the_same_due_date(province, emails, django_capture_on_commit_callbacks):
    assert run(day(10), django_capture_on_commit_callbacks) == 2
    assert run(day(10), django_capture_on_commit_callbacks) == 0
    assert run(day(5), django_capture_on_commit_callbacks) == 0  # still the 14-day reminder's window
    assert Notification.objects.count() == 4 and len(emails) == 3
    # A reminder already recorded (another beat's) is never sent again, even if it got past the first look.
    with pytest.raises(IntegrityError):
        Reminder.objects.create(bloc=province["one"], year=YEAR, days_before=FIRST, due_on=DUE)


def test_three_days_before_the_last_reminder(province, emails, django_capture_on_commit_callbacks):
    run(day(12), django_capture_on_commit_callbacks)
    assert run(day(3), django_capture_on_commit_callbacks) == 2
    assert run(day(1), django_capture_on_commit_callbacks) == 0
    last = Notification.objects.filter(user__in=province["two_secretaries"]).order_by("created_at", "pk")
    assert [n.params["days"] for n in last] == [12, 3]
    assert Reminder.objects.filter(days_before=LAST).count() == 2
    assert len(emails) == 6


def test_a_deadline_set_late_sends_only_the_last_reminder(province, django_capture_on_commit_callbacks):
    assert run(day(2), django_capture_on_commit_callbacks) == 2
    assert set(Reminder.objects.values_list("days_before", flat=True)) == {LAST}
    # On the due date itself, the last reminder is already sent; after it, nothing.
    assert run(day(0), django_capture_on_commit_callbacks) == 0
    assert run(day(-1), django_capture_on_commit_callbacks) == 0


def test_nothing_further_than_fourteen_days(province, django_capture_on_commit_callbacks):
    assert run(day(15), django_capture_on_commit_callbacks) == 0
    assert not Notification.objects.exists()


@pytest.mark.parametrize("state", [Dossier.State.SENT, Dossier.State.RECEIVED, Dossier.State.CLOSED])
def test_not_when_the_dossier_is_sent(province, state, django_capture_on_commit_callbacks):
    Dossier.objects.create(bloc=province["one"], year=YEAR, state=state)
    assert run(day(14), django_capture_on_commit_callbacks) == 1
    assert told() == province["two_secretaries"]


@pytest.mark.parametrize("state", [Dossier.State.DRAFT, Dossier.State.RETURNED])
def test_a_draft_or_returned_dossier_is_still_to_send(province, state, django_capture_on_commit_callbacks):
    Dossier.objects.create(bloc=province["one"], year=YEAR, state=state)
    assert run(day(14), django_capture_on_commit_callbacks) == 2


def test_a_moved_deadline_sends_again(province, django_capture_on_commit_callbacks):
    run(day(3), django_capture_on_commit_callbacks)
    Deadline.objects.filter(organizer=province["organizer"]).update(due_on=DUE + datetime.timedelta(days=7))
    # Ten days before the new date: the first reminder for the new date.
    assert run(day(3), django_capture_on_commit_callbacks) == 2
    assert Notification.objects.filter(user__in=province["two_secretaries"]).count() == 2
    latest = Notification.objects.filter(user__in=province["two_secretaries"]).order_by("-pk").first()
    assert latest.params["due"] == "17/12/2025" and latest.params["days"] == 10


def test_only_blocs_with_members_that_year(province, django_capture_on_commit_callbacks):
    Membership.objects.filter(bloc=province["two"]).update(to_year=YEAR - 1)
    assert run(day(14), django_capture_on_commit_callbacks) == 1
    assert told() == province["one_secretaries"]


def test_only_the_provinces_own_deadline(province, django_capture_on_commit_callbacks):
    other = OrganizerFactory()
    Deadline.objects.create(organizer=other, year=YEAR, due_on=DUE + datetime.timedelta(days=30))
    bloc, agencies = bloc_with_members(2, organizer=other, year=2020)
    Leadership.objects.create(bloc=bloc, year=YEAR, chair=agencies[0])
    outsider = UserFactory(organizer=other, agency=agencies[0])
    assert run(day(14), django_capture_on_commit_callbacks) == 2
    assert outsider not in told()


def test_a_bloc_without_secretaries_is_tried_again_the_next_day(province, django_capture_on_commit_callbacks):
    Leadership.objects.filter(bloc=province["two"], year=YEAR).update(
        chair=AgencyFactory(organizer=province["organizer"])
    )
    assert run(day(14), django_capture_on_commit_callbacks) == 1
    assert not Reminder.objects.filter(bloc=province["two"]).exists()
    Leadership.objects.filter(bloc=province["two"], year=YEAR).update(
        chair=next(iter(province["two_secretaries"])).agency
    )
    assert run(day(13), django_capture_on_commit_callbacks) == 1
    assert told(province["two"]) == province["two_secretaries"]


def test_the_task_calls_the_service_and_beat_runs_it_daily_at_seven(province, monkeypatch):
    calls = []
    monkeypatch.setattr("dossiers.reminders.send_reminders", lambda today=None: calls.append(today) or 3)
    assert tasks.send_reminders.run() == 3 and calls == [None]
    entry = settings.CELERY_BEAT_SCHEDULE["dossier-reminders"]
    assert entry["task"] == tasks.send_reminders.name == "dossiers.send_reminders"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}
    assert settings.CELERY_TIMEZONE == settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


def test_a_reminder_another_beat_sent_meanwhile_is_not_sent_again(
    province, monkeypatch, django_capture_on_commit_callbacks
):
    """Between this beat's look and its insert, another beat reminds bloc one: the insert breaks the unique
    constraint in its savepoint, this beat tells nobody of bloc one and goes on with bloc two."""
    looked = reminders.secretaries_of

    def meanwhile(pairs):
        found = looked(pairs)
        Reminder.objects.create(bloc=province["one"], year=YEAR, days_before=FIRST, due_on=DUE)
        return found

    monkeypatch.setattr(reminders, "secretaries_of", meanwhile)
    assert run(day(14), django_capture_on_commit_callbacks) == 1
    assert told() == province["two_secretaries"]
    assert Reminder.objects.count() == 2


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_beats_at_once_remind_each_bloc_once(province):
    for days_left in (14, 3):
        results = race(*(lambda d=days_left: send_reminders(today=day(d)) for _ in range(3)))
        assert all(isinstance(r, int) for r in results) and sum(results) == 2, results
    for user in province["one_secretaries"] | province["two_secretaries"]:
        assert Notification.objects.filter(user=user).count() == 2
    assert Reminder.objects.count() == 4
