"""Export an organizer's records to the interchange document ``emulation-blocs/1``.

Lists come out in the order records were created (so a fresh import exports in the document's
order); optional fields that are empty are left out, as the schema's defaults allow.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch

from awards.models import AgencyHold, AwardType, WomenShare
from blocs.models import Bloc, Leadership, Membership
from decisions.models import Decision, DecisionAward
from interchange import FORMAT
from meetings.models import Attendance, Ballot, Meeting, Participant, Proposal, Ranking
from meetings.voting import effective_tally
from members.models import Agency, Organizer
from pledges.models import Band, Criterion, Pledge, Score, SelfScore, Signature


def leadership_entry(leadership, codes: dict[int, str], *, year: bool = True) -> dict:
    """A year's chair and vice-chair by code; ``vice_chair`` left out when the bloc elected a chair alone."""
    entry = {"year": leadership.year} if year else {}
    entry["chair"] = codes[leadership.chair_id]
    if leadership.vice_chair_id is not None:
        entry["vice_chair"] = codes[leadership.vice_chair_id]
    return entry


def _number(value: Decimal | float | int):
    """JSON number: integral values as integers (10, not 10.00)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _put(target: dict, key: str, value) -> None:
    """Set ``key`` unless ``value`` is empty (None, "" or an empty list)."""
    if value not in (None, "", []):
        target[key] = value


def export_organizer_header(organizer: Organizer) -> dict:
    header = {"code": organizer.code, "name": organizer.name}
    _put(header, "short_name", organizer.short_name)
    header["place_name"] = organizer.place_name
    _put(header, "board_name", organizer.board_name)
    return header


def _organizer_history(organizer: Organizer, header: dict) -> None:
    """The province's merger and its board's names over time, where it has them (the whole document only: a
    meeting's document carries the names its minutes print)."""
    if organizer.merged_into_id:
        header["merged_into"] = {"organizer": organizer.merged_into.code, "from": organizer.merged_on.isoformat()}
    names = []
    for row in organizer.board_names.order_by("valid_from"):
        entry = {"name": row.name, "from": row.valid_from.isoformat()}
        if row.valid_until:
            entry["until"] = row.valid_until.isoformat()
        names.append(entry)
    _put(header, "board_names", names)


def bloc_kind(bloc: Bloc) -> str:
    """The format knows blocs and clusters: a cluster of communes and wards is written as a cluster."""
    return Bloc.Kind.CLUSTER.value if bloc.kind == Bloc.Kind.COMMUNE_CLUSTER else bloc.kind


def export_agency(agency: Agency, codes: dict[int, str]) -> dict:
    """An agency; ``codes`` holds its province's agencies, a successor in another province is named with its
    province. Holds and women's shares are written when prefetched (``_agencies_queryset``)."""
    item = {"code": agency.code, "name": agency.name}
    _put(item, "short_name", agency.short_name)
    if agency.successor_id:
        successor = agency.successor
        item["successor"] = successor.code
        item["until"] = agency.until.isoformat()
        if successor.organizer_id != agency.organizer_id:
            item["successor_organizer"] = successor.organizer.code
    cache = getattr(agency, "_prefetched_objects_cache", {})
    if "holds" in cache:
        holds = []
        for hold in agency.holds.all():
            entry = {"year": hold.year, "kind": hold.kind}
            _put(entry, "reason", hold.reason)
            holds.append(entry)
        _put(item, "holds", holds)
    if "women_shares" in cache:
        _put(item, "women_shares", [{"year": w.year, "share": _number(w.share)} for w in agency.women_shares.all()])
    return item


def _agencies_queryset():
    return Agency.objects.order_by("pk").select_related("successor__organizer")


def export_award_type(award_type: AwardType) -> dict:
    item = {"code": award_type.code, "name": award_type.name}
    _put(item, "conferred_by", award_type.conferred_by)
    item["quota_per_bloc"] = award_type.quota_per_bloc
    item["rule"] = {"basis": award_type.basis, "ratio": award_type.ratio, "strict": award_type.strict}
    return item


def _person(participant: Participant, codes: dict[int, str]) -> dict:
    if participant.is_group:  # the format names people: a group guest goes as the phrase the minutes print
        return {"name": participant.display_name}
    person = {"name": participant.name}
    _put(person, "title", participant.title)
    if participant.agency_id:
        person["agency"] = codes[participant.agency_id]
    _put(person, "organization", participant.organization)
    return person


def _time(value) -> str | None:
    return value.strftime("%H:%M") if value else None


def export_meeting(meeting: Meeting, codes: dict[int, str], election: Leadership | None) -> dict:
    """One meeting; expects participants, attendances, proposals (with ballots) and rankings prefetched."""
    item = {"kind": meeting.kind, "year": meeting.year, "held_on": meeting.held_on.isoformat()}
    _put(item, "start_time", _time(meeting.start_time))
    _put(item, "end_time", _time(meeting.end_time))
    _put(item, "title", meeting.title)
    _put(item, "venue", meeting.venue)
    if meeting.host_id:
        item["host"] = codes[meeting.host_id]
    participants = sorted(meeting.participants.all(), key=lambda p: (p.position, p.pk))
    _put(item, "presiding", [_person(p, codes) for p in participants if p.role == Participant.Role.PRESIDING])
    secretary = next((p for p in participants if p.role == Participant.Role.SECRETARY), None)
    if secretary:
        item["secretary"] = _person(secretary, codes)
    attendance = []
    for row in sorted(meeting.attendances.all(), key=lambda a: a.pk):
        entry = {"agency": codes[row.agency_id], "present": row.present}
        _put(entry, "representative", row.representative)
        _put(entry, "title", row.title)
        attendance.append(entry)
    _put(item, "attendance", attendance)
    _put(item, "guests", [_person(p, codes) for p in participants if p.role == Participant.Role.GUEST])
    _put(item, "report", meeting.report)
    _put(item, "shortcomings", meeting.shortcomings)
    _put(item, "directions", list(meeting.directions or []))
    proposals = []
    for proposal in sorted(meeting.proposals.all(), key=lambda p: (p.position, p.pk)):
        entry = {"agency": codes[proposal.nominee_id], "award": proposal.award_type.code}
        if proposal.votes_for is not None:
            tally = effective_tally(proposal)
            entry["votes"] = {"for": tally.votes_for, "against": tally.against, "abstain": tally.abstain}
        ballots = sorted(proposal.ballots.all(), key=lambda b: b.pk)
        _put(entry, "ballots", [{"agency": codes[b.agency_id], "vote": b.vote} for b in ballots])
        if proposal.outcome != Proposal.Outcome.PENDING:
            entry["outcome"] = proposal.outcome
        proposals.append(entry)
    _put(item, "proposals", proposals)
    if election is not None:
        item["election"] = {"for_year": election.year} | leadership_entry(election, codes, year=False)
    _put(
        item,
        "ranking",
        [{"agency": codes[r.agency_id], "rank": r.rank} for r in sorted(meeting.rankings.all(), key=lambda r: r.pk)],
    )
    _put(item, "pledge_year", meeting.pledge_year)
    _put(item, "minutes_number", meeting.minutes_number)
    _put(item, "voting", _voting(meeting, participants, codes))
    return item


def _voting(meeting: Meeting, participants: list[Participant], codes: dict[int, str]) -> dict | None:
    """How the proposals were voted, where something was recorded beyond the default (open, no figures)."""
    if not meeting.voting_mode:  # not recorded: nothing was (the figures and tellers are set with the mode)
        return None
    voting = {"mode": meeting.voting_mode}
    _put(voting, "tellers", [_person(p, codes) for p in participants if p.role == Participant.Role.TELLER])
    for key in ("ballots_issued", "ballots_returned", "ballots_invalid"):
        if getattr(meeting, key) is not None:
            voting[key] = getattr(meeting, key)
    return voting


def _criterion(criterion: Criterion) -> dict:
    """A criterion; its kind only when it is not a standard one (the contract's default)."""
    item = {"code": criterion.code, "title": criterion.title, "max_points": _number(criterion.max_points)}
    if criterion.kind != Criterion.Kind.STANDARD:
        item["kind"] = criterion.kind
    return item


def _score(score: Score, codes: dict[int, str], self_points: dict[tuple[int, int], Decimal]) -> dict:
    """A score of the bloc, with the agency's own points when it gave some and the note when there is one."""
    item = {
        "year": score.criterion.pledge.year,
        "agency": codes[score.agency_id],
        "criterion": score.criterion.code,
        "points": _number(score.points),
    }
    own = self_points.get((score.agency_id, score.criterion_id))
    if own is not None:
        item["self_points"] = _number(own)
    _put(item, "note", score.note)
    return item


def _meetings_queryset():
    return Meeting.objects.order_by("pk").prefetch_related(
        Prefetch("participants", queryset=Participant.objects.order_by("position", "pk")),
        Prefetch("attendances", queryset=Attendance.objects.order_by("pk")),
        Prefetch(
            "proposals",
            queryset=Proposal.objects.select_related("award_type")
            .order_by("position", "pk")
            .prefetch_related(Prefetch("ballots", queryset=Ballot.objects.order_by("pk"))),
        ),
        Prefetch("rankings", queryset=Ranking.objects.order_by("pk")),
    )


def _export_bloc(
    bloc: Bloc,
    codes: dict[int, str],
    meetings: list[Meeting],
    leaderships: list[Leadership],
    pledges: list[Pledge],
    scores: list[Score],
    self_points: dict[tuple[int, int], Decimal],
) -> dict:
    item = {"code": bloc.code, "name": bloc.name}
    _put(item, "short_name", bloc.short_name)
    item["kind"] = bloc_kind(bloc)
    item["memberships"] = [
        {"agency": codes[m.agency_id], "from_year": m.from_year, "to_year": m.to_year}
        for m in sorted(bloc.memberships.all(), key=lambda m: m.pk)
    ]
    _put(
        item,
        "leadership",
        [leadership_entry(le, codes) for le in leaderships],
    )
    pledge_items = []
    for pledge in pledges:
        entry: dict = {"year": pledge.year}
        if pledge.signed_on:
            entry["signed_on"] = pledge.signed_on.isoformat()
        entry["criteria"] = [_criterion(c) for c in pledge.criteria.all()]
        signatories = []
        for signature in pledge.signatures.all():
            person = {"agency": codes[signature.agency_id]}
            _put(person, "signer", signature.signer)
            _put(person, "title", signature.title)
            signatories.append(person)
        _put(entry, "signatories", signatories)
        _put(entry, "bands", [{"name": b.name, "min_points": _number(b.min_points)} for b in pledge.bands.all()])
        pledge_items.append(entry)
    _put(item, "pledges", pledge_items)
    _put(item, "scores", [_score(s, codes, self_points) for s in scores])
    elections = {le.elected_at_id: le for le in leaderships if le.elected_at_id}
    _put(item, "meetings", [export_meeting(m, codes, elections.get(m.pk)) for m in meetings])
    if bloc.successor_id:
        item["successor"] = {"bloc": bloc.successor.code, "from_year": bloc.successor_from_year}
    return item


def export_organizer(organizer: Organizer) -> dict:
    """The whole interchange document of one organizer, in a number of queries independent of its size."""
    agencies = list(
        _agencies_queryset()
        .filter(organizer=organizer)
        .prefetch_related(
            Prefetch("holds", queryset=AgencyHold.objects.order_by("year", "kind")),
            Prefetch("women_shares", queryset=WomenShare.objects.order_by("year")),
        )
    )
    codes = {a.pk: a.code for a in agencies}
    blocs = list(
        Bloc.objects.filter(organizer=organizer)
        .select_related("successor")
        .order_by("pk")
        .prefetch_related(Prefetch("memberships", queryset=Membership.objects.order_by("pk")))
    )
    by_bloc: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for meeting in _meetings_queryset().filter(bloc__organizer=organizer):
        by_bloc["meetings"][meeting.bloc_id].append(meeting)
    for leadership in Leadership.objects.filter(bloc__organizer=organizer).order_by("pk"):
        by_bloc["leaderships"][leadership.bloc_id].append(leadership)
    pledge_qs = (
        Pledge.objects.filter(bloc__organizer=organizer)
        .order_by("pk")
        .prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("position", "pk")),
            Prefetch("signatures", queryset=Signature.objects.order_by("pk")),
            Prefetch("bands", queryset=Band.objects.order_by("-min_points", "pk")),
        )
    )
    for pledge in pledge_qs:
        by_bloc["pledges"][pledge.bloc_id].append(pledge)
    score_qs = Score.objects.filter(criterion__pledge__bloc__organizer=organizer).select_related("criterion__pledge")
    for score in score_qs.order_by("pk"):
        by_bloc["scores"][score.criterion.pledge.bloc_id].append(score)
    own = SelfScore.objects.filter(criterion__pledge__bloc__organizer=organizer)
    self_points = {(a, c): p for a, c, p in own.values_list("agency_id", "criterion_id", "points")}

    header = export_organizer_header(organizer)
    _organizer_history(organizer, header)
    document = {
        "format": FORMAT,
        "organizer": header,
        "agencies": [export_agency(a, codes) for a in agencies],
        "award_types": [
            export_award_type(t) for t in AwardType.objects.filter(organizer=organizer).order_by("position", "pk")
        ],
        "blocs": [
            _export_bloc(
                bloc,
                codes,
                by_bloc["meetings"][bloc.pk],
                by_bloc["leaderships"][bloc.pk],
                by_bloc["pledges"][bloc.pk],
                by_bloc["scores"][bloc.pk],
                self_points,
            )
            for bloc in blocs
        ],
    }
    decisions = []
    awards_qs = DecisionAward.objects.select_related(
        "proposal__bloc", "proposal__award_type", "proposal__nominee"
    ).order_by("pk")
    for decision in (
        Decision.objects.filter(organizer=organizer)
        .order_by("pk")
        .prefetch_related(Prefetch("awards", queryset=awards_qs))
    ):
        awards = [
            {
                "bloc": a.proposal.bloc.code,
                "year": a.proposal.year,
                "agency": a.proposal.nominee.code,
                "award": a.proposal.award_type.code,
            }
            for a in decision.awards.all()
        ]
        if not awards:
            continue  # the schema wants at least one award; a decision still being entered is not exported
        entry = {"number": decision.number, "signed_on": decision.signed_on.isoformat()}
        _put(entry, "issued_by", decision.issued_by)
        entry["awards"] = awards
        decisions.append(entry)
    _put(document, "decisions", decisions)
    return document


def export_meeting_document(meeting: Meeting) -> dict:
    """A complete interchange document holding one meeting of one bloc (attached to its minutes PDF)."""
    bloc = meeting.bloc
    organizer = bloc.organizer
    meeting = _meetings_queryset().get(pk=meeting.pk)
    memberships = list(Membership.objects.filter(bloc=bloc).order_by("pk"))
    election = Leadership.objects.filter(elected_at=meeting).first()
    leaderships = list(Leadership.objects.filter(bloc=bloc, year__in={meeting.year, meeting.year + 1}).order_by("pk"))
    referenced = (
        {m.agency_id for m in memberships}
        | {meeting.host_id}
        | {p.agency_id for p in meeting.participants.all()}
        | {le.chair_id for le in leaderships}
        | {le.vice_chair_id for le in leaderships}
    )
    wanted = referenced - {None}
    while True:  # successors of the province too, so every "successor" code in the document resolves
        agencies = list(_agencies_queryset().filter(pk__in=wanted))
        missing = {a.successor_id for a in agencies if a.successor_id and a.successor.organizer_id == organizer.pk}
        missing -= wanted
        if not missing:
            break
        wanted |= missing
    codes = {a.pk: a.code for a in agencies}
    used_types = {p.award_type for p in meeting.proposals.all()}
    bloc_item = {"code": bloc.code, "name": bloc.name}
    _put(bloc_item, "short_name", bloc.short_name)
    bloc_item["kind"] = bloc_kind(bloc)
    bloc_item["memberships"] = [
        {"agency": codes[m.agency_id], "from_year": m.from_year, "to_year": m.to_year} for m in memberships
    ]
    _put(
        bloc_item,
        "leadership",
        [leadership_entry(le, codes) for le in leaderships],
    )
    bloc_item["meetings"] = [export_meeting(meeting, codes, election)]
    document = {
        "format": FORMAT,
        "organizer": export_organizer_header(organizer),
        "agencies": [export_agency(a, codes) for a in agencies],
        "award_types": [export_award_type(t) for t in sorted(used_types, key=lambda t: (t.position, t.pk))],
        "blocs": [bloc_item],
    }
    return document
