"""Who may open each meeting page: anonymous → login; board staff of another province and users of a
non-member agency → 404; a member agency's user reads the meeting (404 on every edit); the secretary of
the meeting's year and board staff edit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from awards.rules import Tally
from awards.tests.factories import award
from meetings.tests.conftest import client_of
from meetings.voting import proposal_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(world):
    return proposal_create(
        meeting=world.meeting, nominee=world.agencies[1], award_type=award(world.organizer, "BK_TINH"), tally=Tally(11)
    )


def edit_urls(world, proposal) -> list[str]:
    pk = world.meeting.pk
    urls = [
        reverse(f"meetings:{name}", kwargs={"pk": pk})
        for name in ("update", "content", "attendance", "people", "proposal_add", "election", "ranking", "finalize")
    ]
    urls += [
        reverse("meetings:proposal_outcome", kwargs={"pk": pk}),
        reverse("meetings:proposal_votes", kwargs={"pk": pk, "proposal_pk": proposal.pk}),
        reverse("meetings:proposal_withdraw", kwargs={"pk": pk, "proposal_pk": proposal.pk}),
        reverse("meetings:create", kwargs={"bloc_pk": world.bloc.pk}) + "?year=2017",
    ]
    return urls


def form_urls(world, proposal) -> list[str]:
    """The pages that take a POST (the outcome endpoint answers GET only)."""
    return [url for url in edit_urls(world, proposal) if "ket-qua" not in url]


def board_urls(world) -> list[str]:
    return [reverse("meetings:reopen", kwargs={"pk": world.meeting.pk})]


def detail_url(world) -> str:
    return reverse("meetings:detail", kwargs={"pk": world.meeting.pk})


def test_anonymous_is_sent_to_login(world, proposal):
    client = client_of(None)
    for url in [detail_url(world), *edit_urls(world, proposal), *board_urls(world)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    response = client.post(reverse("meetings:minutes_request", kwargs={"pk": world.meeting.pk}))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["other_board", "outsider"])
def test_board_of_another_province_and_non_member_agency_get_404(world, proposal, who):
    client = client_of(getattr(world.people, who))
    for url in [detail_url(world), *edit_urls(world, proposal), *board_urls(world)]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert world.bloc.name not in response.content.decode(), url
    for url in [*form_urls(world, proposal), reverse("meetings:minutes_request", kwargs={"pk": world.meeting.pk})]:
        assert client.post(url, {}).status_code == 404, url


def test_member_agency_reads_the_meeting_but_every_edit_is_404(world, proposal):
    client = client_of(world.people.member)
    response = client.get(detail_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2017" in html
    assert reverse("meetings:update", kwargs={"pk": world.meeting.pk}) not in html
    assert reverse("meetings:finalize", kwargs={"pk": world.meeting.pk}) not in html
    for url in [*edit_urls(world, proposal), *board_urls(world)]:
        assert client.get(url).status_code == 404, url
    for url in [*form_urls(world, proposal), *board_urls(world)]:
        assert client.post(url, {}).status_code == 404, url
    assert client.post(reverse("meetings:minutes_request", kwargs={"pk": world.meeting.pk})).status_code == 404
    assert world.meeting.proposals.count() == 1


@pytest.mark.parametrize("who", ["secretary", "board"])
def test_secretary_of_the_year_and_board_staff_open_every_edit_page(world, proposal, who):
    client = client_of(getattr(world.people, who))
    html = client.get(detail_url(world)).content.decode()
    for url in edit_urls(world, proposal):
        assert client.get(url).status_code == 200, url
        assert url.split("?")[0] in html or "ket-qua" in url or "them/" in url or "khoi/" in url, url


def test_reopen_is_board_work_only(world):
    world.meeting.status = world.meeting.Status.FINALIZED
    world.meeting.save(update_fields=["status"])
    assert client_of(world.people.secretary).get(board_urls(world)[0]).status_code == 404
    assert client_of(world.people.board).get(board_urls(world)[0]).status_code == 200


def test_secretary_of_another_year_reads_but_cannot_edit(world, proposal):
    from blocs.models import Leadership

    Leadership.objects.filter(bloc=world.bloc, year=2017).update(chair=world.agencies[5])
    client = client_of(world.people.secretary)
    assert client.get(detail_url(world)).status_code == 200
    for url in edit_urls(world, proposal):
        assert client.get(url).status_code == 404, url


def test_a_meeting_of_another_bloc_is_404_for_this_blocs_secretary(world, organizer):
    from blocs.tests.factories import bloc_with_members
    from meetings.tests.factories import MeetingFactory

    other, _ = bloc_with_members(3, organizer=organizer, name="Khối thi đua Nội chính")
    meeting = MeetingFactory(bloc=other)
    client = client_of(world.people.secretary)
    assert client.get(reverse("meetings:detail", kwargs={"pk": meeting.pk})).status_code == 404
    assert client.get(reverse("meetings:update", kwargs={"pk": meeting.pk})).status_code == 404
    assert client.get(reverse("meetings:create", kwargs={"bloc_pk": other.pk})).status_code == 404
