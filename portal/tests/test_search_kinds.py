"""Search finds award decisions (board staff), people (representatives, participants, signers) and meetings by
venue, without diacritics, each linking to its page; never what belongs to another bloc or province; and says
what was searched when nothing is found.

The world of tests/access_world.py, with people and venues named after each bloc's distinctive word.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Attendance, Participant
from pledges.models import Signature
from portal.search import search
from tests.access_world import BLOC_X_WORD, BLOC_Y_WORD, PROVINCE_B_WORD, build_world

pytestmark = pytest.mark.django_db

SEARCH = reverse("search")


def name_people(bloc, word: str) -> None:
    """The bloc's year-end review held in a hall named after ``word``, its first member represented, presided
    and its pledge signed by people whose names end with ``word``."""
    meeting = bloc.meeting
    meeting.venue = f"Hội trường Lớn {word}"
    meeting.save(update_fields=["venue"])
    Attendance.objects.filter(meeting=meeting, agency=bloc.agencies[0]).update(
        representative=f"Đặng Văn Đại Diện {word}", title="Giám đốc"
    )
    Participant.objects.create(
        meeting=meeting, role=Participant.Role.PRESIDING, name=f"Trần Thị Chủ Trì {word}", agency=bloc.agencies[0]
    )
    Signature.objects.filter(pledge=bloc.pledge, agency=bloc.agencies[0]).update(signer=f"Phạm Văn Người Ký {word}")


@pytest.fixture
def world():
    world = build_world()
    for bloc, word in ((world.a.x, BLOC_X_WORD), (world.a.y, BLOC_Y_WORD), (world.b.x, PROVINCE_B_WORD)):
        name_people(bloc, word)
    return world


def found(world, role: str, query: str) -> str:
    response = world.client(role).get(SEARCH, {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def meeting_url(bloc) -> str:
    return reverse("meetings:detail", args=[bloc.meeting.pk])


def pledge_url(bloc) -> str:
    return reverse("pledges:detail", args=[bloc.pledge.pk])


@pytest.mark.parametrize("role", ["member", "secretary", "board"])
@pytest.mark.parametrize(
    ("query", "person", "page"),
    [
        ("dai dien xanh lam", "Đặng Văn Đại Diện Xanh Lam", meeting_url),
        ("CHU TRI xanh", "Trần Thị Chủ Trì Xanh Lam", meeting_url),
        ("người ký xanh lam", "Phạm Văn Người Ký Xanh Lam", pledge_url),
    ],
)
def test_people_are_found_without_diacritics_and_link_to_where_they_appear(world, role, query, person, page):
    html = found(world, role, query)
    assert person in html
    assert f'href="{page(world.a.x)}"' in html


def test_a_person_is_told_by_what_they_did_there(world):
    html = found(world, "member", "xanh lam")
    assert "Đại diện Sở Tài chính Xanh Lam (Giám đốc)" in html
    assert "Chủ trì (Sở Tài chính Xanh Lam)" in html
    assert "Ký giao ước cho Sở Tài chính Xanh Lam" in html


def test_meetings_are_found_by_their_venue(world):
    html = found(world, "member", "hoi truong lon")
    assert f'href="{meeting_url(world.a.x)}"' in html
    assert "Hội trường Lớn Xanh Lam" in html


@pytest.mark.parametrize("query", ["15/qd-ubnd", "15/QĐ", "qđ-ubnd"])
def test_board_staff_find_their_provinces_decision_by_number(world, query):
    html = found(world, "board", query)
    assert f'href="{reverse("awards:decision_detail", args=[world.a.decision.pk])}"' in html
    assert reverse("awards:decision_detail", args=[world.b.decision.pk]) not in html


def test_another_provinces_board_staff_find_only_their_own_decision(world):
    html = found(world, "other_province", "15/qd")
    assert reverse("awards:decision_detail", args=[world.b.decision.pk]) in html
    assert reverse("awards:decision_detail", args=[world.a.decision.pk]) not in html


@pytest.mark.parametrize("role", ["non_member", "member", "secretary"])
def test_decisions_are_the_boards_records_others_do_not_find_them(world, role):
    html = found(world, role, "15/qd")
    assert "/khen-thuong/quyet-dinh/" not in html
    assert "Quyết định khen thưởng</h2>" not in html


# What each user must never find: another bloc's or province's people, meetings and pledges.
NEVER = {
    "other_province": [BLOC_X_WORD, BLOC_Y_WORD],
    "non_member": [BLOC_X_WORD, BLOC_Y_WORD, PROVINCE_B_WORD],
    "member": [BLOC_Y_WORD, PROVINCE_B_WORD],
    "secretary": [BLOC_Y_WORD, PROVINCE_B_WORD],
    "board": [PROVINCE_B_WORD],
}


@pytest.mark.parametrize("role", list(NEVER))
@pytest.mark.parametrize("query", ["dai dien", "chu tri", "nguoi ky", "hoi truong lon", "bi mat", "xanh lam"])
def test_nothing_of_another_bloc_or_province_is_found(world, role, query):
    html = found(world, role, query)
    for word in NEVER[role]:
        assert word not in html, f"{word!r} found by {role} searching {query!r}"


def test_every_linked_result_opens_for_the_user(world):
    client = world.client("member")
    html = found(world, "member", "xanh lam")
    links = set(re.findall(r'href="(/(?:khoi|don-vi|hoi-nghi|giao-uoc)/\d+/)"', html))
    assert len(links) >= 4
    for link in links:
        assert client.get(link).status_code == 200, link


def test_nothing_found_names_the_query_what_is_searched_and_tips(world):
    html = found(world, "member", "không có ai")
    assert "Không tìm thấy kết quả nào cho “không có ai”." in html
    assert "người ký giao ước" in html  # what was searched
    assert "gõ không dấu" in html and "Gõ ít từ hơn" in html
    assert "Chỉ tìm trong các khối, cụm mà đơn vị của bạn tham gia." in html
    assert "Số quyết định" not in html  # decisions are not searched for a member
    board = found(world, "board", "không có ai")
    assert "số và cơ quan ban hành quyết định khen thưởng" in board and "15/QĐ-UBND" in board


def test_each_kind_holds_at_most_limit_rows(world):
    board = world.users["board"]
    results = search(board, "a", limit=2)  # every name of the world holds an "a"
    for kind in ("blocs", "agencies", "meetings", "decisions"):
        assert len(getattr(results, kind)) <= 2, kind
    assert len(results.people) <= 3 * 2  # three kinds of people
    assert len(search(board, "dai bieu", limit=2).people) == 2  # A's attendances are all "Đại biểu"


def test_the_query_count_does_not_grow_with_the_people_found(world):
    client = world.client("board")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(SEARCH, {"q": "dai bieu"})
        return len(captured)

    client.get(SEARCH, {"q": "dai bieu"})
    Attendance.objects.exclude(agency=world.a.x.agencies[0]).update(representative="Lý Văn Khác")
    few = queries()
    Attendance.objects.update(representative="Đại biểu")
    assert len(search(world.users["board"], "dai bieu").people) > 10
    assert queries() == few == 9
