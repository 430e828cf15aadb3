"""The dossier's documents of a meeting: made beside the minutes when it is finalized (the vote count, the score
table of a year-end review), the letter's number, what each document says of a record that lacks a fact, and
how they are offered on the meeting's pages."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.urls import reverse

from awards.models import LegalBasis
from awards.rules import Tally
from awards.tests.factories import award
from blocs.models import Leadership
from meetings.models import Meeting
from meetings.services import meeting_update, voting_set
from meetings.voting import proposal_create, proposal_record_votes
from members.tests.factories import OrganizerFactory
from pledges.models import Criterion, Pledge, Score
from records import downloads, snapshot
from records.models import MinutesVersion
from records.rendering import render_html
from records.services import letter_number_for, meeting_finalize, minutes_render
from records.tests.records import AGENCIES, quang_ngai_2017

pytestmark = pytest.mark.django_db
Document = MinutesVersion.Document
LETTER = {"dated": datetime.date(2018, 1, 10), "signer_name": "Đinh Văn Ửng", "signer_title": "Trưởng ban"}


def text_of(data: dict) -> str:
    """The document as its HTML reads (the PDF and Word files say the same: test_dossier_layout.py)."""
    return " ".join(re.sub(r"<[^>]+>", " ", render_html(data)).split())


def agencies_of(meeting: Meeting) -> dict[str, object]:
    return {a.agency.code: a.agency for a in meeting.attendances.select_related("agency")}


# ---- Made when the meeting is finalized -----------------------------------------------------------------------


def test_finalizing_a_year_end_review_makes_its_vote_count_and_score_table(example_meeting):
    meeting_finalize(meeting=example_meeting)
    versions = {v.document: v for v in MinutesVersion.objects.filter(meeting=example_meeting)}
    assert set(versions) == {Document.MINUTES, Document.VOTE_COUNT, Document.SCORES}
    assert all(v.number == 1 and v.minutes_number == "" for d, v in versions.items() if d != Document.MINUTES)
    assert versions[Document.VOTE_COUNT].snapshot["document"] == "vote_count"
    assert [r["rank"] for r in versions[Document.SCORES].snapshot["rows"]] == list(range(1, len(AGENCIES) + 1))


def test_a_meeting_without_votes_or_ranking_makes_the_minutes_alone():
    meeting = quang_ngai_2017(votes=False)
    meeting_finalize(meeting=meeting)
    assert list(MinutesVersion.objects.values_list("document", flat=True)) == [Document.MINUTES]


def test_a_meeting_other_than_the_year_end_review_makes_no_score_table(example_meeting):
    meeting_update(meeting=example_meeting, kind=Meeting.Kind.OTHER)
    meeting_finalize(meeting=example_meeting)
    documents = set(MinutesVersion.objects.values_list("document", flat=True))
    assert documents == {Document.MINUTES, Document.VOTE_COUNT}


def test_finalizing_never_makes_a_letter(example_meeting):
    meeting_finalize(meeting=example_meeting)
    assert not MinutesVersion.objects.filter(document=Document.LETTER).exists()


# ---- The letter's number --------------------------------------------------------------------------------------


def _letter_version(meeting: Meeting, number: str, dated: datetime.date, version: int = 1) -> MinutesVersion:
    data = snapshot.letter_snapshot(meeting, number=number, **(LETTER | {"dated": dated}))
    return MinutesVersion.objects.create(
        meeting=meeting,
        document=Document.LETTER,
        number=version,
        minutes_number=data["minutes_number"],
        snapshot=data,
        content_hash=snapshot.content_hash(data),
    )


def test_letter_numbers_follow_the_blocs_sequence_of_the_calendar_year(example_meeting):
    bloc, day = example_meeting.bloc, datetime.date(2018, 1, 10)
    assert letter_number_for(bloc, day) == "01/TTr-KTĐ"
    _letter_version(example_meeting, "01/TTr-KTĐ", day)
    _letter_version(example_meeting, "01/TTr-KTĐ", day, version=2)  # sent again with its number: counts once
    assert letter_number_for(bloc, day) == "02/TTr-KTĐ"
    _letter_version(example_meeting, "03/TTr-KTĐ", day, version=3)  # a number typed by hand is skipped
    assert letter_number_for(bloc, day) == "04/TTr-KTĐ"
    assert letter_number_for(bloc, datetime.date(2019, 1, 2)) == "01/TTr-KTĐ"  # a new year starts again
    other = quang_ngai_2017(organizer_code="QNM")
    assert letter_number_for(other.bloc, day) == "01/TTr-KTĐ"  # another bloc has its own sequence


# ---- The letter -----------------------------------------------------------------------------------------------


def test_a_letter_without_a_number_prints_dots_before_the_blocs_symbol(example_meeting):
    data = snapshot.letter_snapshot(example_meeting, number="", **LETTER)
    assert data["minutes_number"] == ""
    assert "Số: ……/TTr-KTĐ" in text_of(data)


def test_the_letter_cites_the_bases_in_force_on_its_date_the_law_then_decrees_then_the_provinces(example_meeting):
    organizer = example_meeting.bloc.organizer
    LegalBasis.objects.create(
        organizer=organizer,
        number="12/2025/QĐ-UBND",
        title="Quyết định ban hành Quy chế thi đua, khen thưởng tỉnh Quảng Ngãi",
        valid_from=datetime.date(2025, 3, 1),
    )
    LegalBasis.objects.create(
        organizer=OrganizerFactory(), number="99/2025/QĐ-UBND", title="Quyết định của tỉnh khác",
        valid_from=datetime.date(2025, 1, 1),
    )  # fmt: skip
    before = text_of(
        snapshot.letter_snapshot(example_meeting, number="", **(LETTER | {"dated": datetime.date(2025, 6, 30)}))
    )
    after = text_of(
        snapshot.letter_snapshot(example_meeting, number="", **(LETTER | {"dated": datetime.date(2025, 7, 1)}))
    )
    assert (
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;"
        " Căn cứ Nghị định số 98/2023/NĐ-CP quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;"
        " Căn cứ Quyết định số 12/2025/QĐ-UBND ban hành Quy chế thi đua, khen thưởng tỉnh Quảng Ngãi;"
    ) in before
    assert "152/2025/NĐ-CP" not in before and "98/2023/NĐ-CP" not in after
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP" in after
    assert "99/2025" not in before + after


def test_the_letter_names_the_chair_of_the_year_and_a_cluster_signs_as_a_cluster(example_meeting):
    agencies = agencies_of(example_meeting)
    Leadership.objects.create(bloc=example_meeting.bloc, year=2017, chair=agencies["VP-HDND"])
    bloc = example_meeting.bloc
    bloc.kind = "cluster"
    bloc.save(update_fields=["kind"])
    text = text_of(snapshot.letter_snapshot(example_meeting, number="02/TTr-KTĐ", **LETTER))
    assert "Văn phòng HĐND tỉnh làm Trưởng cụm." in text
    assert "TM. CỤM THI ĐUA TRƯỞNG CỤM Trưởng ban Văn phòng HĐND tỉnh Đinh Văn Ửng" in text
    assert "Các đơn vị thành viên Cụm;" in text


def test_a_letter_after_a_vote_where_nothing_passed_says_so(example_meeting):
    for proposal in example_meeting.proposals.all():
        proposal_record_votes(proposal=proposal, tally=Tally(3, 8))
    data = snapshot.letter_snapshot(example_meeting, number="", **LETTER)
    assert data["passed"] == []
    text = text_of(data)
    assert "không có đề nghị khen thưởng nào đạt số phiếu theo quy định." in text
    assert "(đạt" not in text and "xét, tặng:" not in text


def test_the_letter_gives_the_dossier_service_each_passed_proposal(example_meeting):
    data = snapshot.letter_snapshot(example_meeting, number="01/TTr-KTĐ", **LETTER)
    assert data["passed"][0] == {
        "nominee": "Văn phòng HĐND tỉnh",
        "nominee_code": "VP-HDND",
        "award": "Cờ thi đua của Chính phủ",
        "award_code": "CO_CP",
        "conferred_by": "Thủ tướng Chính phủ",
        "votes_for": 11,
        "basis": 11,
        "share": "100%",
    }
    assert [p["award_code"] for p in data["passed"]] == ["CO_CP", "CO_TINH", "BK_TINH", "BK_TINH"]


# ---- The vote count -------------------------------------------------------------------------------------------


def test_the_vote_count_of_a_secret_ballot_names_the_tellers_and_says_what_was_not_recorded(example_meeting):
    agencies = agencies_of(example_meeting)
    tellers = [
        {"name": "Võ Minh Tuấn", "title": "Phó Giám đốc", "agency": agencies["SNGV"]},
        {"name": "Ngô Thị Ưu", "title": "Phó Giám đốc", "agency": agencies["KBNN"]},
    ]
    voting_set(
        meeting=example_meeting, voting_mode=Meeting.VotingMode.SECRET, ballots_issued=11, ballots_returned=11,
        tellers=tellers,
    )  # fmt: skip
    data = snapshot.vote_count_snapshot(example_meeting)
    assert data["ballots"] == {"issued": 11, "returned": 11, "invalid": None, "valid": None}
    text = text_of(data)
    assert "Hình thức biểu quyết: Bỏ phiếu kín." in text
    assert "Tổ kiểm phiếu: 1) Võ Minh Tuấn, Phó Giám đốc, Sở Ngoại vụ; 2) Ngô Thị Ưu, Phó Giám đốc, Kho bạc" in text
    assert (
        "Kết quả kiểm phiếu: - Số phiếu phát ra: 11; - Số phiếu thu về: 11; - Số phiếu hợp lệ: không ghi;"
        " - Số phiếu không hợp lệ: không ghi."
    ) in text
    assert "TỔ KIỂM PHIẾU Võ Minh Tuấn Ngô Thị Ưu CHỦ TỌA Nguyễn Thị Hồng Nhung" in text


def test_the_vote_count_counts_valid_ballots_from_those_returned_and_invalid(example_meeting):
    voting_set(
        meeting=example_meeting, voting_mode=Meeting.VotingMode.SECRET, ballots_issued=12, ballots_returned=12,
        ballots_invalid=1,
    )  # fmt: skip
    text = text_of(snapshot.vote_count_snapshot(example_meeting))
    assert "Số phiếu phát ra: 12; - Số phiếu thu về: 12; - Số phiếu hợp lệ: 11; - Số phiếu không hợp lệ: 1." in text


def test_a_proposal_not_voted_yet_is_listed_without_figures(example_meeting):
    agencies = agencies_of(example_meeting)
    proposal_create(
        meeting=example_meeting, nominee=agencies["CT"], award_type=award(example_meeting.bloc.organizer, "TTLDXS")
    )
    data = snapshot.vote_count_snapshot(example_meeting)
    assert data["proposals"][-1]["votes"] is None and data["proposals"][-1]["share"] is None
    assert "5 Cục Thuế tỉnh Tập thể lao động xuất sắc Chưa biểu quyết" in text_of(data)
    assert snapshot.letter_snapshot(example_meeting, number="", **LETTER)["passed"][-1]["nominee"] != "Cục Thuế tỉnh"


def test_a_meeting_without_proposals_has_no_vote_count_unless_the_dossier_asks():
    meeting = quang_ngai_2017(votes=False)
    assert snapshot.vote_count_snapshot(meeting) is None
    assert "Hội nghị không biểu quyết đề nghị khen thưởng nào." in text_of(
        snapshot.vote_count_snapshot(meeting, always=True)
    )


# ---- The score table ------------------------------------------------------------------------------------------


@pytest.fixture
def scored(example_meeting):
    """The example's pledge of 2017 with two criteria, every member scored but two: one on a single criterion,
    one not at all."""
    pledge = Pledge.objects.create(bloc=example_meeting.bloc, year=2017)
    first = Criterion.objects.create(pledge=pledge, code="1", title="Nhiệm vụ chính trị", max_points=70, position=1)
    second = Criterion.objects.create(pledge=pledge, code="2", title="Phong trào thi đua", max_points=30, position=2)
    agencies = agencies_of(example_meeting)
    for index, (code, _name) in enumerate(AGENCIES):
        if code != "NHNN":
            Score.objects.create(criterion=first, agency=agencies[code], points=Decimal("60.5") + index)
        if code not in ("NHNN", "CTK"):
            Score.objects.create(criterion=second, agency=agencies[code], points=25)
    return example_meeting


def test_the_score_table_sums_what_was_recorded_and_never_invents_a_zero(scored):
    data = snapshot.scores_snapshot(scored)
    rows = {row["agency_code"]: row for row in data["rows"]}
    assert rows["VP-HDND"]["points"] == ["60.50", "25.00"] and rows["VP-HDND"]["total"] == "85.50"
    assert rows["CTK"]["points"] == ["68.50", None] and rows["CTK"]["total"] == "68.50"
    assert rows["NHNN"]["points"] == [None, None] and rows["NHNN"]["total"] is None
    text = text_of(data)
    assert "1 Văn phòng HĐND tỉnh 60,5 25 85,5 1" in text
    assert "9 Cục Thống kê tỉnh 68,5 — 68,5 9" in text
    assert "11 Ngân hàng Nhà nước chi nhánh tỉnh — — — 11" in text
    assert "Dấu “—”: không có điểm được ghi nhận." in text
    assert data["interchange"] != {}  # the meeting is attached to the PDF, as for the minutes


def test_two_criteria_fit_a_portrait_page(scored):
    assert 'class="landscape"' not in render_html(snapshot.scores_snapshot(scored))


def test_a_year_without_a_ranking_says_so_rather_than_computing_one(scored):
    scored.rankings.all().delete()
    data = snapshot.scores_snapshot(scored)
    assert data["ranked"] is False and {row["rank"] for row in data["rows"]} == {None}
    text = text_of(data)
    assert "Hội nghị không ghi kết quả xếp hạng." in text and "Xếp hạng" not in text
    assert data["rows"][0]["agency"] == "Ban Dân tộc tỉnh"  # the bloc's members in Vietnamese order


def test_no_score_table_without_criteria_or_ranking_unless_the_dossier_asks():
    meeting = quang_ngai_2017(votes=False)
    assert snapshot.scores_snapshot(meeting) is None
    text = text_of(snapshot.scores_snapshot(meeting, always=True))
    assert "Năm 2017, Khối không có tiêu chí chấm điểm theo giao ước thi đua." in text
    assert "Hội nghị không ghi kết quả xếp hạng." in text


# ---- Downloads and the meeting's page --------------------------------------------------------------------------


def test_the_documents_have_addresses_and_vietnamese_file_names(example_meeting):
    meeting_finalize(meeting=example_meeting)
    versions = {v.document: v for v in MinutesVersion.objects.select_related("meeting__bloc")}
    assert downloads.SLUG_OF[Document.VOTE_COUNT] == "kiem-phieu" and downloads.SLUG_OF[Document.SCORES] == "bang-diem"
    assert downloads.SLUGS["to-trinh"] == Document.LETTER
    vote_count = versions[Document.VOTE_COUNT]
    assert downloads.download_name(vote_count) == (
        "Biên bản kiểm phiếu Hội nghị tổng kết công tác thi đua, khen thưởng năm 2017 - KTĐ - 04-01-2018.pdf"
    )
    assert downloads.download_name(versions[Document.SCORES], "docx") == (
        "Bảng tổng hợp kết quả chấm điểm, xếp hạng năm 2017 - KTĐ.docx"
    )
    letter = _letter_version(example_meeting, "01/TTr-KTĐ", datetime.date(2018, 1, 10))
    assert downloads.download_name(letter) == "Tờ trình đề nghị khen thưởng năm 2017 - KTĐ.pdf"
    assert downloads.ascii_name(letter) == "to-trinh-tmth-2018-01-04-v1.pdf"


def test_the_meeting_page_lists_the_documents_and_they_download_like_the_minutes(
    client, example_meeting, people, fake_renderer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    meeting_finalize(meeting=example_meeting)
    vote_count = MinutesVersion.objects.get(document=Document.VOTE_COUNT)
    minutes_render(version_id=vote_count.pk)
    client.force_login(people["member"])
    page = client.get(reverse("meetings:detail", kwargs={"pk": example_meeting.pk})).content.decode()
    for slug in ("kiem-phieu", "bang-diem"):
        assert reverse("meetings:minutes_status", kwargs={"pk": example_meeting.pk, "doc": slug}) in page
    word = reverse("meetings:minutes_docx_download", kwargs={"pk": example_meeting.pk, "doc": "kiem-phieu"})
    assert word in page  # ready: its Word file is offered
    assert reverse("meetings:minutes_docx_download", kwargs={"pk": example_meeting.pk, "doc": "bang-diem"}) not in page
    response = client.get(reverse("meetings:minutes_download", kwargs={"pk": example_meeting.pk, "doc": "kiem-phieu"}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    name = quote("Biên bản kiểm phiếu Hội nghị tổng kết công tác thi đua, khen thưởng năm 2017 - KTĐ - 04-01-2018.pdf")
    assert response["Content-Disposition"].endswith(f"filename*=UTF-8''{name}")
    status = client.get(reverse("meetings:minutes_status", kwargs={"pk": example_meeting.pk, "doc": "bang-diem"}))
    assert "Bảng tổng hợp kết quả chấm điểm, xếp hạng" in status.content.decode()
    client.force_login(people["outsider"])
    assert (
        client.get(
            reverse("meetings:minutes_download", kwargs={"pk": example_meeting.pk, "doc": "kiem-phieu"})
        ).status_code
        == 404
    )
    assert fake_renderer and fake_renderer[0]["document"] == "vote_count"


def test_an_outcome_recorded_without_figures_is_named_without_inventing_them(example_meeting):
    """A record written before its votes were (an administrator's correction): passed, no tally."""
    proposal = example_meeting.proposals.get(nominee__code="STC")
    type(proposal).objects.filter(pk=proposal.pk).update(votes_for=None, votes_against=None, votes_abstain=None)
    data = snapshot.letter_snapshot(example_meeting, number="", **LETTER)
    assert next(p for p in data["passed"] if p["nominee_code"] == "STC")["votes_for"] is None
    assert "- Sở Tài chính; - Kho bạc Nhà nước tỉnh (đạt 11/11 phiếu đồng ý, 100%)." in text_of(data)
    assert "3 Sở Tài chính Bằng khen của Chủ tịch UBND tỉnh Đạt" in text_of(
        snapshot.vote_count_snapshot(example_meeting)
    )
