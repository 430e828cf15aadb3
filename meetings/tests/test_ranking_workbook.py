"""The meeting's ranking as an Excel workbook: rank and member, with the year's pledge totals when it is scored;
for whoever reads the meeting."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from meetings.tests.conftest import YEAR, client_of
from meetings.voting import ranking_record
from pledges.services import pledge_create, scores_record

pytestmark = pytest.mark.django_db


def url(meeting) -> str:
    return reverse("meetings:ranking_xlsx", args=[meeting.pk])


def rows_of(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[c.value for c in sheet[3]], *([*row] for row in sheet.iter_rows(min_row=4, values_only=True))]


def rank(world, *order: int) -> None:
    ranking_record(meeting=world.meeting, ranks={world.agencies[i].pk: place for place, i in enumerate(order, 1)})


def test_the_ranking_lists_each_ranked_member_best_first(world):
    rank(world, 4, 0, 7)
    response = client_of(world.people.member).get(url(world.meeting))
    assert f"xep-hang-{world.bloc.code}-2018-01-04.xlsx" in response["Content-Disposition"]
    assert rows_of(response) == [
        ["Hạng", "Đơn vị"],
        [1, world.agencies[4].name],
        [2, world.agencies[0].name],
        [3, world.agencies[7].name],
    ]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == f"KẾT QUẢ XẾP HẠNG THI ĐUA NĂM {YEAR}"
    assert sheet["A2"].value.startswith(world.bloc.name) and "04/01/2018" in sheet["A2"].value


def test_the_pledge_totals_of_the_year_stand_beside_the_ranks(world):
    pledge = pledge_create(
        bloc=world.bloc,
        year=YEAR,
        criteria=[
            {"code": "1", "title": "Nhiệm vụ", "max_points": 60},
            {"code": "2", "title": "Thi đua", "max_points": 40},
        ],
        signed_on=datetime.date(YEAR, 1, 10),
    )
    one, two = pledge.criteria.order_by("position")
    scores_record(
        pledge=pledge,
        points={
            (world.agencies[4].pk, one.pk): Decimal("55.5"),
            (world.agencies[4].pk, two.pk): Decimal(38),
            (world.agencies[0].pk, one.pk): Decimal(50),
        },
    )
    rank(world, 4, 0, 7)
    assert rows_of(client_of(world.people.board).get(url(world.meeting))) == [
        ["Hạng", "Đơn vị", "Tổng điểm giao ước"],
        [1, world.agencies[4].name, 93.5],
        [2, world.agencies[0].name, 50],
        [3, world.agencies[7].name, None],
    ]


def test_a_meeting_not_ranked_gives_the_heading_only(world):
    assert rows_of(client_of(world.people.secretary).get(url(world.meeting))) == [["Hạng", "Đơn vị"]]


@pytest.mark.parametrize(("who", "status"), [("member", 200), ("secretary", 200), ("board", 200),
                                             ("outsider", 404), ("other_board", 404)])  # fmt: skip
def test_whoever_reads_the_meeting_downloads_its_ranking(world, who, status):
    assert client_of(getattr(world.people, who)).get(url(world.meeting)).status_code == status


def test_anonymous_is_sent_to_login(world):
    response = client_of(None).get(url(world.meeting))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_query_count_does_not_grow_with_the_ranking(world, django_assert_num_queries):
    pledge = pledge_create(
        bloc=world.bloc, year=YEAR, criteria=[{"code": "1", "title": "Nhiệm vụ", "max_points": 100}], signed_on=None
    )
    scores_record(pledge=pledge, points={(world.agencies[0].pk, pledge.criteria.get().pk): Decimal(90)})
    client = client_of(world.people.board)
    rank(world, 0)
    # session, user, meeting (bloc, host), rankings (agencies), pledge, criteria, scores, self scores, bands
    with django_assert_num_queries(9):
        assert client.get(url(world.meeting)).status_code == 200
    rank(world, *range(11))
    with django_assert_num_queries(9):
        assert client.get(url(world.meeting)).status_code == 200


def test_the_meeting_page_and_the_bloc_page_offer_the_workbook_once_ranked(world):
    client = client_of(world.people.member)
    link = f'href="{url(world.meeting)}"'
    pages = (reverse("meetings:detail", args=[world.meeting.pk]), reverse("blocs:detail", args=[world.bloc.pk]))
    assert not any(link in client.get(page).content.decode() for page in pages)
    rank(world, 0, 1)
    for page in pages:
        assert link in client.get(page).content.decode(), page
