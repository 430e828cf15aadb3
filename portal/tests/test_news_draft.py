"""The news draft of a finalized meeting: the article a province publishes after a review, written from what
the meeting recorded and nothing else (a fact not recorded is left out, never guessed), shown to whoever may
read the meeting's minutes, in a text box with a copy button."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

import imports.tests
from blocs.models import Bloc, Leadership
from imports.importer import import_document
from meetings.models import Meeting, Participant
from meetings.services import voting_set
from meetings.tests.factories import finalized
from members.models import User
from members.tests.factories import OrganizerFactory, UserFactory
from portal.news import news_draft
from records.tests.records import quang_ngai_2017

pytestmark = pytest.mark.django_db

# The contract's example (shared/spec/examples), as the importer's tests keep a copy of it.
EXAMPLE = Path(imports.tests.__file__).with_name("data") / "quang-ngai-2017.json"
BLOC = "Khối thi đua các cơ quan Tham mưu - Tổng hợp"


@pytest.fixture
def imported() -> Meeting:
    """The Quảng Ngãi 2017 year-end review as imported: finalized; attendance, proposals, election, report and
    directions recorded; no venue, no presiding person, no ranking, no start time."""
    report = import_document(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    assert report.ok, report.problems
    return Meeting.objects.get()


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def test_the_imported_review_reads_as_the_provinces_article(imported):
    text = news_draft(imported)

    assert paragraphs(text)[:2] == [
        f"{BLOC} tổng kết công tác thi đua, khen thưởng năm 2017",
        f"Ngày 04/01/2018, {BLOC} đã tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm 2017.",
    ]
    assert "Tham dự hội nghị có đại diện 11/11 đơn vị thành viên của Khối, gồm: Văn phòng HĐND tỉnh," in text
    assert (
        "Hội nghị đã đề nghị cấp có thẩm quyền khen thưởng: Cờ thi đua của Chính phủ cho Văn phòng HĐND tỉnh; Cờ thi"
        " đua của UBND tỉnh cho Văn phòng UBND tỉnh; Bằng khen của Chủ tịch UBND tỉnh cho Sở Tài chính và Kho bạc Nhà"
        " nước tỉnh." in text
    )
    assert (
        f"Hội nghị đã bầu Ban Dân tộc tỉnh làm Khối trưởng, Kho bạc Nhà nước tỉnh làm Khối phó {BLOC} năm 2018." in text
    )
    assert "Phương hướng, nhiệm vụ năm 2018, hội nghị đề ra:\n- Thực hiện đầy đủ các nội dung Kế hoạch" in text
    assert imported.report in text


def test_what_the_import_did_not_record_is_not_said(imported):
    text = news_draft(imported)

    # No venue, host, presiding person, guests, absentees, ranking, secret ballot, pledge, shortcomings.
    for unrecorded in (", tại ", "đăng cai", "Chủ trì", "Dự hội nghị còn có", "Vắng mặt", "suy tôn", "nhất khối",
                       "bỏ phiếu kín", "biểu quyết công khai", "đã ký kết giao ước", "tồn tại, hạn chế", "Sáng",
                       "Chiều"):  # fmt: skip
        assert unrecorded not in text, unrecorded


def test_a_meeting_without_an_election_says_nothing_of_one(imported):
    Leadership.objects.filter(elected_at=imported).delete()

    text = news_draft(imported)

    assert "bầu" not in text and "Khối trưởng" not in text and "Khối phó" not in text
    assert "Cờ thi đua của Chính phủ cho Văn phòng HĐND tỉnh" in text


def test_a_failed_proposal_is_not_said_to_be_proposed(imported):
    imported.proposals.filter(nominee__code="VP-HDND").update(outcome="failed")

    text = news_draft(imported)

    assert "Cờ thi đua của Chính phủ" not in text
    assert "Cờ thi đua của UBND tỉnh cho Văn phòng UBND tỉnh" in text


def test_a_fully_recorded_review_says_where_who_presided_who_came_the_ranking_and_the_ballot():
    meeting = quang_ngai_2017()
    voting_set(meeting=meeting, voting_mode=Meeting.VotingMode.SECRET)
    finalized(meeting)

    text = news_draft(meeting)

    assert text.split("\n\n")[1] == (
        f"Chiều ngày 04/01/2018, tại Hội trường Văn phòng HĐND tỉnh Quảng Ngãi, {BLOC} đã tổ chức Hội nghị tổng kết"
        " công tác thi đua, khen thưởng năm 2017. Văn phòng HĐND tỉnh là đơn vị đăng cai hội nghị. Chủ trì hội nghị:"
        " Nguyễn Thị Hồng Nhung, Chánh Văn phòng, Văn phòng HĐND tỉnh."
    )
    assert "Dự hội nghị còn có: Trương Công Thành, Phó Trưởng ban, Ban Thi đua - Khen thưởng tỉnh Quảng Ngãi." in text
    assert "Hội nghị đã bình xét, suy tôn Văn phòng HĐND tỉnh là đơn vị nhất khối năm 2017." in text
    assert "Qua bỏ phiếu kín, Hội nghị đã đề nghị cấp có thẩm quyền khen thưởng: Cờ thi đua của Chính phủ" in text
    assert "Bên cạnh những kết quả đạt được, hội nghị đã chỉ ra một số tồn tại, hạn chế:\n\nMột số đơn vị" in text


def test_a_cluster_elects_its_cluster_chief_and_an_absent_member_is_named(imported):
    Bloc.objects.filter(pk=imported.bloc_id).update(kind=Bloc.Kind.CLUSTER)
    imported.attendances.filter(agency__code="CTK").update(present=False)
    Leadership.objects.filter(elected_at=imported).update(vice_chair=None)

    text = news_draft(imported)

    assert "có đại diện 10/11 đơn vị thành viên của Cụm" in text
    assert "Vắng mặt: Cục Thống kê tỉnh." in text
    assert f"Hội nghị đã bầu Ban Dân tộc tỉnh làm Cụm trưởng {BLOC} năm 2018." in text


# -- the page --------------------------------------------------------------------------------------------------


def url(meeting: Meeting) -> str:
    return reverse("meetings:news_draft", kwargs={"pk": meeting.pk})


def test_the_page_offers_the_draft_to_edit_and_copy_without_inline_script(client, imported):
    board = UserFactory(role=User.Role.BOARD_STAFF, organizer=imported.bloc.organizer)
    client.force_login(board)

    response = client.get(url(imported))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<textarea id="ban-tin"' in page and "11/11 đơn vị thành viên" in page
    assert 'data-copy-target="ban-tin"' in page and "js/copy-text.js" in page
    assert "<script>" not in page and "onclick" not in page
    # The meeting's page links to it.
    assert url(imported) in client.get(reverse("meetings:detail", kwargs={"pk": imported.pk})).content.decode()


def test_the_article_is_vietnamese_whatever_the_users_language(client, imported):
    client.force_login(UserFactory(role=User.Role.BOARD_STAFF, organizer=imported.bloc.organizer))
    client.cookies["django_language"] = "en"

    page = client.get(url(imported)).content.decode()

    assert "đã tổ chức Hội nghị tổng kết" in page


def test_a_draft_meeting_has_no_draft_yet(client, imported):
    Meeting.objects.filter(pk=imported.pk).update(status=Meeting.Status.DRAFT)
    client.force_login(UserFactory(role=User.Role.BOARD_STAFF, organizer=imported.bloc.organizer))

    response = client.get(url(imported))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Hội nghị chưa chốt" in page and "<textarea" not in page
    assert url(imported) not in client.get(reverse("meetings:detail", kwargs={"pk": imported.pk})).content.decode()


def test_who_cannot_read_the_meeting_gets_404(imported):
    member = UserFactory(organizer=imported.bloc.organizer, agency=imported.bloc.memberships.first().agency)
    outsider = UserFactory(organizer=imported.bloc.organizer)
    other_board = UserFactory(role=User.Role.BOARD_STAFF, organizer=OrganizerFactory())

    statuses = {}
    for name, user in (("member", member), ("outsider", outsider), ("other province", other_board)):
        client = Client()
        client.force_login(user)
        statuses[name] = client.get(url(imported)).status_code

    assert statuses == {"member": 200, "outsider": 404, "other province": 404}
    assert Client().get(url(imported)).status_code == 302  # to the login page


def test_the_presiding_line_lists_each_person(imported):
    Participant.objects.create(meeting=imported, role=Participant.Role.PRESIDING, name="Nguyễn Văn An", position=1)
    Participant.objects.create(
        meeting=imported, role=Participant.Role.PRESIDING, name="Trần Thị Bình", title="Phó Giám đốc", position=2
    )
    Meeting.objects.filter(pk=imported.pk).update(start_time=datetime.time(8, 0), venue="Nhà khách Tỉnh ủy")
    imported.refresh_from_db()

    text = news_draft(imported)

    assert "Sáng ngày 04/01/2018, tại Nhà khách Tỉnh ủy, " in text
    assert "Chủ trì hội nghị: Nguyễn Văn An; Trần Thị Bình, Phó Giám đốc." in text


def test_a_pledge_signed_at_the_meeting_is_said(imported):
    Meeting.objects.filter(pk=imported.pk).update(pledge_year=2018)
    imported.refresh_from_db()

    assert "Tại hội nghị, các đơn vị đã ký kết giao ước thi đua năm 2018." in news_draft(imported)


def test_a_mid_year_review_looks_to_the_second_half_of_the_year(imported):
    Meeting.objects.filter(pk=imported.pk).update(kind=Meeting.Kind.MID_YEAR_REVIEW, title="")
    Leadership.objects.filter(elected_at=imported).delete()
    imported.refresh_from_db()

    text = news_draft(imported)

    assert text.startswith(f"{BLOC} sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2017\n\n")
    assert "Phương hướng, nhiệm vụ 6 tháng cuối năm 2017, hội nghị đề ra:" in text
