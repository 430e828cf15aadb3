"""Issue 19: every document prints the names in force on its date. The minutes of a meeting held on 2025-06-20
and of one held on 2025-07-20 name the board of that day and cite the legal bases of that day (Nghị định
98/2023/NĐ-CP until 30/6/2025, 152/2025/NĐ-CP after: the national rows of awards/0003), in the PDF and in Word;
the letter's addressee is the board named on the letter's date; a version issued before the minutes cited legal
bases prints none. And the board's page that keeps the names (awards:board_names)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import transaction
from django.urls import reverse

from blocs.tests.factories import bloc_with_members
from history.models import AuditEntry
from meetings.models import Meeting
from meetings.services import meeting_create
from meetings.tests.factories import complete
from members.models import BoardName, User
from members.services import board_names_set
from members.tests.factories import OrganizerFactory, UserFactory
from records import rendering, snapshot
from records.docx import render_docx
from records.models import MinutesVersion
from records.services import meeting_finalize
from records.tests.conftest import docx_text, pdf_text

pytestmark = pytest.mark.django_db

JUNE, JULY = datetime.date(2025, 6, 20), datetime.date(2025, 7, 20)
OLD_BOARD = "Ban Thi đua - Khen thưởng tỉnh Sông Trà"
NEW_BOARD = "Phòng Thi đua, khen thưởng - Sở Nội vụ tỉnh Sông Trà"
LAW = "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;"
DECREE_98 = "Căn cứ Nghị định số 98/2023/NĐ-CP quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;"
DECREE_152 = "Căn cứ Nghị định số 152/2025/NĐ-CP quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;"
SIGNER = {"signer_name": "Đinh Văn Ửng", "signer_title": "Giám đốc"}


def html_text(data: dict) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", rendering.render_html(data)).split())


@pytest.fixture(scope="module")
def issued(django_db_setup, django_db_blocker) -> dict:
    """The minutes of the June and the July meeting as the app issues them (finalized: the version's snapshot,
    its PDF and Word files read back as text), and letters of the June meeting dated either side of 1 July;
    built once in a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        bloc, _agencies = bloc_with_members(3, year=2025, organizer=OrganizerFactory(code="STR"))
        board_names_set(
            organizer=bloc.organizer,
            names=[
                (NEW_BOARD, datetime.date(2025, 7, 1), None),
                (OLD_BOARD, datetime.date(2020, 1, 1), JUNE.replace(day=30)),
            ],
        )
        result: dict = {"minutes": {}, "letters": {}}
        for held_on in (JUNE, JULY):
            meeting = meeting_create(bloc=bloc, kind=Meeting.Kind.MID_YEAR_REVIEW, year=2025, held_on=held_on)
            meeting_finalize(meeting=complete(meeting))
            data = MinutesVersion.objects.get(meeting=meeting, document=MinutesVersion.Document.MINUTES).snapshot
            result["minutes"][held_on] = {
                "snapshot": data,
                "pdf": pdf_text(rendering.render_document(data)),
                "word": docx_text(render_docx(data)),
            }
            if held_on == JUNE:
                for dated in (datetime.date(2025, 6, 30), datetime.date(2025, 7, 1)):
                    result["letters"][dated] = snapshot.letter_snapshot(meeting, number="", dated=dated, **SIGNER)
        transaction.set_rollback(True)
    return result


@pytest.mark.parametrize("kind", ["pdf", "word"])
def test_minutes_of_june_2025_name_the_old_board_and_cite_decree_98(issued, kind):
    text = issued["minutes"][JUNE][kind]
    assert f"- {OLD_BOARD} (để báo cáo);" in text
    assert NEW_BOARD not in text
    assert LAW in text and DECREE_98 in text
    assert "152/2025/NĐ-CP" not in text
    # The bases come first, before the meeting's facts.
    assert text.index(DECREE_98) < text.index("Thời gian bắt đầu:")


@pytest.mark.parametrize("kind", ["pdf", "word"])
def test_minutes_of_july_2025_name_the_new_board_and_cite_decree_152(issued, kind):
    text = issued["minutes"][JULY][kind]
    assert f"- {NEW_BOARD} (để báo cáo);" in text
    assert OLD_BOARD not in text
    assert LAW in text and DECREE_152 in text
    assert "98/2023/NĐ-CP" not in text


def test_the_snapshot_holds_the_names_of_the_meetings_day(issued):
    june, july = issued["minutes"][JUNE]["snapshot"], issued["minutes"][JULY]["snapshot"]
    assert june["organizer"]["board_name"] == OLD_BOARD and july["organizer"]["board_name"] == NEW_BOARD
    assert {b["number"] for b in june["legal_bases"]} == {"06/2022/QH15", "98/2023/NĐ-CP"}
    assert {b["number"] for b in july["legal_bases"]} == {"06/2022/QH15", "152/2025/NĐ-CP"}


def test_the_letters_addressee_is_the_board_named_on_the_letters_date(issued):
    before, after = issued["letters"][datetime.date(2025, 6, 30)], issued["letters"][datetime.date(2025, 7, 1)]
    assert before["recipient"] == OLD_BOARD and after["recipient"] == NEW_BOARD  # the same meeting of 20 June
    assert {b["number"] for b in before["legal_bases"]} == {"06/2022/QH15", "98/2023/NĐ-CP"}
    assert {b["number"] for b in after["legal_bases"]} == {"06/2022/QH15", "152/2025/NĐ-CP"}
    assert f"Kính gửi: {NEW_BOARD}" in html_text(after)


def test_a_version_issued_before_the_minutes_cited_legal_bases_prints_none(issued):
    current = issued["minutes"][JULY]["snapshot"]
    earlier = {key: value for key, value in current.items() if key != "legal_bases"} | {"format": 2}
    assert DECREE_152 in html_text(current)
    text = html_text(earlier)
    assert "Căn cứ" not in text and "Thời gian bắt đầu:" in text
    assert "Căn cứ" not in docx_text(render_docx(earlier))


# ---- The board's page ----------------------------------------------------------------------------------------


@pytest.fixture
def board(client):
    organizer = OrganizerFactory(code="STR")
    user = UserFactory(role=User.Role.BOARD_STAFF, organizer=organizer)
    client.force_login(user)
    return organizer


def rows(*items: tuple[str, str, str], stored: int = 0) -> dict:
    """The page's formset as the browser posts it (``stored``: the rows it showed from the database)."""
    data = {"names-TOTAL_FORMS": str(len(items)), "names-INITIAL_FORMS": str(stored)}
    for index, (name, start, end) in enumerate(items):
        data |= {f"names-{index}-name": name, f"names-{index}-valid_from": start, f"names-{index}-valid_until": end}
    return data


def test_board_staff_set_the_names_over_time_from_the_legal_bases_page(client, board):
    listing = client.get(reverse("awards:legal_basis_list"))
    assert reverse("awards:board_names") in listing.content.decode()
    response = client.post(
        reverse("awards:board_names"),
        rows((NEW_BOARD, "01/07/2025", ""), (OLD_BOARD, "01/01/2020", "30/06/2025"), ("", "", "")),
    )
    assert response.status_code == 302 and response["Location"] == reverse("awards:board_names")
    assert list(BoardName.objects.filter(organizer=board).values_list("name", "valid_from", "valid_until")) == [
        (OLD_BOARD, datetime.date(2020, 1, 1), datetime.date(2025, 6, 30)),
        (NEW_BOARD, datetime.date(2025, 7, 1), None),
    ]
    assert board.board_name_on(JUNE) == OLD_BOARD and board.board_name_on(JULY) == NEW_BOARD
    assert AuditEntry.objects.filter(organizer=board, object_id=board.pk, actor__isnull=False).exists()
    page = client.get(reverse("awards:board_names")).content.decode()
    assert OLD_BOARD in page and "30/06/2025" in page and NEW_BOARD in page


def test_overlapping_periods_are_refused_beside_the_row_and_nothing_is_written(client, board):
    board_names_set(organizer=board, names=[(OLD_BOARD, datetime.date(2020, 1, 1), None)])
    response = client.post(
        reverse("awards:board_names"),
        rows((OLD_BOARD, "01/01/2020", ""), (NEW_BOARD, "01/07/2025", ""), stored=1),
    )
    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.forms[1].errors["valid_from"] == [f"Tên “{NEW_BOARD}” bắt đầu khi tên “{OLD_BOARD}” còn hiệu lực."]
    assert list(BoardName.objects.filter(organizer=board).values_list("name", "valid_until")) == [(OLD_BOARD, None)]
