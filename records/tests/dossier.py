"""The year-end dossier's documents (vote count, score table, letter) of an imported interchange document,
with the facts the document states: what the tests of those documents compare them with."""

from __future__ import annotations

import datetime
from decimal import Decimal

from imports.importer import import_document
from meetings.models import Meeting
from records import snapshot
from tests.fuzz import example_document, small_province

# The letters of the two records: numbered, dated, signed.
EXAMPLE_LETTER = {
    "number": "01/TTr-KTĐ",
    "dated": datetime.date(2018, 1, 10),
    "signer_name": "Đinh Văn Ửng",
    "signer_title": "Trưởng ban",
}
GENERATED_LETTER = {
    "number": "03/TTr-KTĐ",
    "dated": datetime.date(2025, 12, 1),
    "signer_name": "Nguyễn Văn An",
    "signer_title": "Giám đốc",
}
# A generated province (bench/generate.py): the bloc K01 (a bloc; K00 is a cluster) and its second year, whose
# year-end review has a proposal voted by its tally alone and a Tập thể lao động xuất sắc that fails.
GENERATED = {"code": "P01", "blocs": 2, "members": 6, "years": 2, "first_year": 2019, "seed": 7}
GENERATED_BLOC, GENERATED_YEAR = "K01", 2020


def expected_tally(proposal: dict) -> tuple[int, int, int] | None:
    """A proposal's tally as the document states it: its votes, else the count of its ballots."""
    if proposal.get("votes"):
        votes = proposal["votes"]
        return votes["for"], votes.get("against", 0), votes.get("abstain", 0)
    ballots = [b["vote"] for b in proposal.get("ballots", [])]
    return (ballots.count("for"), ballots.count("against"), ballots.count("abstain")) if ballots else None


def expected_totals(scores: list[dict]) -> dict[str, Decimal]:
    """Each agency's total: the sum of the points the document gives it."""
    totals: dict[str, Decimal] = {}
    for score in scores:
        totals[score["agency"]] = totals.get(score["agency"], Decimal(0)) + Decimal(str(score["points"]))
    return totals


def dossier_of(document: dict, bloc_code: str, year: int, letter: dict) -> dict:
    """Import ``document`` and build the dossier's documents of the bloc's year-end review of ``year``, beside
    the facts the document states and the outcomes the record computed."""
    assert import_document(document).ok
    meeting = Meeting.objects.get(bloc__code=bloc_code, kind=Meeting.Kind.YEAR_END_REVIEW, year=year)
    bloc = next(b for b in document["blocs"] if b["code"] == bloc_code)
    source = next(m for m in bloc["meetings"] if m["kind"] == "year_end_review" and m["year"] == year)
    return {
        "meeting_pk": meeting.pk,
        "source": source,
        "names": {a["code"]: a["name"] for a in document["agencies"]},
        "scores": [s for s in bloc.get("scores", []) if s["year"] == year],
        "outcomes": [
            (p.nominee.code, p.award_type.code, p.outcome)
            for p in meeting.proposals.select_related("nominee", "award_type")
        ],
        "vote_count": snapshot.vote_count_snapshot(meeting),
        "scores_snapshot": snapshot.scores_snapshot(meeting),
        "letter": snapshot.letter_snapshot(meeting, **letter),
    }


def example_dossier() -> dict:
    return dossier_of(example_document(), "TMTH", 2017, EXAMPLE_LETTER)


def generated_dossier() -> dict:
    return dossier_of(small_province(**GENERATED), GENERATED_BLOC, GENERATED_YEAR, GENERATED_LETTER)
