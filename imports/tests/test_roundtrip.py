"""The example document imports, imports again with no change, and exports back with every field."""

import json

import pytest
from django.core.management import call_command

from blocs.models import Leadership
from imports.importer import import_document
from interchange.exporter import export_organizer
from interchange.problems import schema_problems
from meetings.models import Meeting, Proposal
from members.models import Organizer

pytestmark = pytest.mark.django_db


def contains(expected, actual, path="") -> list[str]:
    """Where ``actual`` lacks a field of ``expected`` or holds another value (lists compared item by item)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: {actual!r} is not an object"]
        return [
            m
            for k, v in expected.items()
            for m in (contains(v, actual[k], f"{path}.{k}") if k in actual else [f"{path}.{k}: missing"])
        ]
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) < len(expected):
            return [f"{path}: list {actual!r} shorter than {len(expected)}"]
        return [m for i, v in enumerate(expected) for m in contains(v, actual[i], f"{path}[{i}]")]
    return [] if expected == actual else [f"{path}: {expected!r} != {actual!r}"]


def snapshot() -> str:
    organizer = Organizer.objects.get()
    return json.dumps(export_organizer(organizer), sort_keys=True)


def test_example_imports_and_exports_every_field(example):
    report = import_document(example)
    assert report.ok, report.problems
    exported = export_organizer(Organizer.objects.get(code="QNG"))
    assert schema_problems(exported) == []
    assert contains(example, exported) == []


def test_example_outcomes_and_election_are_recorded(example):
    import_document(example)
    meeting = Meeting.objects.get()
    assert meeting.is_finalized  # a meeting held in the past is an official record
    assert list(meeting.proposals.values_list("outcome", flat=True)) == ["passed"] * 4
    leadership = Leadership.objects.get(year=2018)
    assert (leadership.chair.code, leadership.vice_chair.code, leadership.elected_at) == ("BDT", "KBNN", meeting)


def test_importing_twice_changes_nothing(example):
    first = import_document(example)
    after_first = snapshot()
    ids = sorted(Proposal.objects.values_list("pk", flat=True))
    second = import_document(example)
    assert second.ok
    assert snapshot() == after_first
    assert sorted(Proposal.objects.values_list("pk", flat=True)) == ids
    assert sum(second.created.values()) == 0 and sum(second.changed.values()) == 0
    assert sum(first.created.values()) > 0


def test_export_of_an_import_reimports_to_the_same_export(example):
    import_document(example)
    exported = export_organizer(Organizer.objects.get())
    report = import_document(exported)
    assert report.ok, report.problems
    assert sum(report.changed.values()) == 0
    assert export_organizer(Organizer.objects.get()) == exported


def test_newer_document_updates_what_changed(example):
    import_document(example)
    example["agencies"][0]["name"] = "Văn phòng Đoàn ĐBQH và HĐND tỉnh"
    example["award_types"][0]["quota_per_bloc"] = 3
    report = import_document(example)
    assert report.ok, report.problems
    assert report.changed["agencies"] == 1 and report.changed["award_types"] == 1
    assert report.unchanged["meetings"] == 1
    assert [(c.kind, c.old, c.new) for c in report.ordered_changes()] == [
        ("award_types", 1, 3),
        ("agencies", "Văn phòng HĐND tỉnh", "Văn phòng Đoàn ĐBQH và HĐND tỉnh"),
    ]


def test_commands_import_and_export(tmp_path, example_text, capsys):
    source = tmp_path / "in.json"
    source.write_text(example_text, encoding="utf-8")
    call_command("import_blocs", str(source))
    target = tmp_path / "out.json"
    call_command("export_blocs", "QNG", "-o", str(target))
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert contains(json.loads(example_text), exported) == []


def test_generated_document_with_every_kind_of_record_round_trips():
    from bench.generate import province

    document = province("P9", blocs=2, members=6, years=2)
    report = import_document(document)
    assert report.ok, report.problems[:5]
    exported = export_organizer(Organizer.objects.get(code="P9"))
    assert schema_problems(exported) == []
    assert contains(json.loads(json.dumps(document)), exported) == []
    again = import_document(exported)
    assert again.ok and sum(again.changed.values()) == 0 and sum(again.created.values()) == 0


def test_changed_meeting_keeps_its_proposals_and_drops_withdrawn_ones():
    from bench.generate import province

    document = province("P8", blocs=1, members=6, years=1)
    import_document(document)
    meeting = document["blocs"][0]["meetings"][1]
    kept = Proposal.objects.get(
        nominee__code=meeting["proposals"][1]["agency"], award_type__code=meeting["proposals"][1]["award"]
    )
    withdrawn = meeting["proposals"].pop(0)
    meeting["proposals"][0]["ballots"] = []  # an empty list clears them; a list left out would keep them
    meeting["proposals"][0]["votes"] = {"for": 3, "against": 2, "abstain": 0}
    report = import_document(document, reopen=True)
    assert report.ok, report.problems
    assert report.changed["meetings"] == 1 and report.unchanged["meetings"] == 1
    kept.refresh_from_db()
    assert (kept.votes_for, kept.votes_against) == (3, 2)
    assert not Proposal.objects.filter(nominee__code=withdrawn["agency"], award_type__code=withdrawn["award"]).exists()
