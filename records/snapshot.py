"""The record as it stands when a version is made: every fact a document prints, frozen in JSON.

A version renders from its snapshot alone, so reopening the meeting while the worker is still busy
cannot change what version 1 says, and the content hash states exactly what was rendered.
"""

from __future__ import annotations

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder

from blocs.models import Leadership, Membership
from interchange.exporter import export_meeting_document
from meetings.models import Meeting, Participant
from meetings.voting import VotingBody, effective_tally
from pledges.models import Pledge

# 2: attendance holds only what was recorded, beside the year's members; the pledge signed at the meeting.
SNAPSHOT_FORMAT = 2


def canonical_json(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(snapshot: dict) -> str:
    """sha256 of the canonical JSON of a snapshot (independent of key order, e.g. after jsonb)."""
    return hashlib.sha256(canonical_json(snapshot).encode()).hexdigest()


def _plain(value):
    """The value as JSON would give it back: dates as ISO strings, decimals as strings."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _organizer(meeting: Meeting) -> dict:
    organizer = meeting.bloc.organizer
    return {
        "code": organizer.code,
        "name": organizer.name,
        "short_name": organizer.short_name,
        "place_name": organizer.place_name,
        "board_name": organizer.board_name,
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
    participants = list(meeting.participants.select_related("agency"))
    proposals = []
    for proposal in meeting.proposals.select_related("nominee", "award_type").prefetch_related("ballots"):
        tally = effective_tally(proposal)
        award_type = proposal.award_type
        proposals.append(
            {
                "agency": proposal.nominee.name,
                "award": award_type.name,
                "conferred_by": award_type.conferred_by,
                "votes": None
                if tally is None
                else {"for": tally.votes_for, "against": tally.against, "abstain": tally.abstain},
                "basis": award_type.basis,
                "basis_count": len(body.members) if award_type.basis == "members" else len(body.present),
                "outcome": proposal.outcome,
                "outcome_display": proposal.get_outcome_display(),
            }
        )
    election = (
        Leadership.objects.filter(elected_at=meeting).select_related("chair", "vice_chair").order_by("year").first()
    )
    snapshot = {
        "format": SNAPSHOT_FORMAT,
        "document": "minutes",
        "organizer": _organizer(meeting),
        "bloc": _bloc(meeting),
        "minutes_number": minutes_number,
        "meeting": {
            "kind": meeting.kind,
            "kind_display": meeting.get_kind_display(),
            "year": meeting.year,
            "held_on": meeting.held_on,
            "start_time": _time(meeting.start_time),
            "end_time": _time(meeting.end_time),
            "title": meeting.display_title,
            "venue": meeting.venue,
            "host": meeting.host.name if meeting.host_id else "",
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
        "presiding": [_person(p) for p in participants if p.role == Participant.Role.PRESIDING],
        "secretary": next((_person(p) for p in participants if p.role == Participant.Role.SECRETARY), None),
        "guests": [_person(p) for p in participants if p.role == Participant.Role.GUEST],
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
        "criteria": [{"code": c.code, "title": c.title, "max_points": c.max_points} for c in criteria],
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
        "criteria": [{"code": c.code, "title": c.title, "max_points": c.max_points} for c in criteria],
        "total_points": pledge.total_points,
        "signatories": signatories,
        "interchange": _interchange(meeting),
    }
    return _plain(snapshot)


def draft_snapshot(meeting: Meeting) -> dict:
    """The minutes of a meeting not yet finalized, as they would print now: no number, marked as a draft."""
    return meeting_snapshot(meeting, minutes_number="") | {"draft": True}
