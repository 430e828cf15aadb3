"""Criterion kinds and classification bands in the documents: the pledge and the score table, PDF and Word, say
which criteria are bonus or deduction points, the pledge's bands and each agency's band; snapshots made before
they existed still render, without them."""

from __future__ import annotations

import copy
import datetime

import pytest

from meetings.services import meeting_update
from pledges.models import Criterion
from pledges.services import pledge_create, scores_record
from records import rendering
from records.docx import render_docx
from records.snapshot import pledge_snapshot, scores_snapshot
from records.tests.conftest import docx_text, pdf_text

pytestmark = pytest.mark.django_db

CRITERIA = [
    {"code": "1", "title": "Hoàn thành nhiệm vụ chính trị", "max_points": 90},
    {"code": "2", "title": "Phong trào thi đua", "max_points": 10},
    {"code": "3", "title": "Sáng kiến được công nhận", "max_points": 5, "kind": "bonus"},
    {"code": "4", "title": "Vi phạm kỷ luật", "max_points": 10, "kind": "deduction"},
]
BANDS = [{"name": "Xuất sắc", "min_points": 95}, {"name": "Tốt", "min_points": 85}, {"name": "Khá", "min_points": 70}]


def both(snapshot: dict) -> tuple[str, str]:
    return pdf_text(rendering.render_document(snapshot)), docx_text(render_docx(snapshot))


def without_kinds_and_bands(snapshot: dict) -> dict:
    """The snapshot as made before criteria had kinds and pledges bands."""
    old = copy.deepcopy(snapshot)
    old.pop("bands", None)
    for criterion in old["criteria"]:
        criterion.pop("kind", None)
    for row in old.get("rows", []):
        row.pop("band", None)
    return old


@pytest.fixture
def pledge_signed(example_meeting):
    meeting = example_meeting
    meeting_update(meeting=meeting, pledge_year=2018)
    pledge_create(bloc=meeting.bloc, year=2018, criteria=CRITERIA, bands=BANDS, signed_on=datetime.date(2018, 1, 4))
    return meeting


@pytest.fixture
def scored(example_meeting):
    """The example's year scored: the host 88 + 10 + 5 − 4 = 99 (Xuất sắc), the next 80 + 8 − 10 = 78 (Khá)."""
    meeting = example_meeting
    pledge = pledge_create(bloc=meeting.bloc, year=meeting.year, criteria=CRITERIA, bands=BANDS)
    c = {x.code: x.pk for x in pledge.criteria.all()}
    first, second = [a.agency for a in meeting.attendances.select_related("agency").order_by("pk")[:2]]
    points = {(first.pk, c["1"]): 88, (first.pk, c["2"]): 10, (first.pk, c["3"]): 5, (first.pk, c["4"]): 4}
    points |= {(second.pk, c["1"]): 80, (second.pk, c["2"]): 8, (second.pk, c["4"]): 10}
    scores_record(pledge=pledge, points=points)
    return meeting, first, second


def test_the_pledge_says_which_criteria_are_bonus_or_deduction_points_and_gives_the_bands(pledge_signed):
    snapshot = pledge_snapshot(pledge_signed)
    assert [c.get("kind") for c in snapshot["criteria"]] == [None, None, "bonus", "deduction"]
    assert snapshot["bands"] == [
        {"name": "Xuất sắc", "min_points": "95.00"},
        {"name": "Tốt", "min_points": "85.00"},
        {"name": "Khá", "min_points": "70.00"},
    ]
    for text in both(snapshot):
        assert "3 Sáng kiến được công nhận (Điểm thưởng) 5" in text
        assert "4 Vi phạm kỷ luật (Điểm trừ) 10" in text
        assert "Tổng cộng 100" in text  # the scale: standard criteria only
        assert "Điểm thưởng (+) được cộng và điểm trừ (−) được trừ vào tổng điểm." in text
        assert "Xếp loại theo tổng điểm: Xuất sắc từ 95 điểm; Tốt từ 85 điểm; Khá từ 70 điểm." in text


def test_the_score_table_subtracts_deductions_and_gives_each_agencys_band(scored):
    meeting, first, second = scored
    snapshot = scores_snapshot(meeting)
    rows = {row["agency"]: row for row in snapshot["rows"]}
    assert (rows[first.name]["total"], rows[first.name]["band"]) == ("99.00", "Xuất sắc")
    assert (rows[second.name]["total"], rows[second.name]["band"]) == ("78.00", "Khá")
    assert all(row["band"] is None for name, row in rows.items() if name not in (first.name, second.name))
    pdf, word = both(snapshot)
    for text in (pdf, word):
        assert "1 (90) 2 (10) 3 (+5) 4 (−10) Tổng điểm Xếp loại Xếp hạng" in text
        assert f"{first.name} 88 10 5 4 99 Xuất sắc" in text
        assert f"{second.name} 80 8 — 10 78 Khá" in text
        assert "Xếp loại theo tổng điểm: Xuất sắc từ 95 điểm; Tốt từ 85 điểm; Khá từ 70 điểm." in text
        assert "Điểm thưởng (+) được cộng và điểm trừ (−) được trừ vào tổng điểm." in text


def test_a_pledge_of_standard_criteria_without_bands_makes_the_snapshots_of_before(scored):
    meeting, _, _ = scored
    pledge = meeting.bloc.pledges.get(year=meeting.year)
    Criterion.objects.filter(pledge=pledge).update(kind="standard")
    pledge.bands.all().delete()
    snapshot = scores_snapshot(meeting)
    assert snapshot == without_kinds_and_bands(snapshot)  # no key a snapshot of before lacks
    for text in both(snapshot):
        assert "Xếp loại" not in text and "Điểm trừ" not in text and "(+" not in text


def test_snapshots_made_before_kinds_and_bands_still_render(scored, pledge_signed):
    meeting, first, _ = scored
    for snapshot in (
        without_kinds_and_bands(scores_snapshot(meeting)),
        without_kinds_and_bands(pledge_snapshot(meeting)),
    ):
        for text in both(snapshot):
            assert "Vi phạm kỷ luật" in text
            assert "Điểm trừ" not in text and "Xếp loại theo tổng điểm" not in text
    pdf = pdf_text(rendering.render_document(without_kinds_and_bands(scores_snapshot(meeting))))
    assert f"{first.name} 88 10 5 4 99" in pdf and "Xuất sắc" not in pdf
