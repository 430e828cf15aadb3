"""The events users are told of, each by the service that makes it happen, in its transaction: assigned as
secretary, minutes ready, meeting reopened, decision issued."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.rules import Tally
from awards.tests.factories import award
from blocs.models import Leadership, SecretaryAssignment
from blocs.services import secretary_assign
from blocs.tests.factories import bloc_people, bloc_with_members
from decisions.services import decision_create
from meetings.tests.factories import MeetingFactory, finalized
from meetings.voting import proposal_create
from members.models import User
from members.tests.factories import AgencyFactory, UserFactory
from notices.models import Notification
from records import rendering
from records.models import MinutesVersion
from records.services import meeting_finalize, meeting_reopen, minutes_render
from records.tests.records import quang_ngai_2017

pytestmark = pytest.mark.django_db
Kind = Notification.Kind


def told(kind: str) -> dict[User, Notification]:
    return {n.user: n for n in Notification.objects.filter(kind=kind).select_related("user")}


def test_a_user_assigned_as_secretary_is_told_which_bloc_and_year(bloc_11):
    bloc, agencies = bloc_11
    people = bloc_people(bloc, agencies)
    secretary_assign(bloc=bloc, year=2026, user=people.member, by=people.board)

    notification = Notification.objects.get()
    assert notification.user == people.member and notification.kind == Kind.SECRETARY_ASSIGNED
    assert notification.message == f"Bạn được phân công làm thư ký {bloc.name} năm 2026."
    assert notification.url == reverse("blocs:detail", args=[bloc.pk]) + "?year=2026"
    people.member.refresh_from_db()
    assert people.member.unread_notifications == 1


@pytest.fixture
def example(settings, tmp_path, monkeypatch):
    """The example meeting of 2017 with its secretaries (the chair agency's user and an assigned user), a member
    who is not one, and board staff; the PDF renderer replaced by a stand-in."""
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(rendering, "render_document", lambda snapshot: b"%PDF-1.7\n%%EOF\n")
    meeting = quang_ngai_2017()
    bloc = meeting.bloc
    chair, other = (a.agency for a in meeting.attendances.select_related("agency").order_by("pk")[:2])
    Leadership.objects.create(bloc=bloc, year=2017, chair=chair)
    assigned = UserFactory(organizer=bloc.organizer, agency=AgencyFactory(organizer=bloc.organizer))
    SecretaryAssignment.objects.create(bloc=bloc, year=2017, user=assigned)
    return {
        "meeting": meeting,
        "chair_user": UserFactory(organizer=bloc.organizer, agency=chair),
        "assigned": assigned,
        "member": UserFactory(organizer=bloc.organizer, agency=other),
        "board": UserFactory(role=User.Role.BOARD_STAFF, organizer=bloc.organizer),
        "gone": UserFactory(organizer=bloc.organizer, agency=chair, is_active=False),
    }


def test_minutes_ready_tells_the_secretaries_and_who_finalized(example):
    meeting, board = example["meeting"], example["board"]
    meeting_finalize(meeting=meeting, by=board)
    assert not Notification.objects.exists()  # queued, not ready yet

    version = minutes_render(version_id=MinutesVersion.objects.get(document="minutes").pk)
    assert version.status == MinutesVersion.Status.READY
    notifications = told(Kind.MINUTES_READY)
    assert set(notifications) == {example["chair_user"], example["assigned"], board}
    notification = notifications[board]
    assert notification.url == reverse("meetings:minutes_status", kwargs={"pk": meeting.pk, "doc": "bien-ban"})
    assert notification.message == (
        "Biên bản Hội nghị tổng kết công tác thi đua, khen thưởng năm 2017 của Khối thi đua các cơ quan Tham mưu"
        " - Tổng hợp (năm 2017) đã có tệp để tải về."
    )
    minutes_render(version_id=version.pk)  # delivered twice: rendered and told once
    assert Notification.objects.count() == 3
    for other in MinutesVersion.objects.exclude(document="minutes"):  # the vote count: nobody is told
        assert minutes_render(version_id=other.pk).status == MinutesVersion.Status.READY
    assert Notification.objects.count() == 3


def test_a_reopened_meeting_is_told_to_its_secretaries_with_the_reason(example):
    meeting, board = example["meeting"], example["board"]
    meeting_finalize(meeting=meeting, by=example["chair_user"])
    meeting_reopen(meeting=meeting, reason="Sửa địa điểm", by=board)

    notifications = told(Kind.MEETING_REOPENED)
    assert set(notifications) == {example["chair_user"], example["assigned"]}  # not the board, who reopened it
    notification = notifications[example["assigned"]]
    assert notification.url == reverse("meetings:detail", args=[meeting.pk])
    assert notification.message.startswith("Ban Thi đua - Khen thưởng đã mở lại Hội nghị tổng kết")
    assert notification.message.endswith("để sửa. Lý do: Sửa địa điểm")


@pytest.fixture
def awarded(organizer):
    """A finalized 2017 meeting of a 6-member bloc with four passed proposals (agencies 1–4); its people."""
    bloc, agencies = bloc_with_members(6, organizer=organizer, name="Khối thi đua Nội chính")
    people = bloc_people(bloc, agencies)
    meeting = MeetingFactory(bloc=bloc)
    proposals = [
        proposal_create(meeting=meeting, nominee=agencies[n], award_type=award(organizer, "BK_TINH"), tally=Tally(6))
        for n in (1, 2, 3, 4)
    ]
    finalized(meeting)
    return bloc, agencies, people, proposals


def test_a_decision_tells_the_awarded_agencies_users_and_the_secretaries_of_their_awards(organizer, awarded):
    bloc, agencies, people, proposals = awarded
    other_agency_user = UserFactory(organizer=organizer, agency=agencies[1])
    decision_create(
        organizer=organizer,
        number="123/QĐ-UBND",
        signed_on=datetime.date(2018, 3, 15),
        proposals=proposals[:2],  # agencies 1 and 2; the member works at agency 2
        by=people.board,
    )

    notifications = told(Kind.DECISION_ISSUED)
    assert set(notifications) == {people.secretary, people.member, other_agency_user}
    assert {n.url for n in notifications.values()} == {reverse("blocs:detail", args=[bloc.pk]) + "?year=2017"}
    award_name = award(organizer, "BK_TINH").name
    assert notifications[people.member].message == (
        f"Quyết định khen thưởng số 123/QĐ-UBND ngày 15/03/2018: {award_name} cho {agencies[2].name}"
        f" ({bloc.name}, năm 2017)."
    )
    secretary_message = notifications[people.secretary].message
    assert agencies[1].name in secretary_message and agencies[2].name in secretary_message


def test_a_decision_tells_in_a_fixed_number_of_queries_whatever_the_number_of_awards(organizer, awarded):
    *_, proposals = awarded

    def notifying_queries(number: str, proposals) -> int:
        with CaptureQueriesContext(connection) as captured:
            decision_create(
                organizer=organizer, number=number, signed_on=datetime.date(2018, 3, 15), proposals=proposals
            )
        # Reading the users and the secretaries, adding the notifications and counting them on the users.
        return sum(
            1
            for q in captured
            if any(t in q["sql"] for t in ("members_user", "notices_", "blocs_secretary", "blocs_lead"))
        )

    one = notifying_queries("1/QĐ-UBND", proposals[:1])
    three = notifying_queries("2/QĐ-UBND", proposals[1:])
    # The secretary, then the secretary and the member (agency 2).
    assert Notification.objects.filter(kind=Kind.DECISION_ISSUED).count() == 1 + 2
    # Assignments, leaderships and users of the secretaries; the awarded agencies' users; insert; count.
    assert one == three == 6


def test_an_import_tells_nobody_of_the_history_it_brings(bloc_11):
    """An imported decision or a meeting reopened by ``--reopen`` is history, not news: no notification, no
    email (the importer runs its services inside ``notices.services.silenced``)."""
    from notices.services import silenced

    bloc, agencies = bloc_11
    people = bloc_people(bloc, agencies)
    with silenced():
        secretary_assign(bloc=bloc, year=2026, user=people.member, by=people.board)
    assert not Notification.objects.exists()
    people.member.refresh_from_db()
    assert people.member.unread_notifications == 0
    secretary_assign(bloc=bloc, year=2027, user=people.member, by=people.board)
    assert Notification.objects.count() == 1
