"""Search: results link to the bloc, agency and meeting pages, and stay within the user's reach."""

import re

import pytest
from django.urls import NoReverseMatch, reverse

from portal.tests.blocs_world import FOREIGN_WORDS, OTHER_BLOC_WORDS, assert_no_leak, body, build_world

pytestmark = pytest.mark.django_db

SEARCH = reverse("search")


@pytest.fixture
def world():
    return build_world()


def meeting_url(world) -> str:
    try:
        return reverse("meetings:detail", kwargs={"pk": world.meeting.pk})
    except NoReverseMatch:  # the meeting page is not there yet: the result opens the bloc's meetings
        return reverse("blocs:detail", kwargs={"pk": world.bloc.pk}) + "#hoi-nghi"


def test_anonymous_is_sent_to_login(world):
    response = world.client("anonymous").get(SEARCH, {"q": "tong hop"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["member", "secretary", "board"])
def test_results_link_to_their_pages(world, role):
    html = body(world.client(role).get(SEARCH, {"q": "tong hop"}))
    assert reverse("blocs:detail", kwargs={"pk": world.bloc.pk}) in html
    assert meeting_url(world) in html
    html = body(world.client(role).get(SEARCH, {"q": "cuc thue"}))
    assert reverse("members:detail", kwargs={"pk": world.members[3].pk}) in html
    assert_no_leak(html, *FOREIGN_WORDS)


@pytest.mark.parametrize("role", ["other_province_staff", "non_member"])
def test_outsiders_find_nothing_of_the_bloc(world, role):
    html = body(world.client(role).get(SEARCH, {"q": "tong hop"}))
    assert "Khối thi đua Tổng hợp" not in html
    assert reverse("blocs:detail", kwargs={"pk": world.bloc.pk}) not in html


def test_members_do_not_find_other_blocs(world):
    html = body(world.client("member").get(SEARCH, {"q": "bi mat"}))
    assert_no_leak(html, *OTHER_BLOC_WORDS)


def test_every_linked_result_opens_for_the_user(world):
    client = world.client("member")
    html = body(client.get(SEARCH, {"q": "tinh"}))
    links = set(re.findall(r'href="(/(?:khoi|don-vi|hoi-nghi)/\d+/)', html))
    assert links
    for link in links:
        assert client.get(link).status_code == 200, link
