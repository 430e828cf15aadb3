"""The pledge's score sheet as an Excel workbook: every member's points per criterion, total and rank, for
whoever reads the pledge."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from blocs.tests.factories import bloc_people, bloc_with_members
from members.tests.factories import PASSWORD
from pledges.services import pledge_create, scores_record

pytestmark = pytest.mark.django_db

YEAR = 2025
CRITERIA = [
    {"code": "1", "title": "Thực hiện nhiệm vụ chính trị", "max_points": 60},
    {"code": "2", "title": "Phong trào thi đua", "max_points": "40.5"},
]


@pytest.fixture
def setting(organizer):
    """Four members; the third scored best, the first and second tie, the fourth is not scored."""
    bloc, agencies = bloc_with_members(4, organizer=organizer, name="Khối thi đua Tham mưu - Tổng hợp")
    pledge = pledge_create(bloc=bloc, year=YEAR, criteria=CRITERIA, signed_on=datetime.date(YEAR, 1, 10))
    people = bloc_people(bloc, agencies, years=(YEAR,))
    return bloc, agencies, pledge, people


def score(pledge, agencies, points: dict[int, tuple]) -> None:
    """``points``: member index → points per criterion (falsy: not scored)."""
    criteria = list(pledge.criteria.order_by("position"))
    cells = {}
    for i, row in points.items():
        for criterion, value in zip(criteria, row, strict=True):
            if value:
                cells[(agencies[i].pk, criterion.pk)] = Decimal(str(value))
    scores_record(pledge=pledge, points=cells)


def download(client, user, pledge):
    client.login(username=user.username, password=PASSWORD)
    return client.get(reverse("pledges:scores_xlsx", args=[pledge.pk]))


def workbook_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.content))


def rows_of(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]


def test_the_sheet_lists_each_member_best_first_with_points_total_and_rank(client, setting):
    _, agencies, pledge, people = setting
    score(pledge, agencies, {0: (50, 30), 1: (40, 40), 2: ("55.5", 40)})
    response = download(client, people.member, pledge)
    assert f"bang-diem-{pledge.bloc.code}-{YEAR}.xlsx" in response["Content-Disposition"]
    sheet = workbook_of(response)["Bảng điểm"]
    assert sheet["A1"].value == "BẢNG ĐIỂM GIAO ƯỚC THI ĐUA NĂM 2025"
    assert sheet["A2"].value == "Khối thi đua Tham mưu - Tổng hợp"
    assert [c.value for c in sheet[3]] == [
        "Hạng",
        "Đơn vị",
        "1. Thực hiện nhiệm vụ chính trị (tối đa 60)",
        "2. Phong trào thi đua (tối đa 40,5)",
        "Tổng điểm",
    ]
    assert rows_of(sheet) == [
        [1, agencies[2].name, 55.5, 40, 95.5],
        [2, agencies[0].name, 50, 30, 80],
        [2, agencies[1].name, 40, 40, 80],
        [None, agencies[3].name, None, None, None],  # not scored: last, blank
    ]
    assert sheet["C4"].data_type == "n" and sheet["E4"].data_type == "n"


def test_the_criteria_sheet_holds_the_points_scale(client, setting):
    _, _, pledge, people = setting
    sheet = workbook_of(download(client, people.board, pledge))["Tiêu chí"]
    assert rows_of(sheet) == [
        ["1", "Thực hiện nhiệm vụ chính trị", 60],
        ["2", "Phong trào thi đua", 40.5],
        [None, "Tổng thang điểm", 100.5],
    ]


def test_a_pledge_not_scored_yet_gives_a_blank_sheet_of_its_members(client, setting):
    _, agencies, pledge, people = setting
    sheet = workbook_of(download(client, people.secretary, pledge))["Bảng điểm"]
    assert [row[1] for row in rows_of(sheet)] == [a.name for a in agencies]
    assert all(value is None for row in rows_of(sheet) for value in (row[0], *row[2:]))


@pytest.mark.parametrize("who", ["member", "secretary", "board"])
def test_whoever_reads_the_pledge_downloads_its_score_sheet(client, setting, who):
    _, _, pledge, people = setting
    assert download(client, getattr(people, who), pledge).status_code == 200


@pytest.mark.parametrize("who", ["outsider", "other_board"])
def test_who_cannot_read_the_pledge_gets_404(client, setting, who):
    _, _, pledge, people = setting
    assert download(client, getattr(people, who), pledge).status_code == 404


def test_anonymous_is_sent_to_login(client, setting):
    response = client.get(reverse("pledges:scores_xlsx", args=[setting[2].pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_query_count_does_not_grow_with_members_and_criteria(client, organizer, django_assert_num_queries):
    def pledge_of(members: int, criteria: int):
        bloc, agencies = bloc_with_members(members, organizer=organizer)
        rows = [{"code": str(n), "title": f"Tiêu chí {n}", "max_points": 10} for n in range(1, criteria + 1)]
        pledge = pledge_create(bloc=bloc, year=YEAR, criteria=rows, signed_on=datetime.date(YEAR, 1, 10))
        score(pledge, agencies, {i: tuple([5] * criteria) for i in range(members)})
        return pledge, bloc_people(bloc, agencies, years=(YEAR,)).board

    small, board = pledge_of(3, 1)
    large, _ = pledge_of(12, 8)
    client.login(username=board.username, password=PASSWORD)
    # session, user, pledge (its bloc with it), criteria, members of the year, scores, self scores, bands (the
    # score sheet's), bands (the workbook's)
    with django_assert_num_queries(9):
        assert client.get(reverse("pledges:scores_xlsx", args=[small.pk])).status_code == 200
    with django_assert_num_queries(9):
        assert client.get(reverse("pledges:scores_xlsx", args=[large.pk])).status_code == 200


def test_the_pledge_page_and_the_bloc_page_offer_the_workbook(client, setting):
    bloc, _, pledge, people = setting
    client.login(username=people.member.username, password=PASSWORD)
    link = f'href="{reverse("pledges:scores_xlsx", args=[pledge.pk])}"'
    assert link in client.get(reverse("pledges:detail", args=[pledge.pk])).content.decode()
    assert link in client.get(reverse("blocs:detail", args=[bloc.pk]), {"year": YEAR}).content.decode()
