"""The online vote's pages: the secretary opens, follows and closes the vote; a member agency's user votes from
its own login; nobody sees a choice echoed back, nor the counts before the closing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from awards.tests.factories import award
from meetings.models import Proposal, Voter, VotingSession
from meetings.services import attendance_record, voting_set
from meetings.tests.conftest import client_of
from meetings.voting import proposal_create
from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote(world):
    """Bloc's meeting in secret mode, two proposals, its fifth agency absent; users of a present agency."""
    voting_set(meeting=world.meeting, voting_mode="secret")
    world.proposals = [
        proposal_create(meeting=world.meeting, nominee=world.agencies[i], award_type=award(world.organizer, "BK_TINH"))
        for i in (3, 4)
    ]
    attendance_record(
        meeting=world.meeting, rows=[{"agency": a, "present": a != world.agencies[5]} for a in world.agencies]
    )
    world.absent = UserFactory(organizer=world.organizer, agency=world.agencies[5])
    return world


def url(name: str, world) -> str:
    return reverse(f"meetings:{name}", args=[world.meeting.pk])


def opened(world) -> VotingSession:
    response = client_of(world.people.secretary).post(url("online_voting_open", world))
    assert response.status_code == 302
    return VotingSession.objects.get(meeting=world.meeting)


def test_the_secretary_opens_the_vote_and_sees_who_may_vote(vote):
    secretary = client_of(vote.people.secretary)
    html = secretary.get(url("online_voting", vote)).content.decode()
    assert "Chưa mở" in html and "Mở bỏ phiếu" in html
    session = opened(vote)
    assert (session.mode, session.eligible) == ("secret", 10)
    html = secretary.get(url("online_voting", vote)).content.decode()
    assert "Đang bỏ phiếu" in html and "Đóng bỏ phiếu" in html and "Công bố khi đóng bỏ phiếu" in html
    assert html.count('data-role="voted"') == 10 and vote.agencies[5].name not in html
    assert 'src="/static/js/online-voting.js"' in html
    detail = secretary.get(reverse("meetings:detail", args=[vote.meeting.pk])).content.decode()
    assert url("online_voting", vote) in detail and "Đang bỏ phiếu trực tuyến" in detail


def test_opening_refused_shows_the_reason(world):
    response = client_of(world.people.secretary).post(url("online_voting_open", world), follow=True)
    assert "Cần chọn hình thức biểu quyết" in response.content.decode()
    assert not VotingSession.objects.exists()


def test_a_member_agency_votes_once_and_its_choices_are_not_shown_back(vote):
    opened(vote)
    member = client_of(vote.people.member)
    detail = member.get(reverse("meetings:detail", args=[vote.meeting.pk])).content.decode()
    assert url("ballot", vote) in detail
    form = member.get(url("ballot", vote)).content.decode()
    assert form.count('type="radio"') == 6 and "Phiếu đã gửi không sửa được" in form
    data = {f"vote-{vote.proposals[0].pk}": "against", f"vote-{vote.proposals[1].pk}": "abstain"}
    response = member.post(url("ballot", vote), data)
    assert response.status_code == 302 and response.url == url("ballot", vote)
    html = member.get(response.url).content.decode()
    assert "Đơn vị đã bỏ phiếu" in html
    assert "Không đồng ý" not in html and "Không biểu quyết" not in html and 'type="radio"' not in html
    assert list(Voter.objects.values_list("agency_id", flat=True)) == [vote.agencies[2].pk]
    again = member.post(url("ballot", vote), dict.fromkeys(data, "for"), follow=True)
    assert again.status_code == 200 and "phiếu đã gửi không sửa được" in again.content.decode()
    assert [p.votes_against for p in Proposal.objects.order_by("position")] == [1, 0]
    assert Proposal.objects.filter(votes_for__gt=0).count() == 0


def test_a_ballot_missing_a_choice_is_shown_again_with_the_error(vote):
    opened(vote)
    response = client_of(vote.people.member).post(url("ballot", vote), {f"vote-{vote.proposals[0].pk}": "for"})
    assert response.status_code == 200
    assert "Chọn đồng ý, không đồng ý hoặc không biểu quyết cho đề nghị này." in response.content.decode()
    assert not Voter.objects.exists()


def test_the_ballot_page_says_why_an_agency_cannot_vote(vote):
    member = client_of(vote.people.member)
    assert "Hội nghị chưa mở bỏ phiếu trực tuyến." in member.get(url("ballot", vote)).content.decode()
    opened(vote)
    absent = client_of(vote.absent)
    assert "vắng mặt nên không được biểu quyết" in absent.get(url("ballot", vote)).content.decode()
    data = {f"vote-{p.pk}": "for" for p in vote.proposals}
    assert absent.post(url("ballot", vote), data).status_code == 302
    assert not Voter.objects.exists()


@pytest.mark.parametrize("who", ["board", "outsider", "other_board"])
def test_users_of_no_member_agency_have_no_ballot(vote, who):
    opened(vote)
    client = client_of(getattr(vote.people, who))
    assert client.get(url("ballot", vote)).status_code == 404
    assert client.post(url("ballot", vote), {f"vote-{p.pk}": "for" for p in vote.proposals}).status_code == 404
    assert not Voter.objects.exists()


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_the_secretarys_pages_are_not_for_others(vote, who):
    client = client_of(getattr(vote.people, who))
    for name in ("online_voting", "online_voting_status"):
        assert client.get(url(name, vote)).status_code == 404
    for name in ("online_voting_open", "online_voting_close"):
        assert client.post(url(name, vote)).status_code == 404
    assert not VotingSession.objects.exists()


def test_the_status_tells_the_counts_and_who_voted_and_closing_shows_the_results(vote):
    secretary = client_of(vote.people.secretary)
    assert secretary.get(url("online_voting_status", vote)).json()["status"] == "none"
    opened(vote)
    data = {f"vote-{p.pk}": "for" for p in vote.proposals}
    client_of(vote.people.member).post(url("ballot", vote), data)
    status = secretary.get(url("online_voting_status", vote)).json()
    assert status == {"status": "open", "eligible": 10, "cast": 1, "voted": [vote.agencies[2].pk]}
    response = secretary.post(url("online_voting_close", vote), follow=True)
    html = response.content.decode()
    assert "Đã đóng bỏ phiếu: 1/10 đơn vị đã bỏ phiếu" in html
    assert "1 đồng ý, 0 không đồng ý, 0 không biểu quyết" in html and "Không đạt" in html
    assert secretary.get(url("online_voting_status", vote)).json()["status"] == "closed"
    assert "Bỏ phiếu đã đóng." in secretary.get(url("ballot", vote)).content.decode()  # the chair agency's ballot
    assert "Đơn vị đã bỏ phiếu" in client_of(vote.people.member).get(url("ballot", vote)).content.decode()


def test_the_meeting_page_hides_the_counts_while_the_vote_is_open(vote):
    opened(vote)
    client_of(vote.people.member).post(url("ballot", vote), {f"vote-{p.pk}": "for" for p in vote.proposals})
    html = client_of(vote.people.board).get(reverse("meetings:detail", args=[vote.meeting.pk])).content.decode()
    assert "1 đồng ý" not in html and "Đang bỏ phiếu trực tuyến" in html
