"""The 2026 pledge keys: ``criteria[].kind``, ``bands``, ``scores[].self_points`` and ``scores[].note``. They import,
export back and import again with no change; problems are said at their path; documents without them import
and export exactly as before, leaving what the keys would set alone."""

import copy
from decimal import Decimal

import pytest

from history.models import AuditEntry
from imports.importer import import_document
from interchange.exporter import export_organizer
from interchange.problems import schema_problems
from members.models import Organizer
from pledges.models import Band, Criterion, Pledge, Score, SelfScore

pytestmark = pytest.mark.django_db

TMTH = "blocs[0]"
CRITERIA = [
    {"code": "1", "title": "Thực hiện nhiệm vụ chính trị", "max_points": 80},
    {"code": "2", "title": "Phong trào thi đua", "max_points": 20},
    {"code": "3", "title": "Sáng kiến được công nhận", "max_points": 5, "kind": "bonus"},
    {"code": "4", "title": "Vi phạm kỷ luật", "max_points": 10, "kind": "deduction"},
]
BANDS = [{"name": "Xuất sắc", "min_points": 95}, {"name": "Tốt", "min_points": 85}, {"name": "Khá", "min_points": 70}]
SCORES = [
    {"year": 2017, "agency": "STC", "criterion": "1", "points": 78, "self_points": 80, "note": "Chậm báo cáo quý III"},
    {"year": 2017, "agency": "STC", "criterion": "2", "points": 20, "self_points": 20},
    {"year": 2017, "agency": "STC", "criterion": "3", "points": 2.5},
    {"year": 2017, "agency": "STC", "criterion": "4", "points": 2, "self_points": 0, "note": "Một cán bộ bị kỷ luật"},
    {"year": 2017, "agency": "CT", "criterion": "1", "points": 70},
]
PLAIN_SCORES = [{k: v for k, v in s.items() if k not in ("self_points", "note")} for s in SCORES]


def with_pledge(example: dict, *, criteria=CRITERIA, bands=BANDS, scores=SCORES) -> dict:
    bloc = example["blocs"][0]
    pledge = {"year": 2017, "criteria": copy.deepcopy(criteria)}
    if bands is not None:
        pledge["bands"] = copy.deepcopy(bands)
    bloc["pledges"] = [pledge]
    bloc["scores"] = copy.deepcopy(scores)
    return example


def problems_of(report) -> dict[str, str]:
    return {p.path: p.message for p in report.problems}


def pledge_of(exported: dict) -> dict:
    return exported["blocs"][0]["pledges"][0]


def test_kinds_bands_self_points_and_notes_import(example):
    report = import_document(with_pledge(example))
    assert report.ok, report.problems
    pledge = Pledge.objects.get()
    assert list(pledge.criteria.values_list("code", "kind")) == [
        ("1", "standard"), ("2", "standard"), ("3", "bonus"), ("4", "deduction"),
    ]  # fmt: skip
    assert list(pledge.bands.values_list("name", "min_points")) == [
        ("Xuất sắc", Decimal(95)), ("Tốt", Decimal(85)), ("Khá", Decimal(70)),
    ]  # fmt: skip
    own = {(s.agency.code, s.criterion.code): s.points for s in SelfScore.objects.select_related("agency", "criterion")}
    assert own == {("STC", "1"): 80, ("STC", "2"): 20, ("STC", "4"): 0}
    notes = {(s.agency.code, s.criterion.code): s.note for s in Score.objects.select_related("agency", "criterion")}
    assert notes[("STC", "1")] == "Chậm báo cáo quý III" and notes[("STC", "4")] == "Một cán bộ bị kỷ luật"
    assert notes[("STC", "2")] == notes[("CT", "1")] == ""


def test_the_export_gives_them_back_and_reimports_with_no_change(example):
    document = with_pledge(example)
    import_document(document)
    exported = export_organizer(Organizer.objects.get())
    assert schema_problems(exported) == []
    # Kind only where not standard, bands best first, self points where given, notes where written.
    assert pledge_of(exported)["criteria"] == CRITERIA
    assert pledge_of(exported)["bands"] == BANDS
    assert exported["blocs"][0]["scores"] == SCORES
    entries = AuditEntry.objects.count()
    report = import_document(exported)
    assert report.ok, report.problems
    assert sum(report.changed.values()) == 0 and AuditEntry.objects.count() == entries
    assert export_organizer(Organizer.objects.get()) == exported


def test_importing_twice_changes_nothing(example):
    import_document(with_pledge(example))
    version = Pledge.objects.get().version
    report = import_document(with_pledge(copy.deepcopy(example)))
    assert report.ok, report.problems
    assert sum(report.changed.values()) == 0 and sum(report.created.values()) == 0
    assert Pledge.objects.get().version == version


def test_the_bands_given_replace_the_stored_ones_and_an_empty_list_removes_them(example):
    import_document(with_pledge(example))
    assert import_document(with_pledge(copy.deepcopy(example), bands=[{"name": "Hoàn thành", "min_points": 50}])).ok
    assert list(Band.objects.values_list("name", "min_points")) == [("Hoàn thành", Decimal(50))]
    assert import_document(with_pledge(copy.deepcopy(example), bands=[])).ok
    assert not Band.objects.exists()
    assert "bands" not in pledge_of(export_organizer(Organizer.objects.get()))


def test_keys_left_out_leave_the_stored_bands_self_scores_and_notes_alone(example):
    import_document(with_pledge(example))
    report = import_document(with_pledge(copy.deepcopy(example), bands=None, scores=PLAIN_SCORES))
    assert report.ok, report.problems
    assert sum(report.changed.values()) == 0
    assert Band.objects.count() == 3 and SelfScore.objects.count() == 3
    assert Score.objects.exclude(note="").count() == 2


def test_an_explicit_null_note_clears_it(example):
    import_document(with_pledge(example))
    scores = copy.deepcopy(SCORES)
    scores[0]["note"] = None
    assert import_document(with_pledge(copy.deepcopy(example), scores=scores)).ok
    assert Score.objects.get(agency__code="STC", criterion__code="1").note == ""


def test_a_criterion_without_kind_is_a_standard_one_and_a_change_of_kind_changes_the_criteria(example):
    import_document(with_pledge(example, scores=PLAIN_SCORES))
    criteria = copy.deepcopy(CRITERIA)
    del criteria[2]["kind"]  # the bonus becomes a standard criterion
    report = import_document(with_pledge(copy.deepcopy(example), criteria=criteria, scores=PLAIN_SCORES))
    assert report.ok, report.problems
    assert Criterion.objects.get(code="3").kind == "standard"
    assert report.changed.get("pledges") == 1
    # The scores are measured against the new scale and come back from the document.
    assert Score.objects.count() == len(SCORES)


def test_criteria_the_agencies_scored_themselves_on_keep_their_kind(example):
    """Self scores come with explanations and evidence a document does not carry: they lock the criteria."""
    import_document(with_pledge(example))
    criteria = copy.deepcopy(CRITERIA)
    criteria[3]["kind"] = "bonus"
    found = problems_of(import_document(with_pledge(copy.deepcopy(example), criteria=criteria)))
    assert "tự chấm" in found[f"{TMTH}.pledges[0]"], found
    assert Criterion.objects.get(code="4").kind == "deduction" and SelfScore.objects.count() == 3


def test_a_document_without_the_keys_imports_and_exports_as_before(example):
    plain_criteria = [{k: v for k, v in c.items() if k != "kind"} for c in CRITERIA]
    document = with_pledge(example, criteria=plain_criteria, bands=None, scores=PLAIN_SCORES)
    assert import_document(copy.deepcopy(document)).ok
    assert set(Criterion.objects.values_list("kind", flat=True)) == {"standard"}
    assert not Band.objects.exists() and not SelfScore.objects.exists()
    exported = export_organizer(Organizer.objects.get())
    assert pledge_of(exported) == document["blocs"][0]["pledges"][0]
    assert exported["blocs"][0]["scores"] == PLAIN_SCORES


@pytest.mark.parametrize(
    ("bands", "path", "fragment"),
    [
        ([{"name": "Tốt", "min_points": 90}, {"name": "Tốt", "min_points": 80}], "bands[1].name", "mức xếp loại này"),
        ([{"name": "Tốt", "min_points": 90}, {"name": "Khá", "min_points": 90}], "bands[1].min_points", "cùng điểm"),
        ([{"name": "Tốt", "min_points": 1234567.5}], "bands[0].min_points", "chữ số"),
    ],
)
def test_bands_that_cannot_stand_are_refused_at_their_path(example, bands, path, fragment):
    report = import_document(with_pledge(example, bands=bands))
    found = problems_of(report)
    assert f"{TMTH}.pledges[0].{path}" in found, found
    assert fragment in found[f"{TMTH}.pledges[0].{path}"]
    assert not Pledge.objects.exists()


def test_self_points_above_the_maximum_are_refused_at_their_path(example):
    scores = copy.deepcopy(SCORES)
    scores[1]["self_points"] = 21
    found = problems_of(import_document(with_pledge(example, scores=scores)))
    assert "vượt quá điểm tối đa 20" in found[f"{TMTH}.scores[1].self_points"], found
    assert not SelfScore.objects.exists() and not Pledge.objects.exists()


@pytest.mark.parametrize(
    ("where", "value", "fragment"),
    [
        (["pledges", 0, "criteria", 0, "kind"], "penalty", "không hợp lệ"),
        (["scores", 0, "self_points"], -1, "không được nhỏ hơn 0"),
        (["scores", 0, "note"], "", "không được để trống"),
        (["pledges", 0, "bands", 0, "min_points"], "95", "phải là một số"),
    ],
)
def test_the_schema_refuses_values_of_the_new_keys_at_their_path(example, where, value, fragment):
    document = with_pledge(example)
    node = document["blocs"][0]
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    found = problems_of(import_document(document))
    path = TMTH + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in where)
    assert fragment in found.get(path, ""), found
