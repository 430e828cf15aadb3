"""What the history shows of a meeting: its people, attendance, proposals and their votes, ranking and
election (see ``history.states``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from history.audit import field_value, in_vietnamese, label
from history.states import State, _joined, _name

MEETING_FIELDS = (
    "kind", "year", "held_on", "start_time", "end_time", "title", "venue", "host",
    "report", "shortcomings", "directions", "pledge_year", "minutes_number", "status",
)  # fmt: skip


PROPOSAL_FIELDS = ("nominee", "award_type")


TALLY_FIELDS = ("votes_for", "votes_against", "votes_abstain", "outcome", "outcome_reason")


@in_vietnamese
def participants_state(participants: Iterable, names: Mapping[int, str] | None = None) -> State:
    """Who presided, took the minutes and was invited: one line per role, people in order."""
    from meetings.models import Participant

    by_role: dict[str, list[str]] = defaultdict(list)
    for p in sorted(participants, key=lambda p: (p.position, p.pk or 0)):
        where = _name(p, names) if p.agency_id else p.organization
        by_role[p.role].append(_joined(p.name, p.title, where) or p.name)
    return {str(role.label): by_role[role.value] or None for role in Participant.Role if by_role[role.value]}


@in_vietnamese
def attendance_state(rows: Iterable, names: Mapping[int, str] | None = None) -> State:
    """One line per agency: present (and who represented it) or absent."""
    state = {}
    for row in rows:
        if row.present:
            value = _("có mặt")
            if who := _joined(row.representative, row.title):
                value = f"{value} — {who}"
        else:
            value = _("vắng")
        state[_("Điểm danh — %(agency)s") % {"agency": _name(row, names)}] = value
    return state


@in_vietnamese
def ranking_state(rows: Iterable, names: Mapping[int, str] | None = None) -> State:
    return {_("Xếp hạng — %(agency)s") % {"agency": _name(r, names)}: r.rank for r in rows}


@in_vietnamese
def proposal_state(proposal, ballots: Iterable, names: Mapping[int, str] | None = None) -> State:
    """A proposal's tally, outcome and ballots (the nominee and award are in its own entry's name)."""
    from meetings.models import Ballot

    state = {label(type(proposal), name): field_value(proposal, name) for name in TALLY_FIELDS}
    for ballot in ballots:
        state[_("Phiếu của %(agency)s") % {"agency": _name(ballot, names)}] = str(Ballot.Vote(ballot.vote).label)
    return state


@in_vietnamese
def proposal_title(proposal, names: Mapping[int, str] | None = None) -> str:
    return _("%(award)s — %(agency)s") % {"award": proposal.award_type, "agency": _name(proposal, names, "nominee")}


@in_vietnamese
def election_state(leadership, names: Mapping[int, str] | None = None) -> State:
    if leadership is None:
        return {}
    chair = _name(leadership, names, "chair")
    if leadership.vice_chair_id is None:
        return {_("Bầu trưởng khối năm %(year)s") % {"year": leadership.year}: chair}
    vice_chair = _name(leadership, names, "vice_chair")
    return {_("Bầu trưởng, phó khối năm %(year)s") % {"year": leadership.year}: f"{chair} / {vice_chair}"}


@in_vietnamese
def meeting_state(
    fields: State,
    *,
    participants: Iterable,
    attendance: Iterable,
    proposals: Iterable[tuple[Any, Iterable]],
    ranking: Iterable,
    election,
    names: Mapping[int, str],
) -> State:
    """The whole record of a meeting (used by the importer, which writes it in one go); ``fields`` is the
    ``snapshot`` of its own fields."""
    state = dict(fields)
    state |= participants_state(participants, names)
    state |= attendance_state(attendance, names)
    for proposal, ballots in proposals:
        title = proposal_title(proposal, names)
        state |= {f"{title}: {key}": value for key, value in proposal_state(proposal, ballots, names).items()}
    state |= ranking_state(ranking, names)
    state |= election_state(election, names)
    return state
