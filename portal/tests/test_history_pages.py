"""A record's history is read a page at a time, newest first, with a Vietnamese pager, in a fixed number of
queries whichever page."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blocs.services import membership_add
from blocs.tests.factories import bloc_people, bloc_with_members
from members.tests.factories import PASSWORD, AgencyFactory
from portal.views.records import HISTORY_PAGE_SIZE

pytestmark = pytest.mark.django_db

CHANGES = HISTORY_PAGE_SIZE + 5


@pytest.fixture
def history(client):
    """A bloc whose history holds CHANGES entries (agencies 1, 2, … joining in that order), read by its board."""
    bloc, agencies = bloc_with_members(3)
    people = bloc_people(bloc, agencies)
    for n in range(1, CHANGES + 1):
        agency = AgencyFactory(organizer=bloc.organizer, name=f"Đơn vị thứ {n:02d}")
        membership_add(bloc=bloc, agency=agency, from_year=2020, by=people.board)
    client.login(username=people.board.username, password=PASSWORD)
    return reverse("members:history", kwargs={"kind": "khoi", "pk": bloc.pk})


def joined(html: str) -> list[int]:
    """The numbers of the agencies whose joining the page shows, in its order."""
    return [int(n) for n in re.findall(r"Thành viên khối: Đơn vị thứ (\d+)", html)]


def test_the_first_page_shows_the_newest_changes_and_says_which(client, history):
    html = client.get(history).content.decode()
    assert joined(html) == list(range(CHANGES, CHANGES - HISTORY_PAGE_SIZE, -1))
    assert f"Thay đổi 1–{HISTORY_PAGE_SIZE} trong {CHANGES}, mới nhất trước (trang 1/2)." in html
    assert 'href="?page=2"' in html and "Cũ hơn" in html
    assert "Mới hơn" not in html
    assert 'aria-current="page"' in html


def test_the_next_page_holds_the_older_changes(client, history):
    html = client.get(history, {"page": 2}).content.decode()
    assert joined(html) == list(range(CHANGES - HISTORY_PAGE_SIZE, 0, -1))
    assert f"Thay đổi {HISTORY_PAGE_SIZE + 1}–{CHANGES} trong {CHANGES}" in html
    assert 'href="?page=1"' in html and "Mới hơn" in html
    assert "Cũ hơn" not in html


@pytest.mark.parametrize(("page", "shown"), [("abc", 1), ("0", 2), ("99", 2), ("-1", 2), ("", 1)])
def test_a_page_number_out_of_range_shows_a_page_rather_than_an_error(client, history, page, shown):
    response = client.get(history, {"page": page})
    assert response.status_code == 200
    assert f"(trang {shown}/2)" in response.content.decode()


def test_a_short_history_has_no_pager(client):
    bloc, agencies = bloc_with_members(3)
    people = bloc_people(bloc, agencies)
    membership_add(bloc=bloc, agency=AgencyFactory(organizer=bloc.organizer), from_year=2020, by=people.board)
    client.login(username=people.board.username, password=PASSWORD)
    html = client.get(reverse("members:history", kwargs={"kind": "khoi", "pk": bloc.pk})).content.decode()
    assert "Các trang lịch sử" not in html and "Thay đổi 1–" not in html


def test_every_page_reads_the_same_fixed_number_of_queries(client, history):
    def queries(page: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(history, {"page": page}).status_code == 200
        return len(captured)

    # session, user, the bloc, the count, the page's entries (with their record types)
    assert queries(1) == queries(2) == 5
