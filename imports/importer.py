"""Import an interchange document: all or nothing, idempotent, every problem reported with its JSON path.

The rules are the application's own: each record is checked by its model's ``clean()`` (with memberships
read from the document through ``blocs.models.membership_index`` instead of one query per check) and the
votes by ``awards.services`` and ``awards.rules``, exactly as for the web forms. Records are then written
in bulk inside one transaction, which is rolled back if anything was wrong (or for a preview).

Records are matched by their codes (a meeting by bloc, kind and date). What the document holds replaces
what is stored for that record; records the document does not mention are left alone.
"""

from __future__ import annotations

import datetime
import sqlite3
import tempfile
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from awards import rules
from awards.audit_states import AWARD_TYPE_FIELDS
from awards.models import AwardType
from awards.services import award_types_ensure_defaults
from blocs.models import Bloc, Leadership, Membership, MembershipIndex, members_of, membership_index
from core.text import nfc
from core.validation import atomic_retried, error_messages
from decisions.audit_states import DECISION_FIELDS, decision_awards_state
from decisions.models import Decision, DecisionAward
from history import audit
from interchange import exporter
from interchange.problems import Problem, json_path, parse, schema_problems
from meetings.audit_states import MEETING_FIELDS, meeting_state
from meetings.models import Attendance, Ballot, Meeting, Participant, Proposal, Ranking
from meetings.voting import VotingBody, _evaluate
from members.audit_states import AGENCY_FIELDS, BLOC_FIELDS, ORGANIZER_FIELDS, memberships_state
from members.models import Agency, Organizer, User
from pledges.audit_states import pledge_state
from pledges.models import Criterion, Pledge, Score, Signature

# Model fields whose name differs from the document's key, so problems point at the document.
DOCUMENT_KEYS = {"nominee": "agency", "award_type": "award", "votes_for": "votes", "votes_against": "votes"}

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


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    created: Counter = field(default_factory=Counter)
    changed: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    details: list[tuple[str, str, str]] = field(default_factory=list)  # (status, kind, label)
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


class _Abort(Exception):
    """Stop: later steps depend on what already failed."""


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _time(value: str | None) -> datetime.time | None:
    return datetime.time.fromisoformat(value) if value else None


def _normalise(value):
    """NFC for every string of a document fragment, so comparisons match what is stored."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    return value


def _same_number(a, b) -> bool:
    return Decimal(str(a)) == Decimal(str(b))


class _Importer:
    def __init__(self, document: dict, *, by: User | None):
        self.doc = _normalise(document)
        self.by = by
        self.report = ImportReport(organizer_code=self.doc["organizer"]["code"])
        self.agencies: dict[str, Agency] = {}
        self.award_types: dict[str, AwardType] = {}
        self.pledge_batch: list[tuple] = []
        self.meeting_batch: list[tuple] = []
        # The audit trail: one entry per record created or changed, written together once all went well.
        self.audit_entries: list = []
        self.names: dict[int, str] = {}  # agency id → name, for the entries
        self.meeting_befores: dict[int, dict] = {}

    def audited(self, status: str, instance, before: dict, after: dict, **owner) -> None:
        """Note an entry for a record the document created (``status`` "created") or changed."""
        action = audit.Action.CREATE if status == "created" else audit.Action.UPDATE
        self.audit_entries.append(
            audit.entry(
                action=action,
                instance=instance,
                changes=audit.diff(before, after),
                by=self.by,
                source=audit.Source.IMPORT,
                organizer_id=self.organizer.pk,
                **owner,
            )
        )

    # -- reporting -------------------------------------------------------------------------------------------

    def problem(self, path, message: str) -> None:
        self.report.problems.append(Problem(path if isinstance(path, str) else json_path(path), str(message)))

    def invalid(self, path, error: ValidationError) -> None:
        """Report a model's validation error; a field's message goes to that field's path in the document."""
        if not hasattr(error, "error_dict"):
            for message in error_messages(error):
                self.problem(path, message)
            return
        for name, errors in error.error_dict.items():
            where = path if name == NON_FIELD_ERRORS else f"{path}.{DOCUMENT_KEYS.get(name, name)}"
            for message in ValidationError(errors).messages:
                self.problem(where, message)

    def check(self, path, instance, *, exclude: list[str] | None = None) -> bool:
        """Run the model's field checks and ``clean()``; uniqueness is checked against the document."""
        # Foreign keys were resolved from the document's codes: skip Django's one-query-per-key existence check.
        exclude = [*(exclude or []), *_foreign_keys(type(instance))]
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            self.invalid(path, error)
            return False
        return True

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

    # -- the steps ---------------------------------------------------------------------------------------------

    def run(self) -> ImportReport:
        try:
            self.import_organizer()
            self.import_agencies()
            self.import_award_types()
            if self.report.problems:
                raise _Abort
            blocs = self.import_blocs()
            self.import_decisions(blocs)
        except _Abort:
            pass
        if not self.report.problems:
            audit.record_many(self.audit_entries)
        return self.report

    def import_organizer(self) -> None:
        data = self.doc["organizer"]
        fields = {k: data.get(k, "") for k in ("name", "short_name", "place_name", "board_name")}
        organizer = Organizer.objects.filter(code=data["code"]).first()
        if organizer is None:
            organizer = Organizer(code=data["code"], **fields)
            if not self.check("organizer", organizer):
                raise _Abort
            organizer.save()
            self.report.count("created", "organizer", organizer.name)
            self.organizer = organizer
            self.audited("created", organizer, {}, audit.snapshot(organizer, ORGANIZER_FIELDS))
        elif any(getattr(organizer, k) != v for k, v in fields.items()):
            before = audit.snapshot(organizer, ORGANIZER_FIELDS)
            for k, v in fields.items():
                setattr(organizer, k, v)
            if not self.check("organizer", organizer):
                raise _Abort
            organizer.save(update_fields=list(fields))
            self.report.count("changed", "organizer", organizer.name)
            self.organizer = organizer
            self.audited("changed", organizer, before, audit.snapshot(organizer, ORGANIZER_FIELDS))
        else:
            self.report.count("unchanged", "organizer", organizer.name)
        award_types_ensure_defaults(organizer=organizer)
        self.organizer = organizer

    def import_agencies(self) -> None:
        items = self.doc["agencies"]
        repeated = self.duplicates(items, lambda a: a["code"], lambda i: f"agencies[{i}].code", _("mã đơn vị"))
        existing = {a.code: a for a in Agency.objects.filter(organizer=self.organizer)}
        if not self.unique_names(items, existing):
            raise _Abort
        codes = {a.pk: a.code for a in existing.values()}
        self.agencies = dict(existing)
        old_names = {a.pk: a.name for a in existing.values()}
        befores: dict[str, dict] = {}
        pending_successors = []
        for index, item in enumerate(items):
            if item["code"] in repeated:
                continue
            path = f"agencies[{index}]"
            agency = existing.get(item["code"]) or Agency(organizer=self.organizer, code=item["code"])
            before = exporter.export_agency(agency, codes) if agency.pk else None
            if agency.pk:
                befores[agency.code] = audit.snapshot(agency, AGENCY_FIELDS, agency_names=old_names)
            agency.name, agency.short_name = item["name"], item.get("short_name", "")
            agency.refresh_text_keys()
            if self.check(path, agency, exclude=["successor", "until"]):
                self.agencies[agency.code] = agency
                pending_successors.append((index, item, agency, before))
        # Agencies are saved before their successors are set: a successor may come later in the list.
        Agency.objects.bulk_create([entry[2] for entry in pending_successors if entry[2].pk is None])
        renamed = [
            (index, agency)
            for index, _item, agency, before in pending_successors
            if before is not None and (agency.name, agency.short_name) != (before["name"], before.get("short_name", ""))
        ]
        try:
            with transaction.atomic():
                for _index, agency in renamed:
                    agency.save(update_fields=["name", "short_name"])
        except IntegrityError:
            # Names exchanged between agencies (A takes B's name as B takes another): each rename alone
            # would meet the other's old name. Not worth a two-step write; said with the first path.
            self.problem(
                f"agencies[{renamed[0][0]}].name",
                _("các đơn vị đổi tên lẫn cho nhau; hãy nhập hai lần, lần đầu với tên tạm"),
            )
            raise _Abort from None
        for index, item, agency, _before in pending_successors:
            path = f"agencies[{index}]"
            successor = self.agency(f"{path}.successor", item.get("successor")) if item.get("successor") else None
            if item.get("successor") and successor is None:
                continue
            until = _date(item.get("until"))
            if (agency.successor_id, agency.until) == (successor.pk if successor else None, until):
                continue
            previous = agency.successor, agency.until
            agency.successor, agency.until = successor, until
            if self.check(path, agency):
                agency.save(update_fields=["successor", "until"])
            else:
                agency.successor, agency.until = previous
        codes = {a.pk: a.code for a in self.agencies.values()}
        self.names = {a.pk: a.name for a in self.agencies.values()}
        for _index, _item, agency, before in pending_successors:
            after = exporter.export_agency(agency, codes)
            status = "created" if before is None else ("unchanged" if before == after else "changed")
            self.report.count(status, "agencies", agency.name)
            if status != "unchanged":
                now = audit.snapshot(agency, AGENCY_FIELDS, agency_names=self.names)
                self.audited(status, agency, befores.get(agency.code, {}), now)

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

    def import_award_types(self) -> None:
        items = self.doc.get("award_types", [])
        repeated = self.duplicates(items, lambda a: a["code"], lambda i: f"award_types[{i}].code", _("mã"))
        existing = {t.code: t for t in AwardType.objects.filter(organizer=self.organizer)}
        listed = []
        for index, item in enumerate(items):
            if item["code"] in repeated:
                continue
            award_type = existing.get(item["code"]) or AwardType(organizer=self.organizer, code=item["code"])
            before = exporter.export_award_type(award_type) if award_type.pk else None
            before_state = audit.snapshot(award_type, AWARD_TYPE_FIELDS) if award_type.pk else {}
            stored_position = award_type.position if award_type.pk else None
            rule = item.get("rule", {})
            award_type.name = item["name"]
            award_type.conferred_by = item.get("conferred_by", award_type.conferred_by if award_type.pk else "")
            if "quota_per_bloc" in item:
                award_type.quota_per_bloc = item["quota_per_bloc"]
            if rule:
                award_type.basis, award_type.ratio = rule["basis"], float(rule["ratio"])
                award_type.strict = rule.get("strict", True)
            award_type.position = index + 1
            if not self.check(f"award_types[{index}]", award_type):
                continue
            after = exporter.export_award_type(award_type)
            if before != after or award_type.position != stored_position:
                # Unchanged rows are not written: a preview then locks nothing it does not change.
                award_type.save()
            existing[award_type.code] = award_type
            listed.append(award_type.code)
            status = "created" if before is None else ("unchanged" if before == after else "changed")
            self.report.count(status, "award_types", award_type.name)
            if status != "unchanged":
                self.audited(status, award_type, before_state, audit.snapshot(award_type, AWARD_TYPE_FIELDS))
        # Types the document does not list keep their settings and come after the listed ones.
        others = sorted((t for c, t in existing.items() if c not in listed), key=lambda t: (t.position, t.pk))
        for offset, award_type in enumerate(others, start=len(listed) + 1):
            if award_type.position != offset:
                award_type.position = offset
                award_type.save(update_fields=["position"])
        self.award_types = existing

    # -- blocs -------------------------------------------------------------------------------------------------

    def import_blocs(self) -> list[Bloc | None]:
        items = self.doc["blocs"]
        repeated = self.duplicates(items, lambda b: b["code"], lambda i: f"blocs[{i}].code", _("mã khối"))
        existing = {b.code: b for b in Bloc.objects.filter(organizer=self.organizer)}
        blocs: list[Bloc | None] = []
        for index, item in enumerate(items):
            if item["code"] in repeated:
                blocs.append(None)
                continue
            path = f"blocs[{index}]"
            bloc = existing.get(item["code"]) or Bloc(organizer=self.organizer, code=item["code"])
            status = "created" if bloc.pk is None else "unchanged"
            before_state = audit.snapshot(bloc, BLOC_FIELDS) if bloc.pk else {}
            values = {"name": item["name"], "short_name": item.get("short_name", ""), "kind": item["kind"]}
            if bloc.pk and any(getattr(bloc, k) != v for k, v in values.items()):
                status = "changed"
            for k, v in values.items():
                setattr(bloc, k, v)
            bloc.refresh_text_keys()
            if not self.check(path, bloc):
                blocs.append(None)
                continue
            if status != "unchanged":
                bloc.save()
            self.report.count(status, "blocs", bloc.name)
            if status != "unchanged":
                self.audited(status, bloc, before_state, audit.snapshot(bloc, BLOC_FIELDS), bloc_id=bloc.pk)
            blocs.append(bloc)
        # Memberships first for every bloc: the other rules of a bloc read them.
        rows = []
        for index, (item, bloc) in enumerate(zip(items, blocs, strict=True)):
            if bloc is not None:
                rows += self.import_memberships(f"blocs[{index}]", bloc, item["memberships"])
        index_rows = list(
            Membership.objects.filter(bloc__organizer=self.organizer)
            .exclude(bloc__in=[b for b in blocs if b])
            .values_list("bloc_id", "agency_id", "from_year", "to_year")
        )
        with membership_index(MembershipIndex(index_rows + rows)):
            for index, (item, bloc) in enumerate(zip(items, blocs, strict=True)):
                if bloc is not None:
                    self.import_bloc_records(f"blocs[{index}]", bloc, item)
        return blocs

    def import_memberships(self, path: str, bloc: Bloc, items: list[dict]) -> list[tuple]:
        wanted = []
        for index, item in enumerate(items):
            item_path = f"{path}.memberships[{index}]"
            agency = self.agency(f"{item_path}.agency", item["agency"])
            if agency is None:
                continue
            membership = Membership(bloc=bloc, agency=agency, from_year=item["from_year"], to_year=item.get("to_year"))
            others = [(m.from_year, m.to_year) for m in wanted if m.agency is agency]
            try:
                membership.clean_fields(exclude=["bloc"])
                membership.clean(others=others)  # the document's list replaces the stored one
            except ValidationError as error:
                self.invalid(item_path, error)
                continue
            wanted.append(membership)
        current = list(bloc.memberships.order_by("pk").values_list("agency_id", "from_year", "to_year"))
        desired = [(m.agency.pk, m.from_year, m.to_year) for m in wanted]
        if current != desired:
            bloc.memberships.all().delete()
            Membership.objects.bulk_create(wanted)
            # One entry for the bloc's member list, as the document gives it whole.
            before, after = memberships_state(current, self.names), memberships_state(desired, self.names)
            self.audited("changed", bloc, before, after, bloc_id=bloc.pk)
            self.report.count("changed" if current else "created", "memberships", bloc.name)
        else:
            self.report.count("unchanged", "memberships", bloc.name)
        return [(bloc.pk, *row) for row in desired]

    def import_bloc_records(self, path: str, bloc: Bloc, item: dict) -> None:
        listed = self.import_leadership(path, bloc, item.get("leadership", []))
        self.import_pledges(path, bloc, item.get("pledges", []), item.get("scores", []))
        self.import_meetings(path, bloc, item.get("meetings", []), listed)

    def import_leadership(self, path: str, bloc: Bloc, items: list[dict]) -> dict[int, tuple[str, str]]:
        self.duplicates(items, lambda x: x["year"], lambda i: f"{path}.leadership[{i}].year", _("năm"))
        existing = {le.year: le for le in bloc.leaderships.all()}
        listed: dict[int, tuple[str, str]] = {}
        for index, entry in enumerate(items):
            item_path = f"{path}.leadership[{index}]"
            if entry["year"] in listed:
                continue
            chair = self.agency(f"{item_path}.chair", entry["chair"])
            vice_chair = self.agency(f"{item_path}.vice_chair", entry["vice_chair"])
            if chair is None or vice_chair is None:
                continue
            leadership = existing.get(entry["year"]) or Leadership(bloc=bloc, year=entry["year"])
            status = "created" if leadership.pk is None else "unchanged"
            fields = ("year", "chair", "vice_chair")
            before_state = audit.snapshot(leadership, fields, agency_names=self.names) if leadership.pk else {}
            if leadership.pk and (leadership.chair_id, leadership.vice_chair_id) != (chair.pk, vice_chair.pk):
                status = "changed"
            leadership.chair, leadership.vice_chair = chair, vice_chair
            if not self.check(item_path, leadership, exclude=["bloc", "elected_at"]):
                continue
            if status != "unchanged":
                leadership.save()
            existing[leadership.year] = leadership
            listed[entry["year"]] = (chair.code, vice_chair.code)
            self.report.count(status, "leadership", f"{bloc.name} {leadership.year}")
            if status != "unchanged":
                after = audit.snapshot(leadership, fields, agency_names=self.names)
                self.audited(status, leadership, before_state, after, bloc_id=bloc.pk)
        self.leaderships = existing
        return listed

    def import_pledges(self, path: str, bloc: Bloc, items: list[dict], scores: list[dict]) -> None:
        self.duplicates(items, lambda x: x["year"], lambda i: f"{path}.pledges[{i}].year", _("năm giao ước"))
        stored = {
            p.year: p
            for p in Pledge.objects.filter(bloc=bloc).prefetch_related("criteria", "signatures", "criteria__scores")
        }
        scores_by_year: dict[int, list[tuple[int, dict]]] = defaultdict(list)
        for index, score in enumerate(scores):
            scores_by_year[score["year"]].append((index, score))
        codes = {a.pk: a.code for a in self.agencies.values()}
        handled = set()
        for index, entry in enumerate(items):
            if entry["year"] in handled:
                continue
            handled.add(entry["year"])
            self.import_pledge(
                f"{path}.pledges[{index}]",
                path,
                bloc,
                entry,
                scores_by_year[entry["year"]],
                stored.get(entry["year"]),
                codes,
            )
        for year, year_scores in scores_by_year.items():
            if year in handled:
                continue
            pledge = stored.get(year)
            if pledge is None:
                for index, _score in year_scores:
                    self.problem(
                        f"{path}.scores[{index}].year", _("khối chưa có giao ước thi đua năm %(y)s") % {"y": year}
                    )
                continue
            entry = self._pledge_as_document(pledge, codes)
            self.import_pledge(f"{path}.pledges", path, bloc, entry, year_scores, pledge, codes, count=False)
        self._flush_pledges()

    def _flush_pledges(self) -> None:
        """Write the bloc's new and changed pledges in a handful of queries.

        A changed pledge keeps its id (its page, its history) with the criteria, signatures and scores of the
        document in place of its own, and counts as one more version (a page opened before is now stale).
        """
        if not self.pledge_batch or self.report.problems:
            self.pledge_batch = []
            return
        befores = [self._pledge_state(stored) if stored is not None else {} for stored, *_ in self.pledge_batch]
        changed = [(stored, pledge) for stored, pledge, *_ in self.pledge_batch if stored is not None]
        Criterion.objects.filter(pledge__in=[stored for stored, _pledge in changed]).delete()  # scores go with them
        Signature.objects.filter(pledge__in=[stored for stored, _pledge in changed]).delete()
        for stored, pledge in changed:
            pledge.pk, pledge.version = stored.pk, stored.version + 1
        Pledge.objects.bulk_update([pledge for _stored, pledge in changed], ["signed_on", "version"])
        Pledge.objects.bulk_create([pledge for stored, pledge, *_ in self.pledge_batch if stored is None])
        Criterion.objects.bulk_create([c for *_, criteria, _s, _sc in self.pledge_batch for c in criteria])
        Signature.objects.bulk_create([s for *_, signatures, _sc in self.pledge_batch for s in signatures])
        Score.objects.bulk_create([s for *_, scores in self.pledge_batch for s in scores])
        for before, (stored, pledge, criteria, signatures, scores) in zip(befores, self.pledge_batch, strict=True):
            after = pledge_state(pledge, criteria, signatures, scores, self.names)
            self.audited("changed" if stored else "created", pledge, before, after, bloc_id=pledge.bloc_id)
        self.pledge_batch = []

    def _pledge_state(self, stored: Pledge) -> dict:
        """The stored pledge as the history shows it (criteria, signatures and scores are prefetched)."""
        criteria = list(stored.criteria.all())
        scores = [s for c in criteria for s in c.scores.all()]
        return pledge_state(stored, criteria, stored.signatures.all(), scores, self.names)

    @staticmethod
    def _pledge_as_document(pledge: Pledge, codes) -> dict:
        entry: dict = {"year": pledge.year}
        if pledge.signed_on:
            entry["signed_on"] = pledge.signed_on.isoformat()
        entry["criteria"] = [
            {"code": c.code, "title": c.title, "max_points": exporter._number(c.max_points)}
            for c in sorted(pledge.criteria.all(), key=lambda c: (c.position, c.pk))
        ]
        signatories = []
        for s in sorted(pledge.signatures.all(), key=lambda s: s.pk):
            person = {"agency": codes[s.agency_id]}
            exporter._put(person, "signer", s.signer)
            exporter._put(person, "title", s.title)
            signatories.append(person)
        exporter._put(entry, "signatories", signatories)
        return entry

    def import_pledge(self, item_path, bloc_path, bloc, entry, year_scores, stored, codes, count=True) -> None:
        year = entry["year"]
        pledge = Pledge(bloc=bloc, year=year, signed_on=_date(entry.get("signed_on")))
        ok = self.check(item_path, pledge, exclude=["bloc"])
        self.duplicates(
            entry["criteria"], lambda c: c["code"], lambda i: f"{item_path}.criteria[{i}].code", _("mã tiêu chí")
        )
        criteria = {}
        for index, c in enumerate(entry["criteria"]):
            criterion = Criterion(
                pledge=pledge,
                code=c["code"],
                title=c["title"],
                position=index + 1,
                max_points=Decimal(str(c["max_points"])),
            )
            ok &= self.check(f"{item_path}.criteria[{index}]", criterion, exclude=["pledge"])
            criteria.setdefault(criterion.code, criterion)
        signatures = []
        signatories = entry.get("signatories", [])
        self.duplicates(
            signatories, lambda s: s["agency"], lambda i: f"{item_path}.signatories[{i}].agency", _("đơn vị ký")
        )
        for index, s in enumerate(signatories):
            agency = self.agency(f"{item_path}.signatories[{index}].agency", s["agency"])
            if agency is None:
                ok = False
                continue
            signature = Signature(pledge=pledge, agency=agency, signer=s.get("signer", ""), title=s.get("title", ""))
            ok &= self.check(f"{item_path}.signatories[{index}]", signature, exclude=["pledge"])
            signatures.append(signature)
        score_rows = []
        seen_cells = {}
        for index, s in year_scores:
            score_path = f"{bloc_path}.scores[{index}]"
            agency = self.agency(f"{score_path}.agency", s["agency"])
            criterion = criteria.get(s["criterion"])
            if criterion is None:
                self.problem(
                    f"{score_path}.criterion",
                    _("không có tiêu chí '%(code)s' trong giao ước năm %(y)s") % {"code": s["criterion"], "y": year},
                )
            if agency is None or criterion is None:
                ok = False
                continue
            if (agency.code, criterion.code) in seen_cells:
                self.problem(
                    score_path, _("điểm trùng với mục thứ %(n)s") % {"n": seen_cells[(agency.code, criterion.code)] + 1}
                )
                ok = False
                continue
            seen_cells[(agency.code, criterion.code)] = index
            score = Score(criterion=criterion, agency=agency, points=Decimal(str(s["points"])))
            ok &= self.check(score_path, score, exclude=["criterion"])
            score_rows.append(score)
        if not ok:
            return
        # Compare with what is stored: the pledge with its criteria, signatures and scores.
        if stored is not None:
            before = (self._pledge_as_document(stored, codes), self._scores_of(stored, codes))
            after = (
                self._pledge_as_document_unsaved(entry),
                sorted((s["agency"], s["criterion"], Decimal(str(s["points"]))) for _, s in year_scores),
            )
            if before == after:
                if count:
                    self.report.count("unchanged", "pledges", f"{bloc.name} {year}")
                return
        self.pledge_batch.append((stored, pledge, list(criteria.values()), signatures, score_rows))
        if count:
            self.report.count("created" if stored is None else "changed", "pledges", f"{bloc.name} {year}")

    @staticmethod
    def _scores_of(pledge: Pledge, codes) -> list:
        return sorted((codes[s.agency_id], c.code, s.points) for c in pledge.criteria.all() for s in c.scores.all())

    @staticmethod
    def _pledge_as_document_unsaved(entry: dict) -> dict:
        result: dict = {"year": entry["year"]}
        if entry.get("signed_on"):
            result["signed_on"] = entry["signed_on"]
        result["criteria"] = [
            {"code": c["code"], "title": c["title"], "max_points": exporter._number(Decimal(str(c["max_points"])))}
            for c in entry["criteria"]
        ]
        signatories = []
        for s in entry.get("signatories", []):
            person = {"agency": s["agency"]}
            exporter._put(person, "signer", s.get("signer", ""))
            exporter._put(person, "title", s.get("title", ""))
            signatories.append(person)
        exporter._put(result, "signatories", signatories)
        return result

    # -- meetings ----------------------------------------------------------------------------------------------

    def import_meetings(self, path: str, bloc: Bloc, items: list[dict], listed: dict[int, tuple[str, str]]) -> None:
        repeated = self.duplicates(
            items,
            lambda m: (m["kind"], m["held_on"]),
            lambda i: f"{path}.meetings[{i}].held_on",
            _("hội nghị cùng loại, cùng ngày"),
        )
        stored = {(m.kind, m.held_on.isoformat()): m for m in exporter._meetings_queryset().filter(bloc=bloc)}
        elections = {le.elected_at_id: le for le in Leadership.objects.filter(bloc=bloc, elected_at__isnull=False)}
        self.stored_elections = elections
        codes = {a.pk: a.code for a in self.agencies.values()}
        elected_years: dict[int, int] = {}
        proposal_keys: dict[tuple, str] = {}
        passed: dict[tuple[int, str], list[str]] = defaultdict(list)
        # Proposals of stored meetings the document does not mention still count toward quotas.
        mentioned = {(m["kind"], m["held_on"]) for m in items}
        for key, meeting in stored.items():
            if key not in mentioned:
                for p in meeting.proposals.all():
                    proposal_keys[(p.year, p.nominee_id, p.award_type_id)] = _("hội nghị đã lưu ngày %(d)s") % {
                        "d": meeting.held_on.strftime("%d/%m/%Y")
                    }
                    if p.outcome == Proposal.Outcome.PASSED:
                        passed[(p.year, p.award_type.code)].append("")
        for index, item in enumerate(items):
            key = (item["kind"], item["held_on"])
            if key in repeated:
                continue
            item_path = f"{path}.meetings[{index}]"
            meeting = stored.get(key)
            election = item.get("election")
            if election:
                year = election["for_year"]
                if year in elected_years:
                    self.problem(
                        f"{item_path}.election.for_year",
                        _("năm %(y)s đã được bầu tại hội nghị thứ %(n)s") % {"y": year, "n": elected_years[year] + 1},
                    )
                elected_years[year] = index
                if year in listed and listed[year] != (election["chair"], election["vice_chair"]):
                    self.problem(
                        f"{item_path}.election",
                        _("kết quả bầu không khớp với danh sách leadership năm %(y)s") % {"y": year},
                    )
            before = exporter.export_meeting(meeting, codes, elections.get(meeting.pk)) if meeting else None
            self.import_meeting(item_path, bloc, item, meeting, before, proposal_keys, passed)
        self._flush_meetings()
        for (year, award_code), paths in passed.items():
            award_type = self.award_types[award_code]
            for extra, proposal_path in enumerate(paths[award_type.quota_per_bloc or 0 :], start=1):
                if award_type.quota_per_bloc is None or not proposal_path:
                    continue
                error = rules.quota_error(
                    award_name=award_type.name,
                    quota=award_type.quota_per_bloc,
                    passed=award_type.quota_per_bloc + extra,
                    year=year,
                )
                self.problem(proposal_path, error)

    def _person(self, path: str, role: str, data: dict, position: int) -> Participant | None:
        agency = self.agency(f"{path}.agency", data.get("agency")) if data.get("agency") else None
        if data.get("agency") and agency is None:
            return None
        person = Participant(
            role=role,
            name=data["name"],
            title=data.get("title", ""),
            agency=agency,
            organization=data.get("organization", ""),
            position=position,
        )
        return person if self.check(path, person, exclude=["meeting"]) else None

    def import_meeting(self, path, bloc, item, meeting, before, proposal_keys, passed) -> None:
        problems_before = len(self.report.problems)
        new = meeting is None
        stored_fields = None if new else audit.snapshot(meeting, MEETING_FIELDS, agency_names=self.names)
        if new:
            meeting = Meeting(bloc=bloc, kind=item["kind"], held_on=_date(item["held_on"]))
            held = meeting.held_on
            meeting.status = Meeting.Status.FINALIZED if held < timezone.localdate() else Meeting.Status.DRAFT
        meeting.year = item["year"]
        meeting.start_time, meeting.end_time = _time(item.get("start_time")), _time(item.get("end_time"))
        meeting.title, meeting.venue = item.get("title", ""), item.get("venue", "")
        meeting.host = self.agency(f"{path}.host", item.get("host"))
        meeting.report, meeting.shortcomings = item.get("report", ""), item.get("shortcomings", "")
        meeting.directions = list(item.get("directions", []))
        meeting.pledge_year, meeting.minutes_number = item.get("pledge_year"), item.get("minutes_number", "")
        meeting.refresh_text_keys()
        self.check(path, meeting, exclude=["bloc"])

        people = []
        for index, data in enumerate(item.get("presiding", [])):
            people.append(self._person(f"{path}.presiding[{index}]", Participant.Role.PRESIDING, data, len(people) + 1))
        if item.get("secretary"):
            people.append(
                self._person(f"{path}.secretary", Participant.Role.SECRETARY, item["secretary"], len(people) + 1)
            )
        for index, data in enumerate(item.get("guests", [])):
            people.append(self._person(f"{path}.guests[{index}]", Participant.Role.GUEST, data, len(people) + 1))

        attendance = []
        rows = item.get("attendance", [])
        self.duplicates(rows, lambda a: a["agency"], lambda i: f"{path}.attendance[{i}].agency", _("đơn vị điểm danh"))
        seen = set()
        for index, row in enumerate(rows):
            agency = self.agency(f"{path}.attendance[{index}].agency", row["agency"])
            if agency is None or agency.pk in seen:
                continue
            seen.add(agency.pk)
            record = Attendance(
                meeting=meeting,
                agency=agency,
                present=row["present"],
                representative=row.get("representative", ""),
                title=row.get("title", ""),
            )
            if self.check(f"{path}.attendance[{index}]", record, exclude=["meeting"]):
                attendance.append(record)
        body = VotingBody(
            members=members_of(bloc.pk, meeting.year), attendance={a.agency.pk: a.present for a in attendance}
        )

        stored_pks = {(p.nominee_id, p.award_type_id): p.pk for p in meeting.proposals.all()} if meeting.pk else {}
        proposals = []
        for index, data in enumerate(item.get("proposals", [])):
            proposals.append(
                self._proposal(
                    f"{path}.proposals[{index}]", meeting, data, index, body, proposal_keys, passed, stored_pks
                )
            )

        ranking = []
        entries = item.get("ranking", [])
        self.duplicates(entries, lambda r: r["agency"], lambda i: f"{path}.ranking[{i}].agency", _("đơn vị xếp hạng"))
        ranked = set()
        for index, entry in enumerate(entries):
            agency = self.agency(f"{path}.ranking[{index}].agency", entry["agency"])
            if agency is None or agency.pk in ranked:
                continue
            ranked.add(agency.pk)
            record = Ranking(meeting=meeting, agency=agency, rank=entry["rank"])
            if self.check(f"{path}.ranking[{index}]", record, exclude=["meeting"]):
                ranking.append(record)

        election = None
        if item.get("election"):
            data = item["election"]
            chair = self.agency(f"{path}.election.chair", data["chair"])
            vice_chair = self.agency(f"{path}.election.vice_chair", data["vice_chair"])
            if chair and vice_chair:
                election = self.leaderships.get(data["for_year"]) or Leadership(bloc=bloc, year=data["for_year"])
                election.chair, election.vice_chair = chair, vice_chair
                self.check(f"{path}.election", election, exclude=["bloc", "elected_at"])

        if len(self.report.problems) > problems_before:
            return
        if before is not None and _strip_empty(self._comparable(before)) == _strip_empty(self._as_stored(item)):
            self.report.count("unchanged", "meetings", str(meeting))
            return
        self.meeting_batch.append((meeting, new, people, attendance, proposals, ranking, election))
        self.report.count("created" if new else "changed", "meetings", str(meeting))
        if not new:  # the stored record as it was: its children are still the ones prefetched
            self.meeting_befores[meeting.pk] = meeting_state(
                stored_fields,
                participants=meeting.participants.all(),
                attendance=meeting.attendances.all(),
                proposals=[(p, p.ballots.all()) for p in meeting.proposals.all()],
                ranking=meeting.rankings.all(),
                election=self.stored_elections.get(meeting.pk),
                names=self.names,
            )

    def _proposal(self, path, meeting, data, index, body, proposal_keys, passed, stored_pks):
        nominee = self.agency(f"{path}.agency", data["agency"])
        award_type = self.award_type(f"{path}.award", data["award"])
        if nominee is None or award_type is None:
            return None
        proposal = Proposal(
            meeting=meeting,
            bloc=meeting.bloc,
            year=meeting.year,
            nominee=nominee,
            award_type=award_type,
            position=index + 1,
        )
        proposal.pk = stored_pks.get((nominee.pk, award_type.pk))
        key = (meeting.year, nominee.pk, award_type.pk)
        if key in proposal_keys:
            self.problem(
                f"{path}.agency",
                _("%(agency)s đã được đề nghị %(award)s trong năm %(year)s (%(where)s)")
                % {"agency": nominee, "award": award_type, "year": meeting.year, "where": proposal_keys[key]},
            )
            return None
        proposal_keys[key] = path
        votes = data.get("votes")
        if votes is not None:
            proposal.votes_for = votes["for"]
            proposal.votes_against = votes.get("against", 0)
            proposal.votes_abstain = votes.get("abstain", 0)
        ballots = []
        entries = data.get("ballots", [])
        self.duplicates(
            entries,
            lambda b: b["agency"],
            lambda i: f"{path}.ballots[{i}].agency",
            _("mỗi đơn vị chỉ được bỏ một phiếu; phiếu"),
        )
        voted = set()
        for ballot_index, entry in enumerate(entries):
            agency = self.agency(f"{path}.ballots[{ballot_index}].agency", entry["agency"])
            if agency is None or agency.pk in voted:
                continue
            voted.add(agency.pk)
            if error := body.ballot_error(agency):
                self.problem(f"{path}.ballots[{ballot_index}].agency", error)
                continue
            ballots.append(Ballot(proposal=proposal, agency=agency, vote=entry["vote"]))
        if not self.check(path, proposal, exclude=["meeting", "bloc"]):
            return None
        if len(ballots) != len(entries):
            return None
        for problem in _evaluate(proposal, body, ballots):
            self.problem(f"{path}.votes" if votes is not None else f"{path}.ballots", problem)
        if data.get("outcome") and proposal.outcome != data["outcome"]:
            self.problem(
                f"{path}.outcome",
                _("kết quả '%(given)s' khác với kết quả tính theo quy tắc của %(award)s — %(reason)s")
                % {"given": data["outcome"], "award": award_type, "reason": proposal.outcome_reason},
            )
        if proposal.outcome == Proposal.Outcome.PASSED:
            passed[(meeting.year, award_type.code)].append(path)
        return proposal, ballots

    def _as_stored(self, item: dict) -> dict:
        """The document's meeting as the exporter would write it back, to tell unchanged from changed."""
        result = {k: v for k, v in item.items() if v not in (None, "", [])}
        proposals = []
        for data in item.get("proposals", []):
            entry = {"agency": data["agency"], "award": data["award"]}
            if "votes" in data:
                v = data["votes"]
                entry["votes"] = {"for": v["for"], "against": v.get("against", 0), "abstain": v.get("abstain", 0)}
            if data.get("ballots"):
                entry["ballots"] = data["ballots"]
            proposals.append(entry)
        if proposals:
            result["proposals"] = proposals
        return result

    def _comparable(self, exported: dict) -> dict:
        exported = dict(exported)
        if "proposals" in exported:
            exported["proposals"] = [{k: v for k, v in p.items() if k != "outcome"} for p in exported["proposals"]]
        return exported

    def _flush_meetings(self) -> None:
        """Write the bloc's new and changed meetings with their records in a fixed number of queries."""
        batch, self.meeting_batch = self.meeting_batch, []
        if not batch or self.report.problems:
            return
        new = [m for m, is_new, *_ in batch if is_new]
        changed = [m for m, is_new, *_ in batch if not is_new]
        Meeting.objects.bulk_create(new)
        for meeting in changed:
            meeting.version += 1
        Meeting.objects.bulk_update(changed, [f.name for f in Meeting._meta.concrete_fields if not f.primary_key])
        if changed:
            Participant.objects.filter(meeting__in=changed).delete()
            Attendance.objects.filter(meeting__in=changed).delete()
            Ranking.objects.filter(meeting__in=changed).delete()
            Ballot.objects.filter(proposal__meeting__in=changed).delete()
            Leadership.objects.filter(elected_at__in=changed).update(elected_at=None)
            kept = [proposal.pk for *_, proposals, _r, _e in batch for proposal, _b in proposals if proposal.pk]
            for withdrawn in Proposal.objects.filter(meeting__in=changed).exclude(pk__in=kept):
                try:
                    with transaction.atomic():
                        withdrawn.delete()
                except IntegrityError:
                    self.problem(
                        "",
                        _("Không thể xoá đề nghị %(p)s của %(m)s vì đã có quyết định khen thưởng.")
                        % {"p": withdrawn, "m": withdrawn.meeting},
                    )
        people, attendance, ranking, proposals, ballots, elections = [], [], [], [], [], []
        for meeting, _is_new, meeting_people, meeting_attendance, meeting_proposals, meeting_ranking, election in batch:
            for record in (*meeting_people, *meeting_attendance, *meeting_ranking):
                record.meeting = meeting  # now saved: this sets meeting_id
            people += meeting_people
            attendance += meeting_attendance
            ranking += meeting_ranking
            for proposal, proposal_ballots in meeting_proposals:
                proposal.meeting, proposal.bloc_id, proposal.year = meeting, meeting.bloc_id, meeting.year
                proposals.append(proposal)
                ballots += proposal_ballots
            if election is not None:
                election.elected_at = meeting
                elections.append(election)
                self.leaderships[election.year] = election
        Participant.objects.bulk_create(people)
        Attendance.objects.bulk_create(attendance)
        Ranking.objects.bulk_create(ranking)
        proposal_fields = [
            "meeting",
            "bloc",
            "year",
            "nominee",
            "award_type",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "outcome",
            "outcome_reason",
            "position",
        ]
        Proposal.objects.bulk_update([p for p in proposals if p.pk], proposal_fields)
        Proposal.objects.bulk_create([p for p in proposals if not p.pk])
        Ballot.objects.bulk_create(ballots)
        Leadership.objects.bulk_update([e for e in elections if e.pk], ["chair", "vice_chair", "elected_at"])
        Leadership.objects.bulk_create([e for e in elections if not e.pk])
        # One entry per meeting, its people, attendance, proposals, ranking and election included.
        for meeting, is_new, meeting_people, meeting_attendance, meeting_proposals, meeting_ranking, election in batch:
            after = meeting_state(
                audit.snapshot(meeting, MEETING_FIELDS, agency_names=self.names),
                participants=meeting_people,
                attendance=meeting_attendance,
                proposals=meeting_proposals,
                ranking=meeting_ranking,
                election=election,
                names=self.names,
            )
            before = {} if is_new else self.meeting_befores.pop(meeting.pk, {})
            status = "created" if is_new else "changed"
            self.audited(status, meeting, before, after, bloc_id=meeting.bloc_id, meeting_id=meeting.pk)

    # -- decisions ---------------------------------------------------------------------------------------------

    def import_decisions(self, blocs) -> None:
        items = self.doc.get("decisions", [])
        repeated = self.duplicates(items, lambda d: d["number"], lambda i: f"decisions[{i}].number", _("số quyết định"))
        bloc_by_code = {b.code: b for b in Bloc.objects.filter(organizer=self.organizer)}
        existing = {d.number: d for d in Decision.objects.filter(organizer=self.organizer)}
        awarded: dict[int, str] = {}
        for index, item in enumerate(items):
            if item["number"] in repeated:
                continue
            path = f"decisions[{index}]"
            decision = existing.get(item["number"]) or Decision(organizer=self.organizer, number=item["number"])
            before = (
                (decision.signed_on, decision.issued_by, sorted(decision.awards.values_list("proposal_id", flat=True)))
                if decision.pk
                else None
            )
            before_fields = audit.snapshot(decision, DECISION_FIELDS) if decision.pk else {}
            decision.signed_on, decision.issued_by = _date(item["signed_on"]), item.get("issued_by", "")
            ok = self.check(path, decision)
            proposals = []
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
                proposal = (
                    Proposal.objects.select_related("award_type")
                    .filter(bloc=bloc, year=award["year"], nominee=agency, award_type=award_type)
                    .first()
                )
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
                        award_path,
                        _("đề nghị này đã được khen thưởng theo %(where)s") % {"where": awarded[proposal.pk]},
                    )
                    ok = False
                    continue
                other = (
                    DecisionAward.objects.filter(proposal=proposal)
                    .exclude(decision__number=item["number"])
                    .select_related("decision")
                    .first()
                )
                if other is not None and other.decision.number not in {i["number"] for i in items}:
                    self.problem(
                        award_path,
                        _("đề nghị này đã được khen thưởng theo quyết định %(n)s") % {"n": other.decision.number},
                    )
                    ok = False
                    continue
                awarded[proposal.pk] = award_path
                proposals.append(proposal)
            if not ok:
                continue
            after = (decision.signed_on, decision.issued_by, sorted(p.pk for p in proposals))
            if before == after:
                self.report.count("unchanged", "decisions", str(decision))
                continue
            before_state = before_fields
            if decision.pk:
                awarded_before = [a.proposal for a in decision.awards.select_related("proposal__award_type")]
                before_state = {**before_fields, **decision_awards_state(awarded_before, self.names)}
            decision.save()
            DecisionAward.objects.filter(proposal__in=proposals).exclude(decision=decision).delete()
            decision.awards.all().delete()
            DecisionAward.objects.bulk_create(DecisionAward(decision=decision, proposal=p) for p in proposals)
            self.report.count("created" if before is None else "changed", "decisions", str(decision))
            after_state = {**audit.snapshot(decision, DECISION_FIELDS), **decision_awards_state(proposals, self.names)}
            self.audited("created" if before is None else "changed", decision, before_state, after_state)


@cache
def _foreign_keys(model) -> tuple[str, ...]:
    return tuple(f.name for f in model._meta.concrete_fields if f.is_relation)


def _strip_empty(value):
    """Drop empty optional fields (None, "", []) at every level, as the exporter leaves them out."""
    if isinstance(value, dict):
        return {k: _strip_empty(v) for k, v in value.items() if v not in (None, "", [])}
    if isinstance(value, list):
        return [_strip_empty(v) for v in value]
    return value




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


def import_document(document, *, by: User | None = None, dry_run: bool = False) -> ImportReport:
    """Check and import a parsed document. Nothing is written if any problem is found or ``dry_run``."""
    problems = schema_problems(document)
    if problems:
        return ImportReport(problems=problems)
    if dry_run:
        with _preview_database():
            return _import(document, by=by, dry_run=True)
    return _import_retried(document, by=by, dry_run=False)


def _import(document, *, by: User | None, dry_run: bool) -> ImportReport:
    with transaction.atomic(), audit.source(audit.Source.IMPORT):
        report = _Importer(document, by=by).run()
        if report.problems or dry_run:
            transaction.set_rollback(True)
    return report


# Two imports of one document at once (a confirmation sent twice): the second meets the first's rows at
# commit; run again, it finds them stored and changes nothing.
_import_retried = atomic_retried(_import)


def import_text(raw: bytes | str, *, by: User | None = None, dry_run: bool = False) -> ImportReport:
    """Parse and import a document given as JSON text."""
    document, problems = parse(raw)
    if problems:
        return ImportReport(problems=problems)
    return import_document(document, by=by, dry_run=dry_run)
