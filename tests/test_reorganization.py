"""Issue 19's acceptance for merged provinces: Kon Tum (the example document's year-end review of 2017, its
province renamed) is merged into Quảng Ngãi from 1 July 2025. Quảng Ngãi's board finds Kon Tum's bloc by search,
opens its meeting and downloads its minutes, which still name Kon Tum; it changes nothing of them; Kon Tum's
records are unchanged (its export differs only by the merge key); Kon Tum's own board still reads and keeps them."""

from __future__ import annotations

import copy
import datetime
import io
import json
from pathlib import Path
from types import SimpleNamespace

import pypdf
import pytest
from django.urls import reverse

from decisions.models import Decision
from imports.importer import import_document
from interchange.exporter import export_organizer
from meetings.models import Meeting
from members.models import Organizer, User
from members.services import organizer_merge
from members.tests.factories import UserFactory
from records.services import minutes_render, minutes_version_request

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[1] / "imports" / "tests" / "data" / "quang-ngai-2017.json"
MERGED_ON = datetime.date(2025, 7, 1)
NOTICE = "Hồ sơ của UBND tỉnh Kon Tum (đã sáp nhập vào UBND tỉnh Quảng Ngãi từ 01/07/2025): chỉ xem."
DECISION = "415/QĐ-UBND"


def predecessor_document() -> dict:
    """The example's year-end review of 2017, held by Kon Tum's bloc, with a decision awarding its flag."""
    document = copy.deepcopy(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    document["organizer"] = {
        "code": "KTM",
        "name": "Ủy ban nhân dân tỉnh Kon Tum",
        "short_name": "UBND tỉnh Kon Tum",
        "place_name": "Kon Tum",
        "board_name": "Ban Thi đua - Khen thưởng tỉnh Kon Tum",
    }
    document["decisions"] = [
        {
            "number": DECISION,
            "signed_on": "2018-03-15",
            "issued_by": "Chủ tịch UBND tỉnh Kon Tum",
            "awards": [{"bloc": "TMTH", "year": 2017, "agency": "VP-UBND", "award": "CO_TINH"}],
        }
    ]
    return document


SUCCESSOR = {
    "format": "emulation-blocs/1",
    "organizer": {
        "code": "QNG",
        "name": "Ủy ban nhân dân tỉnh Quảng Ngãi",
        "short_name": "UBND tỉnh Quảng Ngãi",
        "place_name": "Quảng Ngãi",
        "board_name": "Phòng Thi đua, khen thưởng - Sở Nội vụ tỉnh Quảng Ngãi",
    },
    "agencies": [{"code": "SNV", "name": "Sở Nội vụ"}, {"code": "STC", "name": "Sở Tài chính"}],
    "blocs": [
        {
            "code": "KTH",
            "name": "Khối thi đua các cơ quan Tổng hợp",
            "kind": "bloc",
            "memberships": [
                {"agency": "SNV", "from_year": 2025, "to_year": None},
                {"agency": "STC", "from_year": 2025, "to_year": None},
            ],
        }
    ],
}


@pytest.fixture
def world(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for document in (predecessor_document(), copy.deepcopy(SUCCESSOR)):
        report = import_document(document)
        assert report.ok, report.problems
    kon_tum, quang_ngai = Organizer.objects.get(code="KTM"), Organizer.objects.get(code="QNG")
    before = export_organizer(kon_tum)
    organizer_merge(organizer=kon_tum, into=quang_ngai, on=MERGED_ON)
    meeting = Meeting.objects.get(bloc__organizer=kon_tum)
    return SimpleNamespace(
        kon_tum=kon_tum,
        meeting=meeting,
        bloc=meeting.bloc,
        decision=Decision.objects.get(organizer=kon_tum),
        before=before,
        own_board=UserFactory(role=User.Role.BOARD_STAFF, organizer=kon_tum),
        successor_board=UserFactory(role=User.Role.BOARD_STAFF, organizer=quang_ngai),
    )


def page_one(pdf: bytes) -> str:
    return " ".join((pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text() or "").split())


def test_the_successors_board_finds_the_bloc_opens_its_meeting_and_downloads_minutes_naming_the_predecessor(
    client, world
):
    # Kon Tum's board asked for the minutes of the imported meeting; the worker rendered them.
    (version,) = [
        v for v in minutes_version_request(meeting=world.meeting, by=world.own_board) if v.document == "minutes"
    ]
    minutes_render(version_id=version.pk)
    client.force_login(world.successor_board)

    found = client.get(reverse("search"), {"q": "tham muu tong hop"}).content.decode()
    assert reverse("blocs:detail", kwargs={"pk": world.bloc.pk}) in found
    bloc_page = client.get(reverse("blocs:detail", kwargs={"pk": world.bloc.pk}))
    assert bloc_page.status_code == 200
    assert NOTICE in bloc_page.content.decode()
    assert reverse("blocs:bloc_update", kwargs={"pk": world.bloc.pk}) not in bloc_page.content.decode()
    meeting_page = client.get(reverse("meetings:detail", kwargs={"pk": world.meeting.pk}))
    assert meeting_page.status_code == 200
    assert NOTICE in meeting_page.content.decode()
    assert reverse("meetings:reopen", kwargs={"pk": world.meeting.pk}) not in meeting_page.content.decode()

    response = client.get(reverse("meetings:minutes_download", kwargs={"pk": world.meeting.pk, "doc": "bien-ban"}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = page_one(b"".join(response.streaming_content))
    assert text.startswith("UBND TỈNH KON TUM KHỐI THI ĐUA CÁC CƠ QUAN THAM MƯU - TỔNG HỢP")
    assert "Kon Tum, ngày 04 tháng 01 năm 2018" in text
    assert "QUẢNG NGÃI" not in text.upper() and "Sở Nội vụ" not in text


def test_the_successors_board_changes_nothing_and_the_predecessors_export_differs_only_by_the_merge_key(client, world):
    client.force_login(world.successor_board)
    meeting, bloc, decision = world.meeting, world.bloc, world.decision
    refused = [
        client.post(reverse("meetings:update", kwargs={"pk": meeting.pk}), {"title": "Đổi tên", "venue": "X"}),
        client.post(reverse("meetings:reopen", kwargs={"pk": meeting.pk}), {"reason": "Sửa"}),
        client.post(reverse("blocs:bloc_update", kwargs={"pk": bloc.pk}), {"name": "Đổi tên", "code": "X"}),
        client.post(reverse("awards:decision_update", kwargs={"pk": decision.pk}), {"number": "1/QĐ"}),
        client.post(
            reverse("awards:decision_award_remove", kwargs={"pk": decision.pk, "award_pk": decision.awards.get().pk})
        ),
    ]
    assert [r.status_code for r in refused] == [404] * len(refused)

    after = export_organizer(Organizer.objects.get(pk=world.kon_tum.pk))
    assert after["organizer"].pop("merged_into") == {"organizer": "QNG", "from": "2025-07-01"}
    assert after == world.before


def test_the_successors_board_reads_the_predecessors_decisions_read_only(client, world):
    client.force_login(world.successor_board)
    listed = client.get(reverse("awards:decision_list")).content.decode()
    assert DECISION in listed and "UBND tỉnh Kon Tum · chỉ xem" in listed
    detail = client.get(reverse("awards:decision_detail", kwargs={"pk": world.decision.pk})).content.decode()
    assert NOTICE in detail
    assert reverse("awards:decision_update", kwargs={"pk": world.decision.pk}) not in detail
    award = world.decision.awards.get()
    assert reverse("awards:decision_award_remove", kwargs={"pk": world.decision.pk, "award_pk": award.pk}) not in detail
    found = client.get(reverse("search"), {"q": "415/qd"}).content.decode()
    assert reverse("awards:decision_detail", kwargs={"pk": world.decision.pk}) in found


def test_the_predecessors_own_board_still_reads_and_keeps_its_records(client, world):
    client.force_login(world.own_board)
    bloc_page = client.get(reverse("blocs:detail", kwargs={"pk": world.bloc.pk})).content.decode()
    assert reverse("blocs:bloc_update", kwargs={"pk": world.bloc.pk}) in bloc_page and NOTICE not in bloc_page
    meeting_page = client.get(reverse("meetings:detail", kwargs={"pk": world.meeting.pk})).content.decode()
    assert reverse("meetings:reopen", kwargs={"pk": world.meeting.pk}) in meeting_page and NOTICE not in meeting_page
    detail = client.get(reverse("awards:decision_detail", kwargs={"pk": world.decision.pk})).content.decode()
    assert reverse("awards:decision_update", kwargs={"pk": world.decision.pk}) in detail and NOTICE not in detail
    # The successor's records are not the predecessor's to read.
    successor_bloc = Organizer.objects.get(code="QNG").blocs.get()
    assert client.get(reverse("blocs:detail", kwargs={"pk": successor_bloc.pk})).status_code == 404


def test_the_successors_home_lists_the_predecessors_bloc_up_to_the_year_of_the_merger(client, world):
    client.force_login(world.successor_board)
    bloc_url = reverse("blocs:detail", kwargs={"pk": world.bloc.pk})

    assert bloc_url in client.get(reverse("home"), {"year": 2017}).content.decode()
    assert bloc_url in client.get(reverse("home"), {"year": 2025}).content.decode()
    assert bloc_url not in client.get(reverse("home"), {"year": 2026}).content.decode()
