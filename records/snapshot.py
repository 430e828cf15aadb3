"""The record as it stands when a version is made: every fact a document prints, frozen in JSON.

A version renders from its snapshot alone, so reopening the meeting while the worker is still busy
cannot change what version 1 says, and the content hash states exactly what was rendered.
"""

from __future__ import annotations

import datetime
import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import translation

from awards.models import LegalBasis
from blocs.models import Leadership, Membership
from blocs.selectors import members_of_year
from interchange.exporter import export_meeting_document
from meetings.models import Meeting, Participant, Proposal
from meetings.voting import VotingBody, effective_tally
from members.models import Agency
from pledges.models import Criterion, Pledge
from pledges.selectors import score_sheet
from records import numbering

# 2: attendance holds only what was recorded, beside the year's members; the pledge signed at the meeting.
# 3: the board's name in force on the document's date; the minutes cite the legal bases in force on the meeting's
# date ("legal_bases": a version made before has none, and its minutes print none).
SNAPSHOT_FORMAT = 3


def canonical_json(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(snapshot: dict) -> str:
    """sha256 of the canonical JSON of a snapshot (independent of key order, e.g. after jsonb)."""
    return hashlib.sha256(canonical_json(snapshot).encode()).hexdigest()


def _plain(value):
    """The value as JSON would give it back: dates as ISO strings, decimals as strings."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _organizer(meeting: Meeting, on: datetime.date | None = None) -> dict:
    """The province as a document dated ``on`` (by default the meeting's day) names it: the board's name in
    force that day (a province merged since keeps its own name on its records)."""
    organizer = meeting.bloc.organizer
    return {
        "code": organizer.code,
        "name": organizer.name,
        "short_name": organizer.short_name,
        "place_name": organizer.place_name,
        "board_name": organizer.board_name_on(on or meeting.held_on),
    }


def _bloc(meeting: Meeting) -> dict:
    bloc = meeting.bloc
    return {
        "code": bloc.code,
        "name": bloc.name,
        "short_name": bloc.short_name,
        "kind": bloc.kind,
        "symbol": bloc.symbol,
    }


def _person(participant: Participant) -> dict:
    if participant.is_group:
        return {"name": participant.display_name, "title": "", "organization": ""}
    return {
        "name": participant.name,
        "title": participant.title,
        "organization": participant.agency.name if participant.agency_id else participant.organization,
    }


def _time(value) -> str | None:
    return value.strftime("%H:%M") if value else None


def _interchange(meeting: Meeting) -> dict:
    return _plain(export_meeting_document(meeting))


def _proposals(meeting: Meeting, body: VotingBody) -> list[dict]:
    """Each proposal in the meeting's order: nominee, award, the effective tally, the share of votes for
    against the award rule's basis, the rule and the outcome (the minutes, the vote count and the letter)."""
    rows = []
    with translation.override("vi"):  # the rule's wording is the record's, whoever finalizes
        for proposal in meeting.proposals.select_related("nominee", "award_type").prefetch_related("ballots"):
            tally = effective_tally(proposal)
            award_type = proposal.award_type
            basis_count = len(body.members) if award_type.basis == "members" else len(body.present)
            rows.append(
                {
                    "agency": proposal.nominee.name,
                    "agency_code": proposal.nominee.code,
                    "award": award_type.name,
                    "award_code": award_type.code,
                    "award_position": award_type.position,
                    "conferred_by": award_type.conferred_by,
                    "votes": None
                    if tally is None
                    else {"for": tally.votes_for, "against": tally.against, "abstain": tally.abstain},
                    "basis": award_type.basis,
                    "basis_count": basis_count,
                    "share": None if tally is None else numbering.percent(tally.votes_for, basis_count),
                    "rule_text": award_type.rule_text,
                    "outcome": proposal.outcome,
                    "outcome_display": proposal.get_outcome_display(),
                }
            )
    return rows


def _meeting_facts(meeting: Meeting) -> dict:
    """The meeting as the dossier's documents name it."""
    return {
        "kind": meeting.kind,
        "year": meeting.year,
        "held_on": meeting.held_on,
        "start_time": _time(meeting.start_time),
        "end_time": _time(meeting.end_time),
        "title": meeting.display_title,
        "venue": meeting.venue,
        "host": meeting.host.name if meeting.host_id else "",
    }


def _people(meeting: Meeting) -> dict:
    """The meeting's people as recorded: presiding, secretary, guests and tellers."""
    participants = list(meeting.participants.select_related("agency"))
    return {
        "presiding": [_person(p) for p in participants if p.role == Participant.Role.PRESIDING],
        "secretary": next((_person(p) for p in participants if p.role == Participant.Role.SECRETARY), None),
        "guests": [_person(p) for p in participants if p.role == Participant.Role.GUEST],
        "tellers": [_person(p) for p in participants if p.role == Participant.Role.TELLER],
    }


def meeting_snapshot(meeting: Meeting, *, minutes_number: str) -> dict:
    """Everything the minutes print, plus the interchange document attached to the PDF."""
    meeting = Meeting.objects.select_related("bloc__organizer", "host").get(pk=meeting.pk)
    body = VotingBody.of(meeting)
    # In the order the record lists them (a bloc's own order of its members, as the news reports print it).
    # Only what was recorded: a member without a row was neither counted present nor absent (imported history).
    attendance = list(meeting.attendances.select_related("agency").order_by("pk"))
    rows = [
        {"agency": a.agency.name, "present": a.present, "representative": a.representative, "title": a.title}
        for a in attendance
    ]
    marked = {a.agency_id for a in attendance}
    members = list(
        Membership.objects.in_year(meeting.year).filter(bloc_id=meeting.bloc_id).select_related("agency").order_by("pk")
    )
    member_names = list(dict.fromkeys(m.agency.name for m in members))
    unmarked = list(dict.fromkeys(m.agency.name for m in members if m.agency_id not in marked))
    proposals = _proposals(meeting, body)
    election = (
        Leadership.objects.filter(elected_at=meeting).select_related("chair", "vice_chair").order_by("year").first()
    )
    snapshot = {
        "format": SNAPSHOT_FORMAT,
        "document": "minutes",
        "organizer": _organizer(meeting),
        "bloc": _bloc(meeting),
        "minutes_number": minutes_number,
        "legal_bases": _legal_bases(meeting.bloc.organizer_id, meeting.held_on),
        "meeting": _meeting_facts(meeting)
        | {
            "kind_display": meeting.get_kind_display(),
            "report": meeting.report,
            "shortcomings": meeting.shortcomings,
            "directions": list(meeting.directions or []),
            "pledge_year": meeting.signed_pledge_year,
        },
        "members_count": len(body.members),
        "present_count": len(body.present),
        "members": member_names,
        "attendance": rows,
        "unmarked": unmarked,
        **_people(meeting),
        "proposals": proposals,
        "election": None
        if election is None
        else {
            "for_year": election.year,
            "chair": election.chair.name,
            "vice_chair": election.vice_chair.name if election.vice_chair_id else None,
        },
        "ranking": [{"rank": r.rank, "agency": r.agency.name} for r in meeting.rankings.select_related("agency")],
        "pledge": _pledge_signed(meeting),
        "interchange": _interchange(meeting),
    }
    return _plain(snapshot)


def _criteria(criteria: list[Criterion]) -> list[dict]:
    """The criteria as documents print them; ``kind`` only for a bonus or deduction (older snapshots have none)."""
    items = []
    for c in criteria:
        item = {"code": c.code, "title": c.title, "max_points": c.max_points}
        if c.kind != Criterion.Kind.STANDARD:
            item["kind"] = c.kind
        items.append(item)
    return items


def _bands(pledge: Pledge) -> list[dict]:
    """The pledge's classification bands, best first."""
    return [{"name": b.name, "min_points": b.min_points} for b in pledge.bands.all()]


def _pledge_signed(meeting: Meeting) -> dict | None:
    """The pledge signed at the meeting as its minutes state it: criteria, points, who signed for which agency."""
    year = meeting.signed_pledge_year
    if year is None:
        return None
    pledge = Pledge.objects.filter(bloc_id=meeting.bloc_id, year=year).first()
    if pledge is None:
        return {"year": year, "criteria": [], "total_points": None, "signatories": []}
    criteria = list(pledge.criteria.all())
    signatures = sorted(pledge.signatures.select_related("agency"), key=lambda s: (s.agency.sort_key, s.agency_id))
    return {
        "year": year,
        "criteria": _criteria(criteria),
        "total_points": pledge.total_points if criteria else None,
        "signatories": [{"agency": s.agency.name, "signer": s.signer, "title": s.title} for s in signatures],
    }


def pledge_snapshot(meeting: Meeting) -> dict | None:
    """The pledge signed at the meeting (``pledge_year``), or None when there is none with criteria."""
    year = meeting.signed_pledge_year
    if year is None:
        return None
    meeting = Meeting.objects.select_related("bloc__organizer").get(pk=meeting.pk)
    pledge = Pledge.objects.filter(bloc_id=meeting.bloc_id, year=year).first()
    if pledge is None:
        return None
    criteria = list(pledge.criteria.all())
    if not criteria:
        return None
    signatures = {s.agency_id: s for s in pledge.signatures.select_related("agency")}
    members = (
        Membership.objects.in_year(pledge.year)
        .filter(bloc_id=pledge.bloc_id)
        .select_related("agency")
        .order_by("agency__sort_key", "agency_id")
    )
    agencies = {m.agency_id: m.agency for m in members}
    for signature in signatures.values():  # a signatory that left the bloc since still signed
        agencies.setdefault(signature.agency_id, signature.agency)
    signatories = [
        {
            "agency": agency.name,
            "signer": signatures[agency_id].signer if agency_id in signatures else "",
            "title": signatures[agency_id].title if agency_id in signatures else "",
        }
        for agency_id, agency in agencies.items()
    ]
    snapshot = {
        "format": SNAPSHOT_FORMAT,
        "document": "pledge",
        "organizer": _organizer(meeting),
        "bloc": _bloc(meeting),
        "year": pledge.year,
        "signed_on": pledge.signed_on or meeting.held_on,
        "criteria": _criteria(criteria),
        "total_points": pledge.total_points,
        "signatories": signatories,
        "interchange": _interchange(meeting),
    }
    if bands := _bands(pledge):  # left out when there are none, as before bands existed
        snapshot["bands"] = bands
    return _plain(snapshot)


def draft_snapshot(meeting: Meeting) -> dict:
    """The minutes of a meeting not yet finalized, as they would print now: no number, marked as a draft."""
    return meeting_snapshot(meeting, minutes_number="") | {"draft": True}


def _dossier_document(meeting: Meeting, document: str, *, on: datetime.date | None = None) -> dict:
    """What every document of the dossier starts with (``on``: the document's date, by default the meeting's)."""
    return {
        "format": SNAPSHOT_FORMAT,
        "document": document,
        "organizer": _organizer(meeting, on),
        "bloc": _bloc(meeting),
        "year": meeting.year,
        "meeting": _meeting_facts(meeting),
    }


def vote_count_snapshot(meeting: Meeting, *, always: bool = False) -> dict | None:
    """The vote-count minutes (biên bản kiểm phiếu) of a meeting's proposals, or None when it has none (unless
    ``always``: the document then says so): the voting mode, the tellers, the ballot figures as recorded (None:
    not recorded), the voting body and each proposal's tally, share and outcome by its award's rule."""
    meeting = Meeting.objects.select_related("bloc__organizer", "host").get(pk=meeting.pk)
    body = VotingBody.of(meeting)
    proposals = _proposals(meeting, body)
    if not proposals and not always:
        return None
    snapshot = _dossier_document(meeting, "vote_count") | {
        "voting_mode": meeting.voting_mode,
        "ballots": {
            "issued": meeting.ballots_issued,
            "returned": meeting.ballots_returned,
            "invalid": meeting.ballots_invalid,
            "valid": meeting.ballots_valid,
        },
        "members_count": len(body.members),
        # Without attendance the rules count every member as present; the document says only what was recorded.
        "present_count": len(body.present) if body.attendance_taken else None,
        "proposals": proposals,
        **_people(meeting),
        "interchange": _interchange(meeting),
    }
    return _plain(snapshot)


def scores_snapshot(meeting: Meeting, *, always: bool = False) -> dict | None:
    """The score table of the meeting's year (bảng tổng hợp kết quả chấm điểm, xếp hạng): every member's
    recorded points on each criterion of the year's pledge, their sum, and the rank recorded at the meeting.
    None when the year has no pledge with criteria and the meeting recorded no ranking (unless ``always``: the
    document then says so)."""
    meeting = Meeting.objects.select_related("bloc__organizer", "host").get(pk=meeting.pk)
    pledge = Pledge.objects.filter(bloc_id=meeting.bloc_id, year=meeting.year).first()
    criteria = list(pledge.criteria.all()) if pledge is not None else []
    rankings = list(meeting.rankings.select_related("agency"))
    if not criteria and not rankings and not always:
        return None
    # The year's members, and whoever was scored or ranked for the year and has left the bloc since.
    agencies: dict[int, Agency] = {a.pk: a for a in members_of_year(meeting.bloc_id, meeting.year)}
    if pledge is not None:
        for agency in Agency.objects.filter(scores__criterion__pledge=pledge).exclude(pk__in=agencies).distinct():
            agencies.setdefault(agency.pk, agency)
    for ranking in rankings:
        agencies.setdefault(ranking.agency_id, ranking.agency)
    # Points and totals as the pledge's score sheet has them (a total is the sum of what was recorded; None,
    # printed "—", when nothing was: never an invented 0).
    sheet = {row.agency.pk: row for row in score_sheet(pledge, list(agencies.values()), criteria)} if pledge else {}
    rank_of = {r.agency_id: r.rank for r in rankings}
    order = {agency_id: index for index, agency_id in enumerate(agencies)}
    # In the order of the ranking when one was recorded (unranked agencies after it), else the bloc's order.
    ids = sorted(agencies, key=lambda a: (a not in rank_of, rank_of.get(a, 0), order[a]))
    bands = _bands(pledge) if criteria else []
    rows = []
    for agency_id in ids:
        row = sheet.get(agency_id)
        points = row.points if row is not None else []
        item = {
            "agency": agencies[agency_id].name,
            "agency_code": agencies[agency_id].code,
            "points": points,
            "total": row.total if row is not None else None,
            "complete": all(p is not None for p in points),
            "rank": rank_of.get(agency_id),
        }
        if bands:  # the band the total reaches (None: none, or nothing scored); no key without bands, as before
            item["band"] = row.band if row is not None else None
        rows.append(item)
    snapshot = _dossier_document(meeting, "scores") | {
        "criteria": _criteria(criteria),
        "total_points": pledge.total_points if criteria else None,
        "ranked": bool(rankings),
        "rows": rows,
        **_people(meeting),
        "interchange": _interchange(meeting),
    }
    if bands:
        snapshot["bands"] = bands
    return _plain(snapshot)


def legal_bases_in_force(organizer_id: int, day: datetime.date) -> list[LegalBasis]:
    """The legal bases a document dated ``day`` cites: the central ones (laws first), then the province's own,
    each in force that day (valid_from ≤ day < valid_to)."""
    bases = LegalBasis.objects.filter(Q(organizer__isnull=True) | Q(organizer_id=organizer_id)).filter(
        Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))
    )
    # A law before the decrees that detail it (its number ends "/QH…"), then by date.
    return sorted(bases, key=lambda b: (b.organizer_id is not None, "/QH" not in b.number, b.valid_from, b.number))


def _legal_bases(organizer_id: int, day: datetime.date) -> list[dict]:
    """The legal bases in force on ``day`` as a snapshot holds them."""
    return [{"number": b.number, "title": b.title} for b in legal_bases_in_force(organizer_id, day)]


def letter_snapshot(
    meeting: Meeting, *, number: str, dated: datetime.date, signer_name: str, signer_title: str
) -> dict:
    """The proposal letter (tờ trình, Nghị định 30 Mẫu 1.4) the chair agency sends the board after the year-end
    review: the board named and the legal bases in force on ``dated``, the bloc's year, and the proposals that
    passed by award.
    ``number`` empty: a draft, printed "…/TTr-<symbol>"."""
    meeting = Meeting.objects.select_related("bloc__organizer", "host").get(pk=meeting.pk)
    organizer = meeting.bloc.organizer
    body = VotingBody.of(meeting)
    passed = [p for p in _proposals(meeting, body) if p["outcome"] == Proposal.Outcome.PASSED]
    # By award in the award's order (stable: the meeting's order within an award).
    passed.sort(key=lambda p: (p["award_position"], p["award_code"]))
    leadership = Leadership.objects.filter(bloc_id=meeting.bloc_id, year=meeting.year).select_related("chair").first()
    recipient = organizer.board_name_on(dated) or "Ban Thi đua - Khen thưởng " + (
        organizer.name.removeprefix("Ủy ban nhân dân ")
        if organizer.name.startswith("Ủy ban nhân dân ")
        else f"tỉnh {organizer.place_name}"
    )
    snapshot = _dossier_document(meeting, "letter", on=dated) | {
        "minutes_number": numbering.strip_number_label(number),  # the version's number (MinutesVersion)
        "dated": dated,
        "recipient": recipient,
        "legal_bases": _legal_bases(organizer.pk, dated),
        "members_count": len(body.members),
        "present_count": len(body.present) if body.attendance_taken else None,
        "chair": leadership.chair.name if leadership is not None else None,
        "signer": {"name": signer_name.strip(), "title": signer_title.strip()},
        "passed": [
            {
                "nominee": p["agency"],
                "nominee_code": p["agency_code"],
                "award": p["award"],
                "award_code": p["award_code"],
                "conferred_by": p["conferred_by"],
                "votes_for": p["votes"]["for"] if p["votes"] else None,
                "basis": p["basis_count"],
                "share": p["share"],
            }
            for p in passed
        ],
        "interchange": _interchange(meeting),
    }
    return _plain(snapshot)
