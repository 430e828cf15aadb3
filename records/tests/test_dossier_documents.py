"""Issue 16, acceptance: for the example record and a generated province, the tờ trình names every passed
proposal (agency, award, result) and no failed one; the biên bản kiểm phiếu's figures equal the tallies; the
score table's totals equal the scores. Each fact is read back from the PDF and from the Word file."""

from __future__ import annotations

import io
from decimal import Decimal

import pdfplumber
import pytest

from core.numbers import number_text
from records.tests.conftest import docx_text, pdf_text
from records.tests.dossier import expected_tally, expected_totals

pytestmark = pytest.mark.django_db  # the records are built from the database once per run

RECORDS = ["example", "generated"]


def pdf_rows(pdf: bytes) -> list[list[str]]:
    """The rows of every bordered table of the PDF, each cell's text with its line breaks joined."""
    rows = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for table in page.extract_tables():
                rows += [[" ".join((cell or "").split()) for cell in row] for row in table]
    return rows


def texts(dossier: dict, kind: str) -> tuple[str, str]:
    pdf, word = dossier["files"][kind]
    return pdf_text(pdf), docx_text(word)


def shown(value: int | Decimal) -> str:
    return number_text(value, thousands=True)


# ---- The letter ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("record", RECORDS)
def test_the_letter_names_every_passed_proposal_with_its_result_and_no_failed_one(dossiers, record):
    dossier = dossiers[record]
    source, names = dossier["source"], dossier["names"]
    outcome = {(code, award): result for code, award, result in dossier["outcomes"]}
    passed = [p for p in source["proposals"] if outcome[p["agency"], p["award"]] == "passed"]
    others = [p for p in source["proposals"] if outcome[p["agency"], p["award"]] != "passed"]
    assert passed, "the record must have proposals that passed"
    letter = dossier["letter"]
    assert sorted((p["nominee_code"], p["award_code"]) for p in letter["passed"]) == sorted(
        (p["agency"], p["award"]) for p in passed
    )
    basis = {(p["nominee_code"], p["award_code"]): p["basis"] for p in letter["passed"]}
    for text in texts(dossier, "letter"):
        for proposal in passed:
            votes_for = expected_tally(proposal)[0]
            of = basis[proposal["agency"], proposal["award"]]
            assert f"{names[proposal['agency']]} (đạt {votes_for}/{of} phiếu đồng ý" in text
        for proposal in others:
            assert f"{names[proposal['agency']]} (đạt" not in text
        for entry in letter["passed"]:
            assert f". {entry['award']}:" in text  # the award heads its nominees


def test_the_generated_record_has_a_failed_proposal_the_letter_leaves_out(dossiers):
    dossier = dossiers["generated"]
    failed = [(code, award) for code, award, outcome in dossier["outcomes"] if outcome == "failed"]
    assert failed == [("P01-B01-A02", "TTLDXS")]
    for text in texts(dossier, "letter"):
        assert "Tập thể lao động xuất sắc" not in text
        assert "Chi cục Thanh tra 9 (đạt" not in text


def test_the_letter_groups_the_passed_proposals_by_award_in_the_awards_order(dossiers):
    pdf, word = texts(dossiers["example"], "letter")
    expected = (
        "1. Cờ thi đua của Chính phủ: - Văn phòng HĐND tỉnh (đạt 11/11 phiếu đồng ý, 100%)."
        " 2. Cờ thi đua của UBND tỉnh: - Văn phòng UBND tỉnh (đạt 11/11 phiếu đồng ý, 100%)."
        " 3. Bằng khen của Chủ tịch UBND tỉnh: - Sở Tài chính (đạt 11/11 phiếu đồng ý, 100%);"
        " - Kho bạc Nhà nước tỉnh (đạt 11/11 phiếu đồng ý, 100%)."
    )
    assert expected in pdf and expected in word
    generated = texts(dossiers["generated"], "letter")[0]
    assert "- Kho bạc Môi trường 11 (đạt 5/6 phiếu đồng ý, 83,33%);" in generated  # the tally alone: 5 of 6


@pytest.mark.parametrize(
    ("record", "facts"),
    [
        (
            "example",
            [
                "UBND TỈNH QUẢNG NGÃI",
                "KHỐI THI ĐUA CÁC CƠ QUAN THAM MƯU - TỔNG HỢP",
                "Số: 01/TTr-KTĐ",
                "Quảng Ngãi, ngày 10 tháng 01 năm 2018",
                "TỜ TRÌNH Về việc đề nghị khen thưởng năm 2017",
                "Kính gửi: Ban Thi đua - Khen thưởng tỉnh Quảng Ngãi",
                "Năm 2017, Khối thi đua các cơ quan Tham mưu - Tổng hợp có 11 cơ quan, đơn vị thành viên.",
                "Ngày 04 tháng 01 năm 2018, Khối thi đua đã tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng"
                " năm 2017, có 11/11 cơ quan, đơn vị thành viên dự.",
                "Kính đề nghị Ban Thi đua - Khen thưởng tỉnh Quảng Ngãi xem xét./.",
                "TM. KHỐI THI ĐUA",
                "TRƯỞNG KHỐI",
                "Đinh Văn Ửng",
                "- Như trên; - Các đơn vị thành viên Khối; - Lưu: VT.",
            ],
        ),
        (
            "generated",
            [
                "Số: 03/TTr-KTĐ",
                "Tỉnh Thử, ngày 01 tháng 12 năm 2025",
                "Về việc đề nghị khen thưởng năm 2020",
                "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;",
                "Căn cứ Nghị định số 152/2025/NĐ-CP quy định chi tiết thi hành một số điều của Luật Thi đua, khen"
                " thưởng;",
                "Cục Giáo dục 8 làm Trưởng khối.",  # the chair of 2020, elected at the review of 2019
                "có 6/6 cơ quan, đơn vị thành viên dự.",
                "Giám đốc",
                "Nguyễn Văn An",
            ],
        ),
    ],
)
def test_the_letter_states_its_header_addressee_year_and_signature(dossiers, record, facts):
    pdf, word = texts(dossiers[record], "letter")
    for fact in facts:
        assert fact in pdf, fact
        assert fact in word, fact


def test_the_letter_cites_only_the_legal_bases_in_force_on_its_date(dossiers):
    example, generated = texts(dossiers["example"], "letter")[0], texts(dossiers["generated"], "letter")[0]
    assert "Căn cứ" not in example.split("Căn cứ kết quả")[0]  # 2018: none of the stored bases was in force yet
    assert "98/2023/NĐ-CP" not in generated  # replaced on 1 July 2025


# ---- The vote count ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("record", RECORDS)
def test_the_vote_counts_figures_equal_the_tallies(dossiers, record):
    dossier = dossiers[record]
    snapshot, names = dossier["vote_count"], dossier["names"]
    proposals = dossier["source"]["proposals"]
    assert [
        (p["agency_code"], (p["votes"]["for"], p["votes"]["against"], p["votes"]["abstain"]))
        for p in snapshot["proposals"]
    ] == [(p["agency"], expected_tally(p)) for p in proposals]
    outcome = {(code, award): result for code, award, result in dossier["outcomes"]}
    label = {"passed": "Đạt", "failed": "Không đạt", "pending": "Chưa biểu quyết"}
    expected_rows = []
    for number, (proposal, row) in enumerate(zip(proposals, snapshot["proposals"], strict=True), start=1):
        votes_for, against, abstain = expected_tally(proposal)
        basis = row["basis_count"]
        expected_rows.append(
            [
                str(number),
                names[proposal["agency"]],
                row["award"],
                shown(votes_for),
                shown(against),
                shown(abstain),
                f"{votes_for}/{basis} ({row['share']})",
                label[outcome[proposal["agency"], proposal["award"]]],
            ]
        )
    pdf, word = dossier["files"]["vote_count"]
    assert [row for row in pdf_rows(pdf) if row[0] != "STT"] == expected_rows
    word_text = docx_text(word)
    for row in expected_rows:
        assert " ".join(row) in word_text


@pytest.mark.parametrize("record", RECORDS)
def test_the_vote_count_states_the_voting_body_and_leaves_unrecorded_ballots_out(dossiers, record):
    dossier = dossiers[record]
    members = len({a["agency"] for a in dossier["source"]["attendance"]})
    present = sum(1 for a in dossier["source"]["attendance"] if a["present"])
    for text in texts(dossier, "vote_count"):
        assert "BIÊN BẢN KIỂM PHIẾU Biểu quyết đề nghị khen thưởng năm" in text
        assert f"Số đơn vị thành viên Khối: {members}; số đơn vị có mặt: {present}." in text
        assert "Hình thức biểu quyết: không ghi." in text  # nothing said of it in the record
        assert "Tổ kiểm phiếu: không ghi." in text
        assert "Số phiếu phát ra" not in text  # no mode, no ballot figures recorded
        assert "TỔ KIỂM PHIẾU" in text and "CHỦ TỌA" in text


# ---- The score table -----------------------------------------------------------------------------------------


def test_the_score_tables_totals_equal_the_scores(dossiers):
    dossier = dossiers["generated"]
    names = dossier["names"]
    totals = expected_totals(dossier["scores"])
    ranks = {r["agency"]: r["rank"] for r in dossier["source"]["ranking"]}
    snapshot = dossier["scores_snapshot"]
    assert {row["agency_code"]: Decimal(row["total"]) for row in snapshot["rows"]} == totals
    assert [row["rank"] for row in snapshot["rows"]] == sorted(ranks.values())
    pdf, word = dossier["files"]["scores"]
    rows = [row for row in pdf_rows(pdf) if row[0] not in ("STT", "Mã") and len(row) > 3]
    assert len(rows) == len(totals) == 6
    points = {}
    for score in dossier["scores"]:
        points.setdefault(score["agency"], []).append(shown(Decimal(str(score["points"]))))
    for number, row in enumerate(rows, start=1):
        code = next(code for code, name in names.items() if name == row[1])
        assert row == [str(number), names[code], *points[code], shown(totals[code]), str(ranks[code])]
        assert " ".join(row) in docx_text(word)


def test_the_score_table_prints_the_criteria_and_their_points(dossiers):
    for text in texts(dossiers["generated"], "scores"):
        assert "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG Năm 2020" in text
        assert "1 Thực hiện nhiệm vụ chính trị được giao 30" in text
        assert "Tổng cộng 100" in text
        assert "Tổng điểm" in text and "Xếp hạng" in text
        assert "THƯ KÝ" in text and "CHỦ TỌA" in text
        assert "không ghi kết quả xếp hạng" not in text


def test_the_example_has_no_score_table_to_make(dossiers):
    """Its document records neither a pledge with criteria nor a ranking."""
    assert dossiers["example"]["scores_snapshot"] is None
    assert "scores" not in dossiers["example"]["files"]
