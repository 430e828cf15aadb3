"""Import an interchange document through the services the web pages use: all or nothing, idempotent, every
problem reported with its JSON path.

The document is checked against the schema, then its records are matched by their codes (a meeting by bloc,
kind and date) and each change goes through the service that makes it on the web, which holds the rule and
writes the audit entry: no rule is written twice. What the importer adds is what only a document has: its
paths, codes to resolve, lists that must not repeat themselves, and the election it gives twice.

A key the document leaves out leaves the stored value alone (a short name, a quota, a meeting's attendance);
only an explicit ``null`` clears a field. A finalized meeting is an official record: a document that differs
from it is refused, saying where and which minutes, unless ``reopen``: the meeting is then reopened with the
reason "Nhập dữ liệu", changed, and finalized again with a new minutes version.

Everything runs in one transaction, rolled back on the first problem found in a step or for a preview.
"""

from __future__ import annotations

import datetime
import sqlite3
import tempfile
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils.translation import gettext as _

from awards.models import AwardType
from awards.services import (
    agency_hold_add,
    agency_hold_remove,
    agency_hold_update,
    award_type_create,
    award_types_order,
    organizer_create,
    women_share_set,
)
from blocs.models import Bloc, Membership, MembershipIndex, membership_index
from blocs.services import (
    bloc_create,
    bloc_successor_set,
    bloc_update,
    leadership_set,
    memberships_keep_records,
    memberships_replace,
)
from core.locks import previewing
from core.text import nfc
from core.validation import atomic_retried
from decisions.models import Decision
from decisions.services import award_type_update, decision_create, decision_remove_award, decision_update
from history import audit
from interchange.problems import Problem, json_path, parse, schema_problems
from meetings.models import Proposal
from members.models import Agency, BoardName, Organizer, User, board_name_problems
from members.services import (
    agency_create,
    agency_successor_set,
    agency_update,
    board_names_set,
    organizer_merge,
    organizer_update,
)
from notices.services import silenced

from .meetings import MeetingSteps
from .report import KIND_LABELS, KINDS, Change, ImportReport

__all__ = ["KINDS", "KIND_LABELS", "ImportReport", "import_document", "import_text"]

# Model fields whose name differs from the document's key, so problems point at the document.
DOCUMENT_KEYS = {"nominee": "agency", "award_type": "award", "votes_for": "votes", "votes_against": "votes"}
# The kind of each record a service writes an entry for, by model label (the preview's order).
ENTRY_KINDS = {
    "members.organizer": "organizer",
    "members.agency": "agencies",
    "awards.agencyhold": "agencies",
    "awards.womenshare": "agencies",
    "awards.awardtype": "award_types",
    "blocs.bloc": "blocs",
    "blocs.membership": "memberships",
    "blocs.leadership": "leadership",
    "pledges.pledge": "pledges",
    "meetings.meeting": "meetings",
    "meetings.proposal": "meetings",
    "decisions.decision": "decisions",
}


class _Abort(Exception):
    """Stop: later steps depend on what already failed."""


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _normalise(value):
    """NFC for every string of a document fragment, so comparisons match what is stored."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    return value


def text(value) -> str:
    """A text key's value: an explicit null clears it."""
    return value or ""


class _Importer(MeetingSteps):
    def __init__(self, document: dict, *, by: User | None, reopen: bool, scope):
        self.doc = _normalise(document)
        self.by = by
        self.reopen = reopen
        self.scope = scope  # what the services record (history.audit.scope)
        self.report = ImportReport(organizer_code=self.doc["organizer"]["code"])
        self.agencies: dict[str, Agency] = {}
        self.award_types: dict[str, AwardType] = {}

    # -- reporting -------------------------------------------------------------------------------------------

    def problem(self, path, message: str) -> None:
        self.report.problems.append(Problem(path if isinstance(path, str) else json_path(path), str(message)))

    def refused(self, path: str, error: ValidationError, keys: dict[str, str] | None = None) -> None:
        """A service's refusal, each message at the path of the document's key it is about."""
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.problem(path, message)
            return
        for name, errors in error.error_dict.items():
            where = (keys or {}).get(name)
            if where is None:
                key = DOCUMENT_KEYS.get(name, name)
                where = path if name == NON_FIELD_ERRORS else f"{path}.{key}"
            for message in ValidationError(errors).messages:
                self.problem(where, message)

    @contextmanager
    def written(self, kind: str, label: str, *, created: bool = False):
        """Count a record as created, changed (a service recorded a change of it) or left as it was."""
        before = len(self.scope.entries)
        yield
        status = "created" if created else ("changed" if len(self.scope.entries) > before else "unchanged")
        self.report.count(status, kind, label)

    def call(self, path: str, service, *args, keys: dict[str, str] | None = None, **kwargs):
        """Run a service as the importing user; its refusal becomes problems at ``path``, None returned.

        A refusing service leaves nothing behind: each service is atomic (a savepoint inside the import's
        transaction), and a document with any problem is rolled back whole."""
        return self.check(path, service, *args, keys=keys, by=self.by, **kwargs)

    def check(self, path: str, rule, *args, keys: dict[str, str] | None = None, **kwargs):
        """Run a rule (a service's check that writes nothing); its refusal becomes problems at ``path``."""
        try:
            return rule(*args, **kwargs)
        except ValidationError as error:
            self.refused(path, error, keys)
            return None

    def agency(self, path, code: str | None) -> Agency | None:
        if code is None:
            return None
        agency = self.agencies.get(code)
        if agency is None:
            self.problem(path, _("không có đơn vị mã '%(code)s' trong danh sách agencies") % {"code": code})
        return agency

    def award_type(self, path, code: str) -> AwardType | None:
        award_type = self.award_types.get(code)
        if award_type is None:
            self.problem(path, _("không có hình thức khen thưởng mã '%(code)s'") % {"code": code})
        return award_type

    def duplicates(self, items, key, path_of, what: str) -> set:
        """Report items whose key repeats an earlier one; return the repeated keys."""
        seen: dict = {}
        repeated = set()
        for index, item in enumerate(items):
            k = key(item)
            if k in seen:
                self.problem(path_of(index), _("%(what)s trùng với mục thứ %(n)s") % {"what": what, "n": seen[k] + 1})
                repeated.add(k)
            else:
                seen[k] = index
        return repeated

    def changes(self) -> list[Change]:
        """What the services recorded, as the preview lists it."""
        found = []
        for entry in self.scope.entries:
            kind = ENTRY_KINDS.get(f"{entry.content_type.app_label}.{entry.content_type.model}", "meetings")
            for what, values in (entry.changes or {}).items():
                old, new = [*values, None, None][:2] if isinstance(values, list) else (None, values)
                created = entry.action == audit.Action.CREATE
                found.append(Change(kind, entry.object_repr, what, old, new, created=created))
        return found

    # -- the steps ---------------------------------------------------------------------------------------------

    def run(self) -> ImportReport:
        try:
            self.import_organizer()
            self.import_agencies()
            self.import_award_types()
            self.stop_if_problems()
            self.unknown_codes()
            self.stop_if_problems()
            self.import_agency_years()
            self.stop_if_problems()
            blocs = self.import_blocs()
            self.import_decisions(blocs)
        except _Abort:
            pass
        self.report.changes = self.changes()
        return self.report

    def stop_if_problems(self) -> None:
        if self.report.problems:
            raise _Abort

    def import_organizer(self) -> None:
        data = self.doc["organizer"]
        fields = {k: text(data[k]) for k in ("name", "short_name", "place_name", "board_name") if k in data}
        organizer = Organizer.objects.filter(code=data["code"]).first()
        with self.written("organizer", data["name"], created=organizer is None):
            if organizer is None:
                organizer = self.call("organizer", organizer_create, code=data["code"], **fields)
            elif any(getattr(organizer, k) != v for k, v in fields.items()):
                organizer = self.call("organizer", organizer_update, organizer=organizer, **fields)
            if organizer is not None:
                organizer = self.import_merger(organizer, data)
                self.import_board_names(organizer, data)
        if organizer is None:
            raise _Abort
        self.organizer = organizer

    def import_merger(self, organizer: Organizer, data: dict) -> Organizer:
        """``merged_into``: the province this one became part of and from when (left out: as stored). The
        successor province must be stored already: its own document comes first."""
        merger = data.get("merged_into")
        if merger is None:
            return organizer
        path = "organizer.merged_into"
        into = Organizer.objects.filter(code=merger["organizer"]).first()
        if into is None:
            self.problem(
                f"{path}.organizer",
                _("không có tỉnh mã '%(code)s'; hãy nhập tài liệu của tỉnh đó trước") % {"code": merger["organizer"]},
            )
            return organizer
        on = _date(merger["from"])
        if (organizer.merged_into_id, organizer.merged_on) == (into.pk, on):
            return organizer
        keys = {"merged_into": f"{path}.organizer", "merged_on": f"{path}.from"}
        merged = self.call(path, organizer_merge, organizer=organizer, into=into, on=on, keys=keys)
        return merged or organizer

    def import_board_names(self, organizer: Organizer, data: dict) -> None:
        """``board_names``: the board's names over time, replaced by the document's (left out: as stored)."""
        if "board_names" not in data:
            return
        path = "organizer.board_names"
        items = data["board_names"]
        before = len(self.report.problems)
        if self.duplicates(items, lambda n: n["from"], lambda i: f"{path}[{i}].from", _("ngày bắt đầu")):
            return  # two rows from one day: said once, not again as an overlap
        names = [(item["name"], _date(item["from"]), _date(item.get("until"))) for item in items]
        # The service's rules (members.models.board_name_problems), each at its row's path.
        rows = [
            BoardName(organizer=organizer, name=name, valid_from=start, valid_until=end) for name, start, end in names
        ]
        keys = {"name": "name", "valid_from": "from", "valid_until": "until", NON_FIELD_ERRORS: "until"}
        for index, by_field in board_name_problems(rows).items():
            for field, messages in by_field.items():
                for message in messages:
                    self.problem(f"{path}[{index}].{keys.get(field, field)}", message)
        if len(self.report.problems) > before:
            return
        self.call(path, board_names_set, organizer=organizer, names=names, keys=dict.fromkeys(keys, path))

    def import_agencies(self) -> None:
        items = self.doc["agencies"]
        repeated = self.duplicates(items, lambda a: a["code"], lambda i: f"agencies[{i}].code", _("mã đơn vị"))
        stored = {a.code: a for a in Agency.objects.filter(organizer=self.organizer)}
        if not self.unique_names(items, stored):
            raise _Abort
        self.agencies = dict(stored)
        listed = [(index, item) for index, item in enumerate(items) if item["code"] not in repeated]
        renamed = []
        for index, item in listed:
            agency = stored.get(item["code"])
            short_name = text(item["short_name"]) if "short_name" in item else None
            if agency is None:
                with self.written("agencies", item["name"], created=True):
                    created = self.call(
                        f"agencies[{index}]",
                        agency_create,
                        organizer=self.organizer,
                        code=item["code"],
                        name=item["name"],
                        short_name=short_name or "",
                    )
                if created is not None:
                    self.agencies[created.code] = created
            elif (agency.name, agency.short_name) != (
                item["name"],
                agency.short_name if short_name is None else short_name,
            ):
                renamed.append((index, item, agency, short_name))
            else:
                self.report.count("unchanged", "agencies", agency.name)
        self.rename(renamed)
        self.stop_if_problems()
        for index, item in listed:
            if {"successor", "until", "successor_organizer"} & item.keys():
                self.set_successor(f"agencies[{index}]", self.agencies[item["code"]], item)

    def unique_names(self, items: list[dict], existing: dict[str, Agency]) -> bool:
        """Two agencies of a province never share a name (``agency_name_unique_per_organizer``): the names the
        agencies will have after the import — the document's, and the stored ones of agencies it omits."""
        listed = {item["code"] for item in items}
        owner = {a.name: f"mã {a.code}" for code, a in existing.items() if code not in listed}
        unique = True
        for index, item in enumerate(items):
            name = item["name"]
            if name in owner:
                self.problem(
                    f"agencies[{index}].name",
                    _("trùng tên với đơn vị %(other)s; hai đơn vị của một tỉnh không được cùng tên")
                    % {"other": owner[name]},
                )
                unique = False
            else:
                owner[name] = f"agencies[{index}]"
        return unique

    def rename(self, renamed: list) -> None:
        """Renames one at a time, each once its new name is free: an agency can take the name another gives
        up in the same document. Names exchanged in a ring have no such order: said, with the first path."""
        pending = list(renamed)
        while pending:
            taken = {a.name: a.pk for a in Agency.objects.filter(organizer=self.organizer)}
            free = [entry for entry in pending if taken.get(entry[1]["name"], entry[2].pk) == entry[2].pk]
            if not free:
                self.problem(
                    f"agencies[{pending[0][0]}].name",
                    _("các đơn vị đổi tên lẫn cho nhau; hãy nhập hai lần, lần đầu với tên tạm"),
                )
                return
            for entry in free:
                index, item, agency, short_name = entry
                pending.remove(entry)
                with self.written("agencies", item["name"]):
                    updated = self.call(
                        f"agencies[{index}]",
                        agency_update,
                        agency=agency,
                        name=item["name"],
                        short_name=agency.short_name if short_name is None else short_name,
                    )
                if updated is not None:
                    self.agencies[updated.code] = updated

    def unknown_codes(self) -> None:
        """Every code of the document that names no agency or award type, each at its path: all of them at
        once, before any step that would stop at the first."""
        for path, code in agency_codes(self.doc):
            self.agency(path, code)
        for path, code in award_codes(self.doc):
            self.award_type(path, code)

    def set_successor(self, path: str, agency: Agency, item: dict) -> None:
        code, province = item.get("successor"), item.get("successor_organizer")
        if province and not code:
            self.problem(f"{path}.successor_organizer", _("chỉ ghi kèm đơn vị kế thừa (successor)"))
            return
        successor = self.successor_agency(path, code, province) if code else None
        if code and successor is None:
            return
        until = _date(item.get("until"))
        if (agency.successor_id, agency.until) == (successor.pk if successor else None, until):
            return
        updated = self.call(path, agency_successor_set, agency=agency, successor=successor, until=until)
        if updated is not None:
            self.agencies[updated.code] = updated

    def successor_agency(self, path: str, code: str, province: str | None) -> Agency | None:
        """An agency's successor: of this province, or of ``successor_organizer`` (stored already)."""
        if not province or province == self.organizer.code:
            return self.agency(f"{path}.successor", code)
        organizer = Organizer.objects.filter(code=province).first()
        if organizer is None:
            self.problem(f"{path}.successor_organizer", _("không có tỉnh mã '%(code)s'") % {"code": province})
            return None
        successor = Agency.objects.filter(organizer=organizer, code=code).first()
        if successor is None:
            self.problem(
                f"{path}.successor",
                _("tỉnh mã '%(province)s' không có đơn vị mã '%(code)s'") % {"province": province, "code": code},
            )
        return successor

    def import_agency_years(self) -> None:
        """Each agency's holds and shares of women, where the document gives them, before the blocs: a document
        says the agency could not pass a proposal that year, and its own proposals are checked against that as
        the web checks them (a hold entered after a proposal passed makes the document refused: the record
        contradicts itself, the refusal says where)."""
        seen = set()
        for index, item in enumerate(self.doc["agencies"]):
            if item["code"] in seen:
                continue  # a repeated code: said by import_agencies
            seen.add(item["code"])
            agency = self.agencies[item["code"]]
            if "holds" in item:
                self.import_holds(f"agencies[{index}]", agency, item["holds"])
            if "women_shares" in item:
                self.import_women_shares(f"agencies[{index}]", agency, item["women_shares"])

    def import_holds(self, path: str, agency: Agency, items: list[dict]) -> None:
        """The agency's holds replaced by the document's: a year and a kind name a hold, whose reason is
        changed in place."""
        self.duplicates(items, lambda h: (h["year"], h["kind"]), lambda i: f"{path}.holds[{i}]",
                        _("năm và loại trường hợp chưa xét khen thưởng"))  # fmt: skip
        stored = {(hold.year, hold.kind): hold for hold in agency.holds.all()}
        wanted: dict[tuple[int, str], tuple[int, str]] = {}
        for index, item in enumerate(items):
            wanted.setdefault((item["year"], item["kind"]), (index, text(item.get("reason"))))
        for key, hold in stored.items():
            if key not in wanted:
                self.call(f"{path}.holds", agency_hold_remove, hold=hold)
        for (year, kind), (index, reason) in wanted.items():
            hold = stored.get((year, kind))
            if hold is None:
                self.call(f"{path}.holds[{index}]", agency_hold_add, agency=agency, year=year, kind=kind, reason=reason)
            elif hold.reason != reason:
                self.call(f"{path}.holds[{index}]", agency_hold_update, hold=hold, reason=reason)

    def import_women_shares(self, path: str, agency: Agency, items: list[dict]) -> None:
        """The agency's shares of women by year replaced by the document's."""
        self.duplicates(items, lambda w: w["year"], lambda i: f"{path}.women_shares[{i}].year", _("năm"))
        stored = {row.year: row.share for row in agency.women_shares.all()}
        wanted: dict[int, tuple[int, Decimal]] = {}
        for index, item in enumerate(items):
            wanted.setdefault(item["year"], (index, Decimal(str(item["share"]))))
        for year in sorted(stored.keys() - wanted.keys()):
            self.call(f"{path}.women_shares", women_share_set, agency=agency, year=year, share=None)
        for year, (index, share) in wanted.items():
            if stored.get(year) != share:
                self.call(f"{path}.women_shares[{index}]", women_share_set, agency=agency, year=year, share=share)

    def import_award_types(self) -> None:
        items = self.doc.get("award_types", [])
        repeated = self.duplicates(items, lambda a: a["code"], lambda i: f"award_types[{i}].code", _("mã"))
        self.award_types = {t.code: t for t in AwardType.objects.filter(organizer=self.organizer)}
        listed = []
        for index, item in enumerate(items):
            if item["code"] in repeated:
                continue
            path = f"award_types[{index}]"
            stored = self.award_types.get(item["code"])
            values = self.award_type_values(item, stored)
            with self.written("award_types", item["name"], created=stored is None):
                if stored is None:
                    saved = self.call(path, award_type_create, organizer=self.organizer, code=item["code"], **values)
                elif any(getattr(stored, k) != v for k, v in values.items()):
                    saved = self.call(path, award_type_update, award_type=stored, **values)
                else:
                    saved = stored
            if saved is not None:
                self.award_types[saved.code] = saved
                listed.append(saved.code)
        if items:
            award_types_order(organizer=self.organizer, codes=listed)

    @staticmethod
    def award_type_values(item: dict, stored: AwardType | None) -> dict:
        """The award type's values: the document's where it gives them, else the stored ones (or the defaults
        of a new one). An explicit null quota means no quota."""
        default = stored or AwardType(basis=AwardType.Basis.MEMBERS, ratio=0.5, strict=True)
        rule = item.get("rule", {})
        return {
            "name": item["name"],
            "conferred_by": text(item["conferred_by"]) if "conferred_by" in item else default.conferred_by or "",
            "quota_per_bloc": item.get("quota_per_bloc", default.quota_per_bloc),
            "basis": rule.get("basis", default.basis),
            "ratio": float(rule["ratio"]) if "ratio" in rule else default.ratio,
            "strict": rule.get("strict", default.strict),
        }

    # -- blocs -------------------------------------------------------------------------------------------------

    def import_blocs(self) -> list[Bloc | None]:
        items = self.doc["blocs"]
        repeated = self.duplicates(items, lambda b: b["code"], lambda i: f"blocs[{i}].code", _("mã khối"))
        stored = {b.code: b for b in Bloc.objects.filter(organizer=self.organizer)}
        blocs: list[Bloc | None] = []
        for index, item in enumerate(items):
            if item["code"] in repeated:
                blocs.append(None)
                continue
            blocs.append(self.import_bloc(f"blocs[{index}]", item, stored.get(item["code"])))
        self.stop_if_problems()
        # Memberships first for every bloc: the other rules of a bloc read them. Whether a year an agency
        # gives up still has records of it is asked once the document's meetings are in.
        replaced = []
        for index, (item, bloc) in enumerate(zip(items, blocs, strict=True)):
            if bloc is not None:
                replaced.append(self.import_memberships(f"blocs[{index}]", bloc, item["memberships"]))
        self.stop_if_problems()
        self.import_bloc_successors(items, blocs)
        self.stop_if_problems()
        index_rows = Membership.objects.filter(bloc__organizer=self.organizer).values_list(
            "bloc_id", "agency_id", "from_year", "to_year"
        )
        with membership_index(MembershipIndex(index_rows)):
            for index, (item, bloc) in enumerate(zip(items, blocs, strict=True)):
                if bloc is not None:
                    path = f"blocs[{index}]"
                    listed = self.import_leadership(path, bloc, item.get("leadership", []))
                    self.import_pledges(path, bloc, item.get("pledges", []), item.get("scores", []))
                    self.import_meetings(path, bloc, item.get("meetings", []), listed)
        for path, bloc, before, keys in filter(None, replaced):
            self.check(f"{path}.memberships", memberships_keep_records, bloc=bloc, before=before, keys=keys)
        self.stop_if_problems()
        return blocs

    def import_bloc(self, path: str, item: dict, bloc: Bloc | None) -> Bloc | None:
        values = {"name": item["name"], "kind": item["kind"]}
        if bloc is not None and item["kind"] == Bloc.Kind.CLUSTER and bloc.kind == Bloc.Kind.COMMUNE_CLUSTER:
            values["kind"] = bloc.kind  # the format writes a cluster of communes and wards as a cluster
        if "short_name" in item:
            values["short_name"] = text(item["short_name"])
        with self.written("blocs", item["name"], created=bloc is None):
            if bloc is None:
                return self.call(path, bloc_create, organizer=self.organizer, code=item["code"], **values)
            if any(getattr(bloc, k) != v for k, v in values.items()):
                values.setdefault("short_name", bloc.short_name)
                return self.call(path, bloc_update, bloc=bloc, **values)
        return bloc

    def import_bloc_successors(self, items: list[dict], blocs: list[Bloc | None]) -> None:
        """``successor``: the bloc continuing each one from a year (left out: as stored), once every bloc of the
        document exists and its members are the document's. Looked up in this province, then in the province
        this one was merged into."""
        merged_into = self.organizer.merged_into
        for index, (item, bloc) in enumerate(zip(items, blocs, strict=True)):
            if bloc is None or "successor" not in item:
                continue
            path = f"blocs[{index}].successor"
            code, from_year = item["successor"]["bloc"], item["successor"]["from_year"]
            successor = Bloc.objects.filter(organizer=self.organizer, code=code).first()
            if successor is None and merged_into is not None:
                successor = Bloc.objects.filter(organizer=merged_into, code=code).first()
            if successor is None:
                where = (
                    _("tỉnh này hoặc tỉnh mã '%(into)s'") % {"into": merged_into.code}
                    if merged_into is not None
                    else _("tỉnh này")
                )
                self.problem(
                    f"{path}.bloc", _("không có khối mã '%(code)s' của %(where)s") % {"code": code, "where": where}
                )
                continue
            if (bloc.successor_id, bloc.successor_from_year) == (successor.pk, from_year):
                continue
            keys = {"successor": f"{path}.bloc", "successor_from_year": f"{path}.from_year"}
            self.call(path, bloc_successor_set, bloc=bloc, successor=successor, from_year=from_year, keys=keys)

    def import_memberships(self, path: str, bloc: Bloc, items: list[dict]) -> tuple | None:
        """The bloc's member list replaced by the document's; (path, bloc, the list before, the keys of its
        problems) for ``memberships_keep_records``, or None when it could not be."""
        rows = []
        for index, item in enumerate(items):
            agency = self.agency(f"{path}.memberships[{index}].agency", item["agency"])
            if agency is not None:
                rows.append((index, (agency, item["from_year"], item.get("to_year"))))
        if len(rows) != len(items):
            return None
        keys = {f"{n}-{field}": f"{path}.memberships[{index}].{field}" for n, (index, _r) in enumerate(rows)
                for field in ("agency", "from_year", "to_year")}  # fmt: skip
        keys |= {f"{n}-{NON_FIELD_ERRORS}": f"{path}.memberships[{index}]" for n, (index, _r) in enumerate(rows)}
        before = list(bloc.memberships.order_by("pk").values_list("agency_id", "from_year", "to_year"))
        with self.written("memberships", bloc.name):
            replaced = self.call(f"{path}.memberships", memberships_replace, bloc=bloc,
                                 rows=[row for _index, row in rows], records_checked_later=True, keys=keys)  # fmt: skip
        return (path, bloc, before, keys) if replaced is not None else None

    def import_leadership(self, path: str, bloc: Bloc, items: list[dict]) -> dict[int, tuple[str, str | None]]:
        self.duplicates(items, lambda x: x["year"], lambda i: f"{path}.leadership[{i}].year", _("năm"))
        stored = {le.year: le for le in bloc.leaderships.all()}
        listed: dict[int, tuple[str, str | None]] = {}
        for index, entry in enumerate(items):
            item_path = f"{path}.leadership[{index}]"
            if entry["year"] in listed:
                continue
            chair = self.agency(f"{item_path}.chair", entry["chair"])
            vice_chair = (
                self.agency(f"{item_path}.vice_chair", entry["vice_chair"]) if entry.get("vice_chair") else None
            )
            if chair is None or (entry.get("vice_chair") and vice_chair is None):
                continue
            listed[entry["year"]] = (chair.code, vice_chair.code if vice_chair else None)
            current = stored.get(entry["year"])
            label = f"{bloc.name} {entry['year']}"
            if current is not None and (current.chair_id, current.vice_chair_id) == (
                chair.pk,
                vice_chair.pk if vice_chair else None,
            ):
                self.report.count("unchanged", "leadership", label)
                continue
            with self.written("leadership", label, created=current is None):
                self.call(item_path, leadership_set, bloc=bloc, year=entry["year"], chair=chair, vice_chair=vice_chair)
        return listed

    # -- decisions ---------------------------------------------------------------------------------------------

    def import_decisions(self, blocs) -> None:
        items = self.doc.get("decisions", [])
        repeated = self.duplicates(items, lambda d: d["number"], lambda i: f"decisions[{i}].number", _("số quyết định"))
        bloc_by_code = {b.code: b for b in Bloc.objects.filter(organizer=self.organizer)}
        stored = {d.number: d for d in Decision.objects.filter(organizer=self.organizer).prefetch_related("awards")}
        wanted: list[tuple[int, dict, list[Proposal]]] = []
        awarded: dict[int, str] = {}
        for index, item in enumerate(items):
            if item["number"] in repeated:
                continue
            proposals = self.decision_proposals(f"decisions[{index}]", item, bloc_by_code, awarded)
            if proposals is not None:
                wanted.append((index, item, proposals))
        self.stop_if_problems()
        # Awards a decision no longer lists go first: a proposal may move to another decision of the document.
        for index, item, proposals in wanted:
            decision = stored.get(item["number"])
            keep = {p.pk for p in proposals}
            for award in list(decision.awards.all()) if decision else []:
                if award.proposal_id not in keep:
                    self.call(f"decisions[{index}]", decision_remove_award, award=award)
        for index, item, proposals in wanted:
            path = f"decisions[{index}]"
            decision = stored.get(item["number"])
            fields = {"number": item["number"], "signed_on": _date(item["signed_on"])}
            fields["issued_by"] = (
                text(item["issued_by"]) if "issued_by" in item else (decision.issued_by if decision else "")
            )
            with self.written("decisions", item["number"], created=decision is None):
                if decision is None:
                    self.call(path, decision_create, organizer=self.organizer, proposals=proposals, **fields,
                              keys={"proposal": f"{path}.awards"})  # fmt: skip
                    continue
                has = set(decision.awards.values_list("proposal_id", flat=True))
                add = [p for p in proposals if p.pk not in has]
                if add or any(getattr(decision, k) != v for k, v in fields.items()):
                    self.call(path, decision_update, decision=decision, add=add, **fields,
                              keys={"proposal": f"{path}.awards"})  # fmt: skip

    def decision_proposals(self, path: str, item: dict, bloc_by_code, awarded: dict) -> list[Proposal] | None:
        """The passed proposals a decision names, or None (problems said) when one is not."""
        proposals, ok = [], True
        for award_index, award in enumerate(item["awards"]):
            award_path = f"{path}.awards[{award_index}]"
            bloc = bloc_by_code.get(award["bloc"])
            if bloc is None:
                self.problem(f"{award_path}.bloc", _("không có khối mã '%(code)s'") % {"code": award["bloc"]})
                ok = False
                continue
            agency = self.agency(f"{award_path}.agency", award["agency"])
            award_type = self.award_type(f"{award_path}.award", award["award"])
            if agency is None or award_type is None:
                ok = False
                continue
            proposal = Proposal.objects.filter(
                bloc=bloc, year=award["year"], nominee=agency, award_type=award_type
            ).first()
            if proposal is None or proposal.outcome != Proposal.Outcome.PASSED:
                self.problem(
                    award_path,
                    _("không khớp với đề nghị nào đã đạt: %(agency)s — %(award)s, khối %(bloc)s, năm %(year)s")
                    % {"agency": agency, "award": award_type, "bloc": bloc.code, "year": award["year"]},
                )
                ok = False
                continue
            if proposal.pk in awarded:
                self.problem(
                    award_path, _("đề nghị này đã được khen thưởng theo %(where)s") % {"where": awarded[proposal.pk]}
                )
                ok = False
                continue
            awarded[proposal.pk] = award_path
            proposals.append(proposal)
        return proposals if ok else None


def agency_codes(doc: dict):
    """(path, code) of every agency code the blocs and decisions of the document name."""
    for b, bloc in enumerate(doc["blocs"]):
        path = f"blocs[{b}]"
        for i, item in enumerate(bloc["memberships"]):
            yield f"{path}.memberships[{i}].agency", item["agency"]
        for i, item in enumerate(bloc.get("leadership", [])):
            yield from ((f"{path}.leadership[{i}].{k}", item[k]) for k in ("chair", "vice_chair") if item.get(k))
        for i, item in enumerate(bloc.get("pledges", [])):
            for j, signatory in enumerate(item.get("signatories", [])):
                yield f"{path}.pledges[{i}].signatories[{j}].agency", signatory["agency"]
        for i, item in enumerate(bloc.get("scores", [])):
            yield f"{path}.scores[{i}].agency", item["agency"]
        for m, meeting in enumerate(bloc.get("meetings", [])):
            yield from meeting_agency_codes(f"{path}.meetings[{m}]", meeting)
    for d, decision in enumerate(doc.get("decisions", [])):
        for a, award in enumerate(decision["awards"]):
            yield f"decisions[{d}].awards[{a}].agency", award["agency"]


def meeting_agency_codes(path: str, meeting: dict):
    if meeting.get("host"):
        yield f"{path}.host", meeting["host"]
    people = [(f"{path}.presiding[{i}]", p) for i, p in enumerate(meeting.get("presiding", []))]
    people += [(f"{path}.guests[{i}]", p) for i, p in enumerate(meeting.get("guests", []))]
    people += [(f"{path}.secretary", meeting["secretary"])] if meeting.get("secretary") else []
    yield from ((f"{where}.agency", p["agency"]) for where, p in people if p.get("agency"))
    for i, item in enumerate(meeting.get("attendance", [])):
        yield f"{path}.attendance[{i}].agency", item["agency"]
    for i, item in enumerate(meeting.get("proposals", [])):
        yield f"{path}.proposals[{i}].agency", item["agency"]
        for j, ballot in enumerate(item.get("ballots", [])):
            yield f"{path}.proposals[{i}].ballots[{j}].agency", ballot["agency"]
    for i, item in enumerate(meeting.get("ranking", [])):
        yield f"{path}.ranking[{i}].agency", item["agency"]
    election = meeting.get("election") or {}
    yield from ((f"{path}.election.{k}", election[k]) for k in ("chair", "vice_chair") if election.get(k))


def award_codes(doc: dict):
    """(path, code) of every award type code the document names outside its list of award types."""
    for b, bloc in enumerate(doc["blocs"]):
        for m, meeting in enumerate(bloc.get("meetings", [])):
            for i, item in enumerate(meeting.get("proposals", [])):
                yield f"blocs[{b}].meetings[{m}].proposals[{i}].award", item["award"]
    for d, decision in enumerate(doc.get("decisions", [])):
        for a, award in enumerate(decision["awards"]):
            yield f"decisions[{d}].awards[{a}].award", award["award"]


@contextmanager
def _preview_database():
    """Where a dry run writes: on SQLite, a copy of the database for this thread, for the block.

    A dry run imports the document in a transaction it rolls back. SQLite has one lock for the whole
    database, held by a writing transaction from its start: the preview of a large document (seconds, tens of
    them) would make every other user's save wait, then fail with "database is locked". On a copy it locks
    nothing anyone else uses. The copy is made from a connection of its own (committed data, SQLite's online
    backup: readers and writers go on meanwhile). PostgreSQL locks rows, not the database: there the dry run
    runs in place and locks only the rows it changes (unchanged records are not written again; Django's
    foreign keys are checked at commit, which a dry run never reaches, so its inserts lock no parent row).

    Inside a transaction already open (a test's, a caller's), a copy would not hold what that transaction
    wrote: the dry run runs in place there too."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "sqlite" or connection.in_atomic_block or connection.is_in_memory_db():
        yield
        return
    with tempfile.TemporaryDirectory(prefix="thidua-preview-") as folder:
        path = Path(folder) / "preview.sqlite3"
        source, target = sqlite3.connect(connection.settings_dict["NAME"]), sqlite3.connect(path)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        copy = connection.copy()
        copy.settings_dict["NAME"] = str(path)
        connections[DEFAULT_DB_ALIAS] = copy  # this thread's connections only
        try:
            yield
        finally:
            copy.close()
            connections[DEFAULT_DB_ALIAS] = connection


def import_document(document, *, by: User | None = None, dry_run: bool = False, reopen: bool = False) -> ImportReport:
    """Check and import a parsed document. Nothing is written if any problem is found or ``dry_run``; with
    ``reopen``, finalized meetings the document changes are reopened, changed and finalized again."""
    problems = schema_problems(document)
    if problems:
        return ImportReport(problems=problems)
    if dry_run:
        # Rolled back whatever it finds: it takes no row lock of its own (core.locks), so that nobody's save
        # waits for a board member reading a preview.
        with _preview_database(), previewing():
            return _import(document, by=by, dry_run=True, reopen=reopen)
    return _import_retried(document, by=by, dry_run=False, reopen=reopen)


def _import(document, *, by: User | None, dry_run: bool, reopen: bool) -> ImportReport:
    # A history brought in is not news: the services it calls tell nobody (notices.services.silenced).
    with transaction.atomic(), audit.source(audit.Source.IMPORT), audit.scope() as scope, silenced():
        report = _Importer(document, by=by, reopen=reopen, scope=scope).run()
        if report.problems or dry_run:
            transaction.set_rollback(True)
    return report


# Two imports of one document at once (a confirmation sent twice): the second meets the first's rows at
# commit; run again, it finds them stored and changes nothing.
_import_retried = atomic_retried(_import)


def import_text(
    raw: bytes | str, *, by: User | None = None, dry_run: bool = False, reopen: bool = False
) -> ImportReport:
    """Parse and import a document given as JSON text."""
    document, problems = parse(raw)
    if problems:
        return ImportReport(problems=problems)
    return import_document(document, by=by, dry_run=dry_run, reopen=reopen)
