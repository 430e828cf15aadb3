"""Reads for the meeting pages: the whole record of a meeting in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from awards.rules import Tally
from blocs.models import Leadership, members_of
from core.sorting import sorted_here
from meetings import eligibility
from meetings.eligibility import Finding
from meetings.models import Attendance, Ballot, Meeting, Participant, Proposal, Ranking, Voter, VotingSession
from meetings.voting import VotingBody, effective_tally
from members.models import Agency
from pledges.models import Pledge

# The fields of the general-information form, in the order a conflict lists them.
GENERAL_FIELDS = (
    "kind", "year", "held_on", "start_time", "end_time", "title", "venue", "host", "pledge_year", "minutes_number",
)  # fmt: skip
CONTENT_FIELDS = ("report", "shortcomings", "directions")


@dataclass
class ProposalRow:
    proposal: Proposal
    ballots: list[Ballot]
    tally: Tally | None
    findings: list[Finding] = field(default_factory=list)  # what the eligibility rules say of it


@dataclass
class MeetingPage:
    """Everything the meeting page shows."""

    meeting: Meeting
    member_ids: list[int]
    attendances: list[Attendance]
    participants: list[Participant]
    proposals: list[ProposalRow]
    rankings: list[Ranking]
    election: Leadership | None
    # The latest minutes versions (records.models.MinutesVersion) by document: the meeting page's.
    minutes: dict = field(default_factory=dict)
    # The pledge signed at the meeting (annotated with criteria_count and signature_count), if any.
    pledge: Pledge | None = None

    @property
    def shows(self) -> dict[str, bool]:
        """The parts of the page: those the meeting's kind offers, and any that holds data (imported history)."""
        meeting = self.meeting
        return {
            "proposals": meeting.offers("proposals") or bool(self.proposals),
            "election": meeting.offers("election") or self.election is not None,
            "ranking": meeting.offers("ranking") or bool(self.rankings),
            "pledge": meeting.signed_pledge_year is not None,
        }

    @property
    def attendance_taken(self) -> bool:
        return bool(self.attendances)

    @property
    def present_count(self) -> int:
        member_ids = set(self.member_ids)
        return sum(1 for a in self.attendances if a.present and a.agency_id in member_ids)

    @property
    def absent(self) -> list[Attendance]:
        return [a for a in self.attendances if not a.present]

    @property
    def present(self) -> list[Attendance]:
        return [a for a in self.attendances if a.present]

    @property
    def presiding(self) -> list[Participant]:
        return [p for p in self.participants if p.role == Participant.Role.PRESIDING]

    @property
    def secretary(self) -> Participant | None:
        return next((p for p in self.participants if p.role == Participant.Role.SECRETARY), None)

    @property
    def guests(self) -> list[Participant]:
        return [p for p in self.participants if p.role == Participant.Role.GUEST]

    @property
    def pending_proposals(self) -> list[Proposal]:
        return [row.proposal for row in self.proposals if row.proposal.outcome == Proposal.Outcome.PENDING]

    @property
    def minutes_version(self):
        return self.minutes.get("minutes")  # MinutesVersion.Document.MINUTES

    @property
    def pledge_version(self):
        return self.minutes.get("pledge")  # MinutesVersion.Document.PLEDGE


def meeting_page(meeting: Meeting) -> MeetingPage:
    """The meeting's members (their ids), attendance, people, proposals with ballots (and what the eligibility rules
    say of them: more queries only where a rule concerns one), ranking, election and minutes (8 queries, whatever
    their number)."""
    proposals = sorted_here(
        eligibility.annotate(meeting.proposals.select_related("nominee", "award_type", "decision_award__decision"))
        # The page counts the ballots (and tallies their votes); it names no voter. Unordered: Ballot's
        # default order would join the proposal, meeting, bloc and agency tables.
        .prefetch_related(Prefetch("ballots", queryset=Ballot.objects.only("pk", "proposal_id", "vote").order_by())),
        key=lambda p: (p.position, p.pk),
    )
    session = meeting.voting_session
    voting = session is not None and session.is_open
    latest: dict = {}
    for version in sorted_here(meeting.minutes_versions.defer("snapshot"), key=lambda v: (v.document, -v.number)):
        latest.setdefault(version.document, version)
    elections = sorted_here(
        Leadership.objects.filter(elected_at=meeting).select_related("chair", "vice_chair"), key=lambda lead: -lead.year
    )
    rows = [
        # While an online vote is open its counts so far are shown to nobody (the tallies follow its closing).
        ProposalRow(proposal=p, ballots=[], tally=None)
        if voting
        else ProposalRow(proposal=p, ballots=list(p.ballots.all()), tally=effective_tally(p, list(p.ballots.all())))
        for p in proposals
    ]
    findings = eligibility.shown_findings(
        bloc=meeting.bloc, year=meeting.year, votes=[(r.proposal, r.tally.votes_for if r.tally else None) for r in rows]
    )
    for row in rows:
        row.findings = findings[row.proposal.pk]
    return MeetingPage(
        meeting=meeting,
        member_ids=list(members_of(meeting.bloc_id, meeting.year)),
        attendances=sorted_here(
            meeting.attendances.select_related("agency"), key=lambda a: (a.agency.sort_key, a.agency.code)
        ),
        participants=sorted_here(
            meeting.participants.select_related("agency"), key=lambda p: (p.role, p.position, p.pk)
        ),
        proposals=rows,
        rankings=sorted_here(
            meeting.rankings.select_related("agency"), key=lambda r: (r.rank, r.agency.sort_key, r.agency.code)
        ),
        election=elections[0] if elections else None,
        minutes=latest,
        pledge=_signed_pledge(meeting),
    )


def _signed_pledge(meeting: Meeting) -> Pledge | None:
    """The pledge of the year signed at the meeting, with its counts (one query, only for such meetings)."""
    year = meeting.signed_pledge_year
    if year is None:
        return None
    return (
        Pledge.objects.filter(bloc_id=meeting.bloc_id, year=year)
        .annotate(criteria_count=Count("criteria", distinct=True), signature_count=Count("signatures", distinct=True))
        .first()
    )


@dataclass
class VotingTask:
    """An online vote an agency may take part in now, and whether it has voted."""

    session: VotingSession
    meeting: Meeting
    voted: bool


def voting_tasks(agency: Agency) -> list[VotingTask]:
    """The open online votes where the agency may vote (a member of the bloc that year, present or attendance
    not taken), with whether it voted; the oldest meeting first."""
    attended = Attendance.objects.filter(meeting=OuterRef("meeting"), agency=agency, present=True)
    marked = Attendance.objects.filter(meeting=OuterRef("meeting"))
    sessions = (
        VotingSession.objects.filter(closed_at__isnull=True, meeting__status=Meeting.Status.DRAFT)
        .filter(Q(Exists(attended)) | ~Q(Exists(marked)))
        .annotate(voted=Exists(Voter.objects.filter(session=OuterRef("pk"), agency=agency)))
        .select_related("meeting__bloc")
        .order_by("meeting__held_on", "pk")
    )
    return [
        VotingTask(session=s, meeting=s.meeting, voted=s.voted)
        for s in sessions
        if agency.pk in members_of(s.meeting.bloc_id, s.meeting.year)
    ]


@dataclass
class OnlineVotingPage:
    """The secretary's page of a meeting's online vote: who may vote and who has (never how, in secret mode)."""

    meeting: Meeting
    session: VotingSession | None
    body: VotingBody
    agencies: list[Agency]  # the voters, in the bloc's order
    voted: set[int]
    proposals: list[ProposalRow]

    @property
    def eligible(self) -> int:
        return self.session.eligible if self.session else len(self.body.voters)

    @property
    def cast(self) -> int:
        return self.session.cast if self.session else 0

    @property
    def rows(self) -> list[tuple[Agency, bool]]:
        return [(agency, agency.pk in self.voted) for agency in self.agencies]

    @property
    def show_tallies(self) -> bool:
        return self.session is not None and not self.session.is_open


def online_voting_page(meeting: Meeting) -> OnlineVotingPage:
    """The online vote of a meeting (None before opening), its voters and who has voted. The tallies are read
    only once the vote is closed."""
    session = VotingSession.objects.filter(meeting=meeting).select_related("opened_by", "closed_by").first()
    body = VotingBody.of(meeting)
    agencies = sorted_here(Agency.objects.filter(pk__in=body.voters), key=lambda a: (a.sort_key, a.code))
    voted = set(session.voters.values_list("agency_id", flat=True)) if session else set()
    proposals = sorted_here(
        meeting.proposals.select_related("nominee", "award_type").prefetch_related(
            Prefetch("ballots", queryset=Ballot.objects.only("pk", "proposal_id", "vote").order_by())
        ),
        key=lambda p: (p.position, p.pk),
    )
    shown = session is not None and not session.is_open
    rows = [
        ProposalRow(proposal=p, ballots=[], tally=effective_tally(p, list(p.ballots.all())) if shown else None)
        for p in proposals
    ]
    return OnlineVotingPage(meeting=meeting, session=session, body=body, agencies=agencies, voted=voted, proposals=rows)
