"""The importer fed generated documents: it never raises, and it imports all or nothing.

Each test sends at least 300 inputs to ``import_text``: valid documents (the contract's example and a small
generated province) with random mutations, damaged JSON text, arbitrary JSON values and arbitrary bytes.
For each one either the report is ok, and the organizer's records export back to a document the schema
accepts, or it lists problems (each with a path and a message) and no table changed. Every input runs
in a savepoint rolled back afterwards, over a baseline where both documents are already imported, so
mutated documents also exercise the paths that update stored records.
"""

from __future__ import annotations

import traceback

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from imports.importer import ImportReport, import_text
from interchange.exporter import export_organizer
from interchange.problems import schema_problems
from members.models import Organizer
from tests.fuzz import (
    DEEP_JSON,
    EXAMPLES,
    FUZZ_SETTINGS,
    Documents,
    changed_tables,
    db_snapshot,
    example_document,
    json_values,
    raw_documents,
    serialized,
    small_province,
)

BASES = Documents([example_document(), small_province("P01")])


@pytest.fixture(scope="module")
def baseline(django_db_setup, django_db_blocker):
    """Both documents imported once, in a transaction rolled back at the end of the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        for document in BASES:
            report = import_text(serialized(document))
            assert report.ok, report.problems
        yield
        transaction.set_rollback(True)


def check_import(raw: bytes | str, *, dry_run: bool, before: dict) -> ImportReport:
    """Import ``raw`` in a savepoint rolled back afterwards; fail on an exception or a partial write."""
    with transaction.atomic():
        try:
            report = import_text(raw, dry_run=dry_run)
        except Exception:
            pytest.fail(f"import_text raised:\n{traceback.format_exc()}")
        for problem in report.problems:
            assert isinstance(problem.path, str), problem
            assert isinstance(problem.message, str) and problem.message.strip(), problem
        if report.ok and not dry_run:
            organizer = Organizer.objects.get(code=report.organizer_code)
            exported = export_organizer(organizer)
            assert schema_problems(exported) == [], "the records imported do not export to a valid document"
        else:
            changed = changed_tables(before, db_snapshot())
            assert not changed, f"a refused import (or a dry run) changed {changed}: {report.problems[:5]}"
        transaction.set_rollback(True)
    return report


def run_examples(strategy, *, dry_runs: bool = True) -> dict[str, int]:
    before = db_snapshot()
    outcomes = {"ok": 0, "refused": 0, "examples": 0}

    @FUZZ_SETTINGS
    @given(raw=strategy, dry_run=st.booleans() if dry_runs else st.just(False))
    def run(raw, dry_run):
        report = check_import(raw, dry_run=dry_run, before=before)
        outcomes["ok" if report.ok else "refused"] += 1
        outcomes["examples"] += 1

    run()
    assert outcomes["examples"] >= EXAMPLES, outcomes
    return outcomes


@pytest.mark.django_db
def test_mutated_documents(baseline):
    outcomes = run_examples(raw_documents(BASES))
    # Both paths were taken: some documents were imported, others refused.
    assert outcomes["ok"] and outcomes["refused"], outcomes


@pytest.mark.django_db
def test_arbitrary_json(baseline):
    """Any JSON value at all (and documents whose top-level keys hold any JSON value)."""
    documents = st.one_of(
        json_values(),
        st.fixed_dictionaries(
            {"format": st.just("emulation-blocs/1")},
            optional={
                "organizer": json_values(),
                "agencies": json_values(),
                "blocs": json_values(),
                "award_types": json_values(),
                "decisions": json_values(),
            },
        ),
    )
    run_examples(documents.map(serialized), dry_runs=False)


@pytest.mark.django_db
def test_arbitrary_bytes_and_text(baseline):
    run_examples(
        st.one_of(
            st.binary(max_size=300),
            st.text(max_size=300),
            st.sampled_from(["", " ", "\ufeff", "null", "[]", "{}", "0", '"x"', "NaN", "{" * 5000, *DEEP_JSON]),
        ),
        dry_runs=False,
    )
