"""What an import says: the problems of a document, and what it creates, changes and leaves as it was."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from interchange.problems import Problem

KINDS = (
    "organizer",
    "agencies",
    "award_types",
    "blocs",
    "memberships",
    "leadership",
    "pledges",
    "meetings",
    "decisions",
)
# Vietnamese names of the kinds, for the command's summary and the upload preview.
KIND_LABELS = {
    "organizer": gettext_noop("tỉnh"),
    "agencies": gettext_noop("cơ quan, đơn vị"),
    "award_types": gettext_noop("hình thức khen thưởng"),
    "blocs": gettext_noop("khối, cụm"),
    "memberships": gettext_noop("danh sách thành viên"),
    "leadership": gettext_noop("trưởng, phó khối"),
    "pledges": gettext_noop("giao ước"),
    "meetings": gettext_noop("hội nghị"),
    "decisions": gettext_noop("quyết định"),
}
# The order the preview lists the changes in: the rules (award types) first, they decide outcomes.
CHANGE_ORDER = ("award_types", "organizer", "agencies", "blocs", "memberships", "leadership", "pledges", "meetings",
                "decisions")  # fmt: skip


@dataclass(frozen=True)
class Change:
    """One value the import changes, as the record's history will say it: ``kind`` (of KINDS), the record,
    what (a field, a row), and the value before and after (None: none)."""

    kind: str
    record: str
    what: str
    old: object
    new: object
    created: bool = False  # a value of a record the import creates


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    created: Counter = field(default_factory=Counter)
    changed: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    details: list[tuple[str, str, str]] = field(default_factory=list)  # (status, kind, label)
    changes: list[Change] = field(default_factory=list)
    # JSON paths of the finalized meetings the document would change (refused without ``reopen``).
    finalized: list[str] = field(default_factory=list)
    # The finalized meetings the import reopens, changes and finalizes again (``reopen``), by name.
    reopened: list[str] = field(default_factory=list)
    organizer_code: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, status: str, kind: str, label: str) -> None:
        getattr(self, status)[kind] += 1
        if status != "unchanged":
            self.details.append((status, kind, label))

    def summary_rows(self) -> list[tuple[str, int, int, int]]:
        return [(k, self.created[k], self.changed[k], self.unchanged[k]) for k in KINDS]

    def ordered_changes(self) -> list[Change]:
        """The changes of records already stored, award types' first, then by kind in the order records depend
        on each other (the values of records created are the document's: ``details`` names those records)."""
        stored = [change for change in self.changes if not change.created]
        return sorted(stored, key=lambda change: CHANGE_ORDER.index(change.kind))
