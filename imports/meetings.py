"""The importer's steps for a bloc's years: its pledges with their score sheets, and its meetings with everything
recorded at them (a mixin of ``imports.importer._Importer``, which holds the document, the reporting and the
service calls)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from awards.rules import Tally
from blocs.models import Bloc, Leadership
from interchange import exporter
from meetings.models import Meeting, Proposal
from meetings.services import (
    attendance_record,
    leadership_elect,
    meeting_create,
    meeting_update,
    participants_set,
    voting_set,
)
from meetings.voting import effective_tally, proposal_create, proposal_delete, proposal_record_votes, ranking_record
from pledges.models import Criterion, Pledge, Score, SelfScore
from pledges.services import (
    pledge_bands_set,
    pledge_create,
    pledge_criteria_lock_reason,
    pledge_criteria_set,
    score_notes_record,
    scores_record,
    self_scores_record,
    signatures_record,
)
from records.services import current_version, meeting_finalize, meeting_reopen

REOPEN_REASON = "Nhập dữ liệu"
# A meeting's own fields (the rest of its record is a list each, set by a service of its own).
MEETING_FIELDS = ("year", "start_time", "end_time", "title", "venue", "host", "report", "shortcomings",
                  "directions", "pledge_year", "minutes_number")  # fmt: skip
PEOPLE = ("presiding", "secretary", "guests")


def _time(value: str | None) -> datetime.time | None:
    return datetime.time.fromisoformat(value) if value else None


def _same(a, b) -> bool:
    """Two values of a document mean the same: numbers by value, empty values alike."""
    if isinstance(a, int | float | Decimal) and isinstance(b, int | float | Decimal) and not isinstance(a, bool):
        return Decimal(str(a)) == Decimal(str(b))
    if isinstance(a, dict) and isinstance(b, dict):
        keys = {k for k in a.keys() | b.keys() if a.get(k) not in (None, "", []) or b.get(k) not in (None, "", [])}
        return all(_same(a.get(k), b.get(k)) for k in keys)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return (a if a not in (None, "", []) else None) == (b if b not in (None, "", []) else None)


class MeetingSteps:
    # -- pledges ---------------------------------------------------------------------------------------------

    def import_pledges(self, path: str, bloc: Bloc, items: list[dict], scores: list[dict]) -> None:
        self.duplicates(items, lambda x: x["year"], lambda i: f"{path}.pledges[{i}].year", _("năm giao ước"))
        stored = {
            p.year: p for p in Pledge.objects.filter(bloc=bloc).prefetch_related("criteria", "signatures", "bands")
        }
        by_year: dict[int, list[tuple[int, dict]]] = {}
        for index, score in enumerate(scores):
            by_year.setdefault(score["year"], []).append((index, score))
        handled = set()
        for index, entry in enumerate(items):
            if entry["year"] in handled:
                continue
            handled.add(entry["year"])
            self.import_pledge(f"{path}.pledges[{index}]", path, bloc, entry, by_year.get(entry["year"], []),
                               stored.get(entry["year"]))  # fmt: skip
        for year, year_scores in by_year.items():
            if year in handled:
                continue
            pledge = stored.get(year)
            if pledge is None:
                for index, _score in year_scores:
                    self.problem(
                        f"{path}.scores[{index}].year", _("khối chưa có giao ước thi đua năm %(y)s") % {"y": year}
                    )
                continue
            self.import_scores(path, pledge, year_scores)

    def import_pledge(self, item_path, bloc_path, bloc, entry, year_scores, pledge) -> None:
        self.duplicates(
            entry["criteria"], lambda c: c["code"], lambda i: f"{item_path}.criteria[{i}].code", _("mã tiêu chí")
        )
        signatories = entry.get("signatories", [])
        self.duplicates(
            signatories, lambda s: s["agency"], lambda i: f"{item_path}.signatories[{i}].agency", _("đơn vị ký")
        )
        # A criterion without a kind is a standard one (the contract's default): the list is given whole.
        criteria = [{"code": c["code"], "title": c["title"], "max_points": Decimal(str(c["max_points"])),
                     "kind": c.get("kind", Criterion.Kind.STANDARD)} for c in entry["criteria"]]  # fmt: skip
        criteria_keys = {f"{i}-{field}": f"{item_path}.criteria[{i}].{field}" for i in range(len(criteria))
                         for field in ("code", "title", "max_points", "kind")}  # fmt: skip
        signed_on = datetime.date.fromisoformat(entry["signed_on"]) if entry.get("signed_on") else None
        label = f"{bloc.name} {entry['year']}"
        with self.written("pledges", label, created=pledge is None):
            if pledge is None:
                pledge = self.call(item_path, pledge_create, bloc=bloc, year=entry["year"], criteria=criteria,
                                   signed_on=signed_on, keys=criteria_keys)  # fmt: skip
                if pledge is None:
                    return
            elif self.criteria_differ(pledge, criteria):
                lock = pledge_criteria_lock_reason(pledge)
                if lock and pledge.criteria.filter(scores__isnull=False).exists():
                    # The document gives the score sheet whole: the scores go with the scale they were measured
                    # against, and come back from the document below.
                    cells = {(s.agency_id, s.criterion_id): "" for c in pledge.criteria.all() for s in c.scores.all()}
                    self.call(item_path, scores_record, pledge=pledge, points=cells)
                if (
                    self.call(item_path, pledge_criteria_set, pledge=pledge, criteria=criteria, keys=criteria_keys)
                    is None
                ):
                    return
                pledge.refresh_from_db(fields=["criteria"])  # the criteria prefetched above were replaced
            self.import_signatures(item_path, pledge, signed_on, signatories)
            if "bands" in entry:  # left out: the stored bands stay; an empty list: no classification
                self.import_bands(item_path, pledge, entry["bands"])
            self.import_scores(bloc_path, pledge, year_scores)

    @staticmethod
    def criteria_differ(pledge: Pledge, criteria: list[dict]) -> bool:
        stored = [
            (c.code, c.title, c.max_points, c.kind) for c in sorted(pledge.criteria.all(), key=lambda c: c.position)
        ]
        return stored != [(c["code"], c["title"], c["max_points"], c["kind"]) for c in criteria]

    def import_bands(self, path: str, pledge: Pledge, items: list[dict]) -> None:
        """The pledge's classification bands replaced by the document's, where they differ."""
        bands = [{"name": b["name"], "min_points": Decimal(str(b["min_points"]))} for b in items]
        stored = sorted((b.name, b.min_points) for b in pledge.bands.all())
        if stored == sorted((b["name"], b["min_points"]) for b in bands):
            return
        keys = {
            f"{i}-{field}": f"{path}.bands[{i}].{field}" for i in range(len(bands)) for field in ("name", "min_points")
        }
        self.call(path, pledge_bands_set, pledge=pledge, bands=bands, keys=keys)

    def import_signatures(self, path: str, pledge: Pledge, signed_on, signatories: list[dict]) -> None:
        """The pledge's signatories as the document lists them (each signature keeps the date stored for it),
        the others' signatures withdrawn: one sheet, as the signatures page records it."""
        stored = {s.agency_id: s for s in pledge.signatures.all()}
        rows, keys = {}, {}
        for index, s in enumerate(signatories):
            agency = self.agency(f"{path}.signatories[{index}].agency", s["agency"])
            if agency is None or agency.pk in rows:
                continue
            current = stored.get(agency.pk)
            rows[agency.pk] = {"signed": True, "signer": s.get("signer") or "", "title": s.get("title") or "",
                               "signed_on": current.signed_on if current else None}  # fmt: skip
            keys |= {f"{agency.pk}-{field}": f"{path}.signatories[{index}].{field}" for field in ("signer", "title")}
            keys[f"{agency.pk}-agency"] = f"{path}.signatories[{index}].agency"
        rows |= {agency_id: {"signed": False} for agency_id in stored if agency_id not in rows}
        changed = any(
            agency_id not in stored
            or not row["signed"]
            or (stored[agency_id].signer, stored[agency_id].title) != (row["signer"], row["title"])
            for agency_id, row in rows.items()
        )
        if changed or pledge.signed_on != signed_on:
            self.call(path, signatures_record, pledge=pledge, signed_on=signed_on, rows=rows, keys=keys)

    def import_scores(self, bloc_path: str, pledge: Pledge, year_scores: list[tuple[int, dict]]) -> None:
        """The year's score sheet as the document gives it: its cells, and the stored ones it omits cleared.

        A cell's ``self_points`` (the agency's own score) and ``note`` (why the bloc's points differ) are set
        where the document gives them; left out, the stored ones stay (an explicit null note clears it)."""
        criteria = {c.code: c for c in pledge.criteria.all()}
        points, keys, seen = {}, {}, {}
        own, notes, extra_keys = {}, {}, {}
        for index, s in year_scores:
            score_path = f"{bloc_path}.scores[{index}]"
            agency = self.agency(f"{score_path}.agency", s["agency"])
            criterion = criteria.get(s["criterion"])
            if criterion is None:
                self.problem(
                    f"{score_path}.criterion",
                    _("không có tiêu chí '%(code)s' trong giao ước năm %(y)s")
                    % {"code": s["criterion"], "y": pledge.year},
                )
            if agency is None or criterion is None:
                continue
            if (agency.pk, criterion.pk) in seen:
                self.problem(score_path, _("điểm trùng với mục thứ %(n)s") % {"n": seen[(agency.pk, criterion.pk)] + 1})
                continue
            seen[(agency.pk, criterion.pk)] = index
            points[(agency.pk, criterion.pk)] = Decimal(str(s["points"]))
            keys[f"{agency.pk}-{criterion.pk}"] = f"{score_path}.points"
            if "self_points" in s:
                own[(agency.pk, criterion.pk)] = Decimal(str(s["self_points"]))
                extra_keys.setdefault("self_points", {})[f"{agency.pk}-{criterion.pk}"] = f"{score_path}.self_points"
            if "note" in s:
                notes[(agency.pk, criterion.pk)] = s["note"] or ""
                extra_keys.setdefault("note", {})[f"{agency.pk}-{criterion.pk}"] = f"{score_path}.note"
        stored = {(s.agency_id, s.criterion_id): s.points for c in criteria.values() for s in c.scores.all()}
        cells = {cell: value for cell, value in points.items() if stored.get(cell) != value}
        cells |= {cell: "" for cell in stored if cell not in points}
        if cells and self.call(f"{bloc_path}.scores", scores_record, pledge=pledge, points=cells, keys=keys) is None:
            return
        self.import_self_scores(bloc_path, pledge, own, extra_keys.get("self_points", {}))
        self.import_notes(bloc_path, pledge, notes, extra_keys.get("note", {}))

    def import_self_scores(self, bloc_path: str, pledge: Pledge, own: dict, keys: dict[str, str]) -> None:
        """The agencies' own scores the document gives, where they differ from the stored ones."""
        if not own:
            return
        rows = SelfScore.objects.filter(criterion__pledge=pledge).values_list("agency_id", "criterion_id", "points")
        stored = {(agency_id, criterion_id): points for agency_id, criterion_id, points in rows}
        cells = {cell: value for cell, value in own.items() if stored.get(cell) != value}
        if cells:
            self.call(f"{bloc_path}.scores", self_scores_record, pledge=pledge, points=cells, keys=keys)

    def import_notes(self, bloc_path: str, pledge: Pledge, notes: dict, keys: dict[str, str]) -> None:
        """The notes the document gives on its scores, where they differ from the stored ones."""
        if not notes:
            return
        rows = Score.objects.filter(criterion__pledge=pledge).values_list("agency_id", "criterion_id", "note")
        stored = {(agency_id, criterion_id): note for agency_id, criterion_id, note in rows}
        cells = {cell: note for cell, note in notes.items() if stored.get(cell) != note}
        if cells:
            self.call(f"{bloc_path}.scores", score_notes_record, pledge=pledge, notes=cells, keys=keys)

    # -- meetings --------------------------------------------------------------------------------------------

    def import_meetings(self, path: str, bloc: Bloc, items: list[dict], listed: dict[int, tuple[str, str]]) -> None:
        repeated = self.duplicates(
            items,
            lambda m: (m["kind"], m["held_on"]),
            lambda i: f"{path}.meetings[{i}].held_on",
            _("hội nghị cùng loại, cùng ngày"),
        )
        elected: dict[int, int] = {}
        for index, item in enumerate(items):
            election = item.get("election")
            if not election or (item["kind"], item["held_on"]) in repeated:
                continue
            year = election["for_year"]
            if year in elected:
                self.problem(
                    f"{path}.meetings[{index}].election.for_year",
                    _("năm %(y)s đã được bầu tại hội nghị thứ %(n)s") % {"y": year, "n": elected[year] + 1},
                )
            elected[year] = index
            if year in listed and listed[year] != (election["chair"], election.get("vice_chair")):
                self.problem(
                    f"{path}.meetings[{index}].election",
                    _("kết quả bầu không khớp với danh sách leadership năm %(y)s") % {"y": year},
                )
        stored = {(m.kind, m.held_on.isoformat()): m for m in exporter._meetings_queryset().filter(bloc=bloc)}
        elections = {le.elected_at_id: le for le in Leadership.objects.filter(bloc=bloc, elected_at__isnull=False)}
        codes = {a.pk: a.code for a in self.agencies.values()}
        for index, item in enumerate(items):
            key = (item["kind"], item["held_on"])
            if key in repeated:
                continue
            meeting = stored.get(key)
            before = exporter.export_meeting(meeting, codes, elections.get(meeting.pk)) if meeting else None
            self.import_meeting(f"{path}.meetings[{index}]", bloc, item, meeting, before)

    def differing_keys(self, item: dict, before: dict) -> list[str]:
        """The keys of the document's meeting whose value is not the stored one (outcomes are computed)."""
        found = []
        for key, value in item.items():
            if key == "proposals":
                value = [{k: v for k, v in p.items() if k != "outcome"} for p in value]
                stored = [{k: v for k, v in p.items() if k != "outcome"} for p in before.get(key, [])]
            else:
                stored = before.get(key)
            if not _same(value, stored):
                found.append(key)
        return found

    def import_meeting(self, path: str, bloc: Bloc, item: dict, meeting: Meeting | None, before: dict | None) -> None:
        count_before = len(self.report.problems)
        label = f"{bloc.name} — {item['kind']} {item['held_on']}"
        refinalize = False
        if meeting is not None:
            differing = self.differing_keys(item, before)
            if not differing:
                self.report.count("unchanged", "meetings", str(meeting))
                return
            if meeting.is_finalized:
                if not self.reopen:
                    self.report.finalized.append(path)
                    self.problem(f"{path}.{differing[0]}", self.finalized_message(meeting))
                    return
                if self.call(path, meeting_reopen, meeting=meeting, reason=REOPEN_REASON) is None:
                    return
                meeting.refresh_from_db()
                refinalize = True
                self.report.reopened.append(f"{bloc.name} — {meeting}")
        else:
            differing = list(item)
        with self.written("meetings", label, created=meeting is None):
            fields = self.meeting_fields(path, item, differing)
            if fields is None:
                return
            if meeting is None:
                held_on = datetime.date.fromisoformat(item["held_on"])
                fields.setdefault("year", item["year"])
                meeting = self.call(path, meeting_create, bloc=bloc, kind=item["kind"], held_on=held_on, **fields)
                if meeting is None:
                    return
            elif fields and self.call(path, meeting_update, meeting=meeting, **fields) is None:
                return
            self.meeting_records(path, meeting, item, differing)
            if len(self.report.problems) > count_before:
                return
            if refinalize:
                self.call(path, meeting_finalize, meeting=meeting, history=True)
            elif before is None and meeting.held_on < timezone.localdate():
                # A meeting of the past comes in as the official record it is; its minutes are made when
                # somebody asks for them.
                self.call(path, meeting_finalize, meeting=meeting, minutes=False, history=True)

    def finalized_message(self, meeting: Meeting) -> str:
        version = current_version(meeting)
        number = (version.minutes_number if version else "") or meeting.minutes_number
        if number:
            return _("hội nghị đã chốt, biên bản số %(number)s; mở lại hội nghị để sửa") % {"number": number}
        return _("hội nghị đã chốt; mở lại hội nghị để sửa")

    def meeting_fields(self, path: str, item: dict, differing: list[str]) -> dict | None:
        fields = {}
        for key in MEETING_FIELDS:
            if key not in item or key not in differing:
                continue
            value = item[key]
            if key in ("start_time", "end_time"):
                value = _time(value)
            elif key == "host":
                value = self.agency(f"{path}.host", value) if value else None
                if item[key] and value is None:
                    return None
            elif key == "directions":
                value = list(value or [])
            elif key not in ("year", "pledge_year"):
                value = value or ""
            fields[key] = value
        return fields

    def meeting_records(self, path: str, meeting: Meeting, item: dict, differing: list[str]) -> None:
        """Each list the document gives and changes, through the service that sets it on the meeting page."""
        if any(key in differing for key in PEOPLE):
            self.import_people(path, meeting, item)
        if "attendance" in differing:
            self.import_attendance(path, meeting, item["attendance"], evaluate_proposals="proposals" not in differing)
        if "voting" in differing and item.get("voting"):
            self.import_voting(f"{path}.voting", meeting, item["voting"])
        self.check_votes(path, meeting, item)
        if "proposals" in differing:
            self.import_proposals(path, meeting, item["proposals"])
        if "ranking" in differing:
            self.import_ranking(path, meeting, item["ranking"])
        if "election" in differing and item.get("election"):
            election = item["election"]
            chair = self.agency(f"{path}.election.chair", election["chair"])
            vice_chair = (
                self.agency(f"{path}.election.vice_chair", election["vice_chair"])
                if election.get("vice_chair")
                else None
            )
            if chair and (vice_chair or not election.get("vice_chair")):
                self.call(f"{path}.election", leadership_elect, meeting=meeting, chair=chair, vice_chair=vice_chair,
                          for_year=election["for_year"])  # fmt: skip

    def import_voting(self, path: str, meeting: Meeting, voting: dict) -> None:
        tellers = [self.person(f"{path}.tellers[{i}]", d) for i, d in enumerate(voting.get("tellers", []))]
        if None in tellers:
            return
        keys = {"ballots_returned": f"{path}.ballots_returned", "ballots_invalid": f"{path}.ballots_invalid"}
        self.call(path, voting_set, meeting=meeting, voting_mode=voting["mode"], tellers=tellers,
                  ballots_issued=voting.get("ballots_issued"), ballots_returned=voting.get("ballots_returned"),
                  ballots_invalid=voting.get("ballots_invalid"), keys=keys)  # fmt: skip

    def check_votes(self, path: str, meeting: Meeting, item: dict) -> None:
        """A secret ballot says nothing of who voted what: ``ballots`` there is refused. Each proposal's votes fit
        in the valid ballots, when the figures are given."""
        voting = item.get("voting") or {}
        secret = voting.get("mode", meeting.voting_mode) == Meeting.VotingMode.SECRET
        returned, invalid = voting.get("ballots_returned"), voting.get("ballots_invalid") or 0
        for index, proposal in enumerate(item.get("proposals", [])):
            if secret and "ballots" in proposal:
                self.problem(
                    f"{path}.proposals[{index}].ballots",
                    _("hội nghị bỏ phiếu kín chỉ ghi tổng số phiếu (votes), không ghi phiếu của từng đơn vị"),
                )
            votes = proposal.get("votes") or {}
            total = sum(votes.get(k) or 0 for k in ("for", "against", "abstain"))
            if returned is not None and votes and total > returned - invalid:
                self.problem(
                    f"{path}.proposals[{index}].votes",
                    _("tổng số phiếu %(total)s lớn hơn số phiếu hợp lệ %(valid)s") % {
                        "total": total, "valid": returned - invalid},
                )  # fmt: skip

    def person(self, path: str, data: dict) -> dict | None:
        agency = self.agency(f"{path}.agency", data.get("agency")) if data.get("agency") else None
        if data.get("agency") and agency is None:
            return None
        return {"name": data["name"], "title": data.get("title") or "", "agency": agency,
                "organization": data.get("organization") or ""}  # fmt: skip

    def import_people(self, path: str, meeting: Meeting, item: dict) -> None:
        stored = {role: [] for role in ("presiding", "secretary", "guest")}
        for p in meeting.participants.order_by("position", "pk"):
            stored[p.role].append(
                {"name": p.name, "title": p.title, "agency": p.agency, "organization": p.organization}
            )
        presiding = ([self.person(f"{path}.presiding[{i}]", d) for i, d in enumerate(item["presiding"])]
                     if "presiding" in item else stored["presiding"])  # fmt: skip
        secretary = (self.person(f"{path}.secretary", item["secretary"]) if item.get("secretary")
                     else None if "secretary" in item else next(iter(stored["secretary"]), None))  # fmt: skip
        guests = ([self.person(f"{path}.guests[{i}]", d) for i, d in enumerate(item["guests"])]
                  if "guests" in item else stored["guest"])  # fmt: skip
        if None in presiding or None in guests or (item.get("secretary") and secretary is None):
            return
        self.call(path, participants_set, meeting=meeting, presiding=presiding, secretary=secretary, guests=guests)

    def import_attendance(self, path: str, meeting: Meeting, rows: list[dict], *, evaluate_proposals: bool) -> None:
        self.duplicates(rows, lambda a: a["agency"], lambda i: f"{path}.attendance[{i}].agency", _("đơn vị điểm danh"))
        found, keys = [], {}
        for index, row in enumerate(rows):
            agency = self.agency(f"{path}.attendance[{index}].agency", row["agency"])
            if agency is not None and all(r["agency"] != agency for r in found):
                keys[f"{agency.pk}-present"] = f"{path}.attendance[{index}].agency"
                found.append(
                    {
                        "agency": agency,
                        "present": row["present"],
                        "representative": row.get("representative") or "",
                        "title": row.get("title") or "",
                    }
                )
        if len(found) == len({r["agency"] for r in rows}):
            self.call(f"{path}.attendance", attendance_record, meeting=meeting, rows=found,
                      evaluate_proposals=evaluate_proposals, keys=keys)  # fmt: skip

    def import_proposals(self, path: str, meeting: Meeting, items: list[dict]) -> None:
        stored = {(p.nominee_id, p.award_type_id): p for p in meeting.proposals.select_related("award_type")}
        kept = set()
        for index, data in enumerate(items):
            item_path = f"{path}.proposals[{index}]"
            nominee = self.agency(f"{item_path}.agency", data["agency"])
            award_type = self.award_type(f"{item_path}.award", data["award"])
            if nominee is None or award_type is None:
                continue
            ballots = self.ballots(item_path, data) if "ballots" in data else None
            if ballots is False:
                continue
            proposal = stored.get((nominee.pk, award_type.pk))
            tally = self.tally(data, proposal)
            keys = {"votes_for": f"{item_path}.votes", "votes_against": f"{item_path}.votes",
                    "nominee": f"{item_path}.agency", "award_type": f"{item_path}.award"}  # fmt: skip
            for n, entry in enumerate(data.get("ballots", [])):
                if voter := self.agencies.get(entry["agency"]):
                    keys.setdefault(f"ballot-{voter.pk}", f"{item_path}.ballots[{n}].agency")
            if proposal is None:
                proposal = self.call(item_path, proposal_create, meeting=meeting, nominee=nominee,
                                     award_type=award_type, tally=tally, ballots=ballots, keys=keys)  # fmt: skip
            else:
                kept.add(proposal.pk)
                proposal = self.call(item_path, proposal_record_votes, proposal=proposal, tally=tally, ballots=ballots,
                                     keys=keys)  # fmt: skip
            if proposal is not None:
                kept.add(proposal.pk)
                if data.get("outcome") and proposal.outcome != data["outcome"]:
                    self.problem(
                        f"{item_path}.outcome",
                        _("kết quả '%(given)s' khác với kết quả tính theo quy tắc của %(award)s — %(reason)s")
                        % {"given": data["outcome"], "award": award_type, "reason": proposal.outcome_reason},
                    )
        for proposal in stored.values():
            if proposal.pk not in kept:
                self.call(f"{path}.proposals", proposal_delete, proposal=proposal)

    def ballots(self, path: str, data: dict) -> dict[int, str] | bool:
        entries = data["ballots"]
        self.duplicates(entries, lambda b: b["agency"], lambda i: f"{path}.ballots[{i}].agency",
                        _("mỗi đơn vị chỉ được bỏ một phiếu; phiếu"))  # fmt: skip
        ballots = {}
        for index, entry in enumerate(entries):
            agency = self.agency(f"{path}.ballots[{index}].agency", entry["agency"])
            if agency is None:
                return False
            ballots.setdefault(agency.pk, entry["vote"])
        return ballots

    @staticmethod
    def tally(data: dict, proposal: Proposal | None) -> Tally | None:
        """The document's tally; where it gives none, the tally entered before (ballots alone are counted)."""
        if "votes" in data:
            votes = data["votes"]
            return Tally(votes["for"], votes.get("against", 0), votes.get("abstain", 0)) if votes else None
        if proposal is not None and proposal.votes_for is not None:
            return effective_tally(proposal)
        return None

    def import_ranking(self, path: str, meeting: Meeting, entries: list[dict]) -> None:
        self.duplicates(entries, lambda r: r["agency"], lambda i: f"{path}.ranking[{i}].agency", _("đơn vị xếp hạng"))
        ranks = {}
        for index, entry in enumerate(entries):
            agency = self.agency(f"{path}.ranking[{index}].agency", entry["agency"])
            if agency is not None:
                ranks.setdefault(agency.pk, entry["rank"])
        self.call(f"{path}.ranking", ranking_record, meeting=meeting, ranks=ranks)
