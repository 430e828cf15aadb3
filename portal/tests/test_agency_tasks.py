"""The member agency's to-do page: what it has to do now with its deadlines (sign the pledge, score itself, vote,
upload its achievement report) and what it did; and signing a pledge from its own login."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from blocs.tests.factories import bloc_people, bloc_with_members
from dossiers.models import Deadline, Dossier
from history.models import AuditEntry
from meetings.models import Meeting, Proposal
from meetings.online import online_ballot_cast, online_voting_close, online_voting_open
from members.tests.factories import PASSWORD
from pledges.models import Signature
from pledges.scoring import scoring_open, self_score_save, self_scoring_submit
from pledges.services import pledge_create
from portal.tests.blocs_world import propose, year_end

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def world(organizer):
    bloc, agencies = bloc_with_members(4, organizer=organizer, year=YEAR - 1)
    people = bloc_people(bloc, agencies, years=(YEAR,))
    pledge = pledge_create(
        bloc=bloc,
        year=YEAR,
        criteria=[{"code": "1", "title": "Hoàn thành nhiệm vụ", "max_points": 100}],
        signed_on=None,
    )
    return bloc, agencies, people, pledge


def client_of(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def page(user) -> str:
    response = client_of(user).get(reverse("members:tasks"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_is_for_agency_users_only(world):
    _bloc, _agencies, people, _pledge = world
    assert client_of(people.board).get(reverse("members:tasks")).status_code == 404
    response = Client().get(reverse("members:tasks"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_member_signs_the_pledge_from_its_login_once(world):
    _bloc, agencies, people, pledge = world
    sign_url = reverse("members:pledge_sign", args=[pledge.pk])
    assert sign_url in page(people.member)  # to do
    client = client_of(people.member)
    empty = client.post(sign_url, {"signer": " ", "title": ""})
    assert empty.status_code == 200 and not Signature.objects.exists()
    response = client.post(sign_url, {"signer": "Nguyễn Văn An", "title": "Giám đốc"})
    assert response.status_code == 302 and response["Location"] == reverse("members:tasks")
    signature = Signature.objects.get(pledge=pledge)
    assert (signature.agency, signature.signer, signature.title, signature.signed_on) == (
        agencies[2],
        "Nguyễn Văn An",
        "Giám đốc",
        TODAY,
    )
    assert AuditEntry.objects.filter(object_id=pledge.pk).exists()
    html = page(people.member)
    assert sign_url not in html and f"Đã ký ngày {TODAY:%d/%m/%Y}" in html
    again = client.post(sign_url, {"signer": "Người khác", "title": ""})
    assert again.status_code == 200 and Signature.objects.get(pledge=pledge).signer == "Nguyễn Văn An"


def test_an_agency_outside_the_bloc_cannot_sign_and_sees_nothing_to_sign(world):
    _bloc, _agencies, people, pledge = world
    assert reverse("members:pledge_sign", args=[pledge.pk]) not in page(people.outsider)
    assert (
        client_of(people.outsider).post(reverse("members:pledge_sign", args=[pledge.pk]), {"signer": "X"}).status_code
        == 404
    )
    assert client_of(people.board).get(reverse("members:pledge_sign", args=[pledge.pk])).status_code == 404
    assert not Signature.objects.exists()


def test_the_achievement_report_is_to_do_by_the_deadline_while_the_dossier_is_with_the_bloc(world, organizer):
    bloc, agencies, people, _pledge = world
    proposal = propose(year_end(bloc, YEAR), agencies[2], "CO_TINH")
    propose(year_end(bloc, YEAR - 1), agencies[3], "CO_TINH")  # another agency's
    due = TODAY + datetime.timedelta(days=10)
    Deadline.objects.create(organizer=organizer, year=YEAR, due_on=due)
    upload = reverse("dossiers:report_upload", args=[proposal.pk])
    html = page(people.member)
    assert upload in html and f"Hạn: {due:%d/%m/%Y}" in html
    assert html.count(reverse("dossiers:report_upload", args=[proposal.pk])) == 2  # link and button, one task
    Dossier.objects.create(bloc=bloc, year=YEAR, state=Dossier.State.SENT)
    assert upload not in page(people.member)  # sent: nothing the agency can do now


def test_a_late_task_says_so(world, organizer):
    bloc, agencies, people, _pledge = world
    propose(year_end(bloc, YEAR), agencies[2], "CO_TINH")
    Deadline.objects.create(organizer=organizer, year=YEAR, due_on=TODAY - datetime.timedelta(days=1))
    assert "Đã quá hạn" in page(people.member)


def test_self_scoring_is_to_do_by_its_deadline_then_done_once_submitted(world):
    _bloc, agencies, people, pledge = world
    due = TODAY + datetime.timedelta(days=7)
    scoring_open(pledge=pledge, deadline=due, by=people.secretary)
    url = reverse("pledges:self_score", args=[pledge.pk])
    html = page(people.member)
    todo, done = html.split("Đã làm")
    assert url in todo and f"Hạn: {due:%d/%m/%Y}" in todo
    criterion = pledge.criteria.get()
    self_score_save(pledge=pledge, agency=agencies[2], lines={criterion.pk: {"points": "90"}}, by=people.member)
    self_scoring_submit(pledge=pledge, agency=agencies[2], by=people.member)
    todo, done = page(people.member).split("Đã làm")
    assert url not in todo and f"Đã gửi bảng tự chấm ngày {TODAY:%d/%m/%Y}" in done


def test_an_open_online_vote_is_to_do_until_the_agency_votes(world):
    bloc, agencies, people, _pledge = world
    meeting = year_end(bloc, YEAR, finalized=False, minutes=False)
    meeting.voting_mode = Meeting.VotingMode.SECRET
    meeting.save()
    proposal = propose(meeting, agencies[3], "CO_TINH", outcome=Proposal.Outcome.PENDING)
    session = online_voting_open(meeting=meeting, by=people.secretary)
    ballot = reverse("meetings:ballot", args=[meeting.pk])
    todo, _done = page(people.member).split("Đã làm")
    assert ballot in todo
    assert ballot not in page(people.outsider)
    online_ballot_cast(session=session, agency=agencies[2], votes={proposal.pk: "for"}, by=people.member)
    todo, done = page(people.member).split("Đã làm")
    assert ballot not in todo and ballot in done and "Đã bỏ phiếu" in done
    online_voting_close(session=session, by=people.secretary)
    assert ballot not in page(people.member)  # closed: nothing left to do there
