"""Criterion kinds (standard, bonus, deduction) and the pledge's classification bands: the criteria editor, the
bands editor, the copy, the pages, the workbook and the services' rules."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from blocs.tests.factories import bloc_people, bloc_with_members
from core.tests.html import error_text
from history.models import AuditEntry
from members.tests.factories import PASSWORD
from pledges.models import Band, Criterion, Pledge, Score, SelfScore
from pledges.services import (
    pledge_bands_set,
    pledge_copy,
    pledge_create,
    pledge_criteria_lock_reason,
    score_notes_record,
    scores_record,
    self_scores_record,
)

pytestmark = pytest.mark.django_db

YEAR = 2025
CRITERIA = [
    {"code": "1", "title": "Thực hiện nhiệm vụ chính trị", "max_points": 90},
    {"code": "2", "title": "Phong trào thi đua", "max_points": 10},
    {"code": "3", "title": "Sáng kiến", "max_points": 5, "kind": "bonus"},
    {"code": "4", "title": "Vi phạm kỷ luật", "max_points": 10, "kind": "deduction"},
]
BANDS = [{"name": "Khá", "min_points": 70}, {"name": "Xuất sắc", "min_points": 95}, {"name": "Tốt", "min_points": 85}]


@pytest.fixture
def setting(organizer):
    """Three members and the 2025 pledge with a bonus and a deduction criterion and three bands."""
    bloc, agencies = bloc_with_members(3, organizer=organizer, name="Khối thi đua Tham mưu - Tổng hợp")
    pledge = pledge_create(bloc=bloc, year=YEAR, criteria=CRITERIA, bands=BANDS, signed_on=datetime.date(YEAR, 1, 9))
    people = bloc_people(bloc, agencies, years=(YEAR, YEAR + 1))
    return bloc, agencies, pledge, people


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def scored(pledge, agencies):
    """The first member: 88 + 10 + 5 − 4 = 99 (Xuất sắc); the second: 80 + 8 + 0 − 10 = 78 (Khá); the third none."""
    c = {x.code: x.pk for x in pledge.criteria.all()}
    points = {(agencies[0].pk, c["1"]): 88, (agencies[0].pk, c["2"]): 10, (agencies[0].pk, c["3"]): 5}
    points |= {(agencies[0].pk, c["4"]): 4, (agencies[1].pk, c["1"]): 80, (agencies[1].pk, c["2"]): 8}
    points |= {(agencies[1].pk, c["3"]): 0, (agencies[1].pk, c["4"]): 10}
    scores_record(pledge=pledge, points=points)


def bands_post(rows, *, initial=0, version=None):
    data = {
        "bands-TOTAL_FORMS": str(len(rows)),
        "bands-INITIAL_FORMS": str(initial),
        "bands-MIN_NUM_FORMS": "0",
        "bands-MAX_NUM_FORMS": "1000",
    }
    if version is not None:
        data["version"] = str(version)
    for index, row in enumerate(rows):
        for field, value in row.items():
            data[f"bands-{index}-{field}"] = value
    return data


# The services


def test_bands_are_stored_best_first_and_the_scale_counts_standard_criteria_only(setting):
    _, _, pledge, _ = setting
    assert list(pledge.bands.values_list("name", flat=True)) == ["Xuất sắc", "Tốt", "Khá"]
    assert pledge.total_points == Decimal(100)
    assert list(pledge.criteria.values_list("kind", flat=True)) == ["standard", "standard", "bonus", "deduction"]


def test_bands_set_replaces_them_bumps_the_version_and_writes_the_history(setting):
    _, _, pledge, people = setting
    version = Pledge.objects.get().version
    pledge_bands_set(pledge=pledge, bands=[{"name": "Hoàn thành", "min_points": "50.5"}], by=people.board)
    assert list(Band.objects.values_list("name", "min_points")) == [("Hoàn thành", Decimal("50.5"))]
    assert Pledge.objects.get().version == version + 1
    entry = AuditEntry.objects.latest("pk")
    assert entry.changes["Xếp loại Hoàn thành"] == [None, "từ 50,5 điểm"]
    assert entry.changes["Xếp loại Xuất sắc"] == ["từ 95 điểm", None]


@pytest.mark.parametrize(
    ("bands", "key", "fragment"),
    [
        ([{"name": "Tốt", "min_points": 80}, {"name": "Tốt", "min_points": 90}], "1-name", "mức xếp loại này"),
        ([{"name": "Tốt", "min_points": 80}, {"name": "Khá", "min_points": 80}], "1-min_points", "cùng điểm"),
        ([{"name": "Tốt", "min_points": "NaN"}], "0-min_points", "không phải là một số điểm"),
    ],
)
def test_bands_that_cannot_stand_are_refused_row_by_row(setting, bands, key, fragment):
    _, _, pledge, _ = setting
    with pytest.raises(ValidationError) as refused:
        pledge_bands_set(pledge=pledge, bands=bands)
    assert fragment in " ".join(refused.value.message_dict[key])
    assert Band.objects.count() == 3


def test_bands_may_change_after_scoring_and_at_a_stale_page_are_refused(setting):
    _, agencies, pledge, _ = setting
    scored(pledge, agencies)
    assert pledge_criteria_lock_reason(pledge) is not None
    pledge_bands_set(pledge=pledge, bands=[])
    assert not Band.objects.exists()
    with pytest.raises(ValidationError) as refused:
        pledge_bands_set(pledge=pledge, bands=BANDS, expected_version=1)
    assert refused.value.code == "stale"


def test_self_scores_and_notes_are_recorded_within_the_scale(setting):
    _, agencies, pledge, _ = setting
    scored(pledge, agencies)
    deduction = pledge.criteria.get(code="4")
    self_scores_record(pledge=pledge, points={(agencies[0].pk, deduction.pk): 0})
    score_notes_record(pledge=pledge, notes={(agencies[0].pk, deduction.pk): "Một cán bộ bị kỷ luật"})
    assert SelfScore.objects.get().points == 0
    assert Score.objects.get(agency=agencies[0], criterion=deduction).note == "Một cán bộ bị kỷ luật"
    with pytest.raises(ValidationError) as refused:
        self_scores_record(pledge=pledge, points={(agencies[0].pk, deduction.pk): 11})
    assert "vượt quá điểm tối đa 10" in refused.value.message_dict[f"{agencies[0].pk}-{deduction.pk}"][0]
    with pytest.raises(ValidationError) as refused:
        score_notes_record(pledge=pledge, notes={(agencies[2].pk, deduction.pk): "Chưa chấm"})
    assert "chưa có điểm" in refused.value.message_dict[f"{agencies[2].pk}-{deduction.pk}"][0]


def test_a_self_score_locks_the_criteria(setting):
    _, agencies, pledge, _ = setting
    self_scores_record(pledge=pledge, points={(agencies[0].pk, pledge.criteria.first().pk): 50})
    assert "tự chấm" in pledge_criteria_lock_reason(pledge)


def test_copy_keeps_the_kinds_and_the_bands(setting):
    _, _, pledge, people = setting
    copy = pledge_copy(source=pledge, year=YEAR + 1, by=people.board)
    assert list(copy.criteria.values_list("code", "kind")) == list(pledge.criteria.values_list("code", "kind"))
    assert list(copy.bands.values_list("name", "min_points")) == list(pledge.bands.values_list("name", "min_points"))


def test_copy_by_the_page_keeps_the_kinds_and_the_bands(client, setting):
    bloc, _, _, people = setting
    login(client, people.secretary)
    client.post(reverse("pledges:copy", args=[bloc.pk]), {"year": YEAR + 1})
    copy = Pledge.objects.get(year=YEAR + 1)
    assert copy.criteria.get(code="4").kind == Criterion.Kind.DEDUCTION
    assert copy.bands.count() == 3


# The criteria editor


def test_the_criteria_editor_sets_each_criterions_kind(client, setting):
    _, _, pledge, people = setting
    login(client, people.secretary)
    page = client.get(reverse("pledges:criteria", args=[pledge.pk])).content.decode()
    assert 'name="criteria-3-kind"' in page and "Điểm trừ" in page
    rows = [
        {"code": c.code, "title": c.title, "max_points": str(c.max_points), "kind": c.kind}
        for c in pledge.criteria.all()
    ]
    rows[2]["kind"] = "deduction"
    data = {"criteria-TOTAL_FORMS": "4", "criteria-INITIAL_FORMS": "4", "criteria-MIN_NUM_FORMS": "0"}
    data |= {f"criteria-{i}-{k}": v for i, row in enumerate(rows) for k, v in row.items()}
    data["version"] = str(Pledge.objects.get().version)
    response = client.post(reverse("pledges:criteria", args=[pledge.pk]), data)
    assert response.status_code == 302, response.content.decode()
    assert list(pledge.criteria.values_list("kind", flat=True)) == ["standard", "standard", "deduction", "deduction"]


def test_a_criterion_sent_without_a_kind_is_a_standard_one_and_an_unknown_kind_is_refused(client, setting):
    _, _, pledge, people = setting
    login(client, people.secretary)
    data = {"criteria-TOTAL_FORMS": "2", "criteria-INITIAL_FORMS": "0", "criteria-MIN_NUM_FORMS": "0"}
    data |= {"criteria-0-code": "1", "criteria-0-title": "Nhiệm vụ", "criteria-0-max_points": "100"}
    data |= {"criteria-1-code": "2", "criteria-1-title": "Thưởng", "criteria-1-max_points": "5"}
    data["criteria-1-kind"] = "penalty"
    response = client.post(reverse("pledges:criteria", args=[pledge.pk]), data)
    assert response.status_code == 200
    assert error_text(response.content.decode(), "id_criteria-1-kind_error")
    data["criteria-1-kind"] = "bonus"
    assert client.post(reverse("pledges:criteria", args=[pledge.pk]), data).status_code == 302
    assert list(pledge.criteria.values_list("code", "kind")) == [("1", "standard"), ("2", "bonus")]


# The bands editor


def test_the_bands_editor_replaces_the_bands(client, setting):
    _, _, pledge, people = setting
    login(client, people.secretary)
    page = client.get(reverse("pledges:bands", args=[pledge.pk])).content.decode()
    assert 'value="Xuất sắc"' in page and 'value="95"' in page
    rows = [
        {"name": "Xuất sắc", "min_points": "96,5"},
        {"name": "Tốt", "min_points": "85"},
        {"name": "Khá", "min_points": "70", "DELETE": "on"},
    ]
    response = client.post(
        reverse("pledges:bands", args=[pledge.pk]), bands_post(rows, initial=3, version=Pledge.objects.get().version)
    )
    assert response["Location"] == reverse("pledges:detail", args=[pledge.pk])
    assert list(Band.objects.values_list("name", "min_points")) == [("Xuất sắc", Decimal("96.5")), ("Tốt", 85)]


def test_the_bands_editor_shows_errors_beside_the_row(client, setting):
    _, _, pledge, people = setting
    login(client, people.board)
    rows = [{"name": "Tốt", "min_points": "85"}, {"name": "Tốt", "min_points": "bảy mươi"}]
    response = client.post(reverse("pledges:bands", args=[pledge.pk]), bands_post(rows))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nhập số điểm" in error_text(body, "id_bands-1-min_points_error")
    assert 'value="bảy mươi"' in body
    assert Band.objects.count() == 3


def test_the_bands_editor_refuses_a_stale_page_and_says_what_changed(client, setting):
    _, _, pledge, people = setting
    login(client, people.secretary)
    page = client.get(reverse("pledges:bands", args=[pledge.pk]))
    loaded = page.context["version_form"].initial["loaded"]
    pledge_bands_set(pledge=pledge, bands=[{"name": "Xuất sắc", "min_points": 98}])
    data = bands_post([{"name": "Giỏi", "min_points": "90"}], version=1) | {"loaded": loaded}
    body = client.post(reverse("pledges:bands", args=[pledge.pk]), data).content.decode()
    assert "Xếp loại Xuất sắc: 95 → 98" in body
    assert list(Band.objects.values_list("name", flat=True)) == ["Xuất sắc"]


def test_a_member_agency_cannot_open_the_bands_editor(client, setting):
    _, _, pledge, people = setting
    login(client, people.member)
    assert client.get(reverse("pledges:bands", args=[pledge.pk])).status_code == 404
    assert client.post(reverse("pledges:bands", args=[pledge.pk]), bands_post([])).status_code == 404
    assert Band.objects.count() == 3


# The pages and the workbook


def test_the_pledge_page_shows_kinds_bands_and_each_agencys_band(client, setting):
    _, agencies, pledge, people = setting
    scored(pledge, agencies)
    login(client, people.member)
    response = client.get(reverse("pledges:detail", args=[pledge.pk]))
    body = response.content.decode()
    assert "Điểm thưởng" in body and "Điểm trừ" in body
    assert "Xuất sắc" in body and "từ 95 điểm" in body
    rows = {row.agency: row for row in response.context["score_rows"]}
    assert (rows[agencies[0]].total, rows[agencies[0]].band) == (Decimal(99), "Xuất sắc")
    assert (rows[agencies[1]].total, rows[agencies[1]].band) == (Decimal(78), "Khá")
    assert response.context["total_points"] == Decimal(100)
    assert f'href="{reverse("pledges:bands", args=[pledge.pk])}"' not in body  # a member reads only


def test_the_score_page_labels_kinds_and_shows_the_band_column(client, setting):
    _, agencies, pledge, people = setting
    scored(pledge, agencies)
    login(client, people.secretary)
    body = client.get(reverse("pledges:scores", args=[pledge.pk])).content.decode()
    assert "Điểm trừ" in body and "Điểm thưởng" in body and "Xếp loại" in body
    assert "<td>Xuất sắc</td>" in body and "<td>Khá</td>" in body


def test_a_pledge_without_bands_has_no_band_column(client, setting):
    _, agencies, pledge, people = setting
    pledge_bands_set(pledge=pledge, bands=[])
    scored(pledge, agencies)
    login(client, people.secretary)
    body = client.get(reverse("pledges:scores", args=[pledge.pk])).content.decode()
    assert "Xếp loại" not in body
    assert "Giao ước không xếp loại" in client.get(reverse("pledges:detail", args=[pledge.pk])).content.decode()


def test_the_workbook_labels_kinds_and_gives_each_band(client, setting):
    _, agencies, pledge, people = setting
    scored(pledge, agencies)
    login(client, people.member)
    workbook = load_workbook(io.BytesIO(client.get(reverse("pledges:scores_xlsx", args=[pledge.pk])).content))
    sheet = workbook["Bảng điểm"]
    assert [c.value for c in sheet[3]][-3:] == ["4. Vi phạm kỷ luật (Điểm trừ, tối đa 10)", "Tổng điểm", "Xếp loại"]
    rows = [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert rows[0][-2:] == [99, "Xuất sắc"] and rows[1][-2:] == [78, "Khá"] and rows[2][-2:] == [None, None]
    criteria = [list(row) for row in workbook["Tiêu chí"].iter_rows(min_row=4, values_only=True)]
    assert criteria[2] == ["3", "Sáng kiến", "Điểm thưởng", 5]
    assert criteria[4] == [None, "Tổng thang điểm", None, 100]
    assert criteria[5] == [None, "Xếp loại Xuất sắc: từ 95 điểm", None, 95]
