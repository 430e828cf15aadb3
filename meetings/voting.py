"""Award proposals at a meeting and their votes, and the meeting's ranking: who may vote, the outcome by
the award's rule, the quota of the bloc's year."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from awards import rules
from awards.models import AwardType
from awards.services import rule_of
from blocs.models import Bloc, members_of
from core.locks import for_update
from core.validation import validate
from history import audit
from meetings import eligibility
from meetings.audit_states import PROPOSAL_FIELDS, proposal_state, ranking_state
from meetings.models import Ballot, Meeting, Proposal, Ranking, VotingSession
from meetings.services import ensure_editable, ensure_unchanged
from members.models import Agency, User


class VotingBody:
    """Who may vote at a meeting: members of the bloc that year, restricted to those present once
    attendance has been taken."""

    def __init__(self, *, members: set[int], attendance: Mapping[int, bool]):
        self.members = set(members)
        self.attendance_taken = bool(attendance)
        self.present = {a for a in self.members if attendance.get(a)} if attendance else set(self.members)

    @classmethod
    def of(cls, meeting: Meeting) -> VotingBody:
        return cls(
            members=members_of(meeting.bloc_id, meeting.year),
            attendance=dict(meeting.attendances.values_list("agency_id", "present")),
        )

    @property
    def voters(self) -> set[int]:
        return self.present

    def ballot_error(self, agency: Agency) -> str | None:
        if agency.pk not in self.members:
            return _("%(agency)s không phải là thành viên của khối trong năm này nên không được biểu quyết.") % {
                "agency": agency
            }
        if agency.pk not in self.present:
            return _("%(agency)s vắng mặt nên không được biểu quyết.") % {"agency": agency}
        return None


def effective_tally(proposal: Proposal, ballots: Iterable[Ballot] | None = None) -> rules.Tally | None:
    """The tally entered, or else the count of the ballots; None when nobody has voted yet."""
    if proposal.votes_for is not None:
        return rules.Tally(proposal.votes_for, proposal.votes_against or 0, proposal.votes_abstain or 0)
    ballots = list(proposal.ballots.all() if ballots is None else ballots)
    if ballots:
        return rules.Tally.from_ballots(b.vote for b in ballots)
    return None


def _awarded(proposal: Proposal) -> bool:
    """Whether a decision awards the proposal. Decisions are an app above this one: read through the
    relation it gives proposals (``decision_award``), by name."""
    return Proposal.objects.filter(pk=proposal.pk, decision_award__isnull=False).exists()


def _evaluate(proposal: Proposal, body: VotingBody, ballots: list[Ballot]) -> dict[str, list[str]]:
    """Check the votes against the voting body and compute the outcome; return the problems found, keyed by
    what they are about: ``votes_for`` (the tally) or ``ballot-<agency id>`` (that agency's ballot)."""
    problems: dict[str, list[str]] = {}
    tally = effective_tally(proposal, ballots)
    if proposal.votes_for is not None:
        if error := rules.tally_error(tally, len(body.voters)):
            problems.setdefault("votes_for", []).append(error)
        if ballots and (error := rules.tally_mismatch_error(tally, rules.Tally.from_ballots(b.vote for b in ballots))):
            problems.setdefault("votes_for", []).append(error)
    for ballot in ballots:
        if error := body.ballot_error(ballot.agency):
            problems.setdefault(f"ballot-{ballot.agency_id}", []).append(error)
    proposal.outcome, proposal.outcome_reason = rules.evaluate(
        tally=tally, rule=rule_of(proposal.award_type), members=len(body.members), present=len(body.present)
    )
    return problems


def _refuse_unless_awardable(proposal: Proposal, problems: dict[str, list[str]]) -> None:
    """Raise the problems found, with the one of an awarded proposal whose outcome would no longer be passed."""
    if proposal.outcome != Proposal.Outcome.PASSED and proposal.pk and _awarded(proposal):
        problems.setdefault(NON_FIELD_ERRORS, []).append(
            _("Đề nghị đã được khen thưởng theo quyết định nên kết quả phải giữ là Đạt.")
        )
    if problems:
        raise ValidationError(problems)


def _refuse_ineligible(meeting: Meeting, proposals: list[Proposal], problems: dict[str, list[str]]) -> None:
    """Add the eligibility refusals (meetings.eligibility) of the proposals that would pass, under "nominee"."""
    for _proposal, message in eligibility.refusals(meeting, proposals):
        problems.setdefault("nominee", []).append(message)


def _check_quota(*, bloc_id: int, year: int, award_type: AwardType) -> None:
    passed = Proposal.objects.filter(
        bloc_id=bloc_id, year=year, award_type=award_type, outcome=Proposal.Outcome.PASSED
    ).count()
    if error := rules.quota_error(
        award_name=award_type.name, quota=award_type.quota_per_bloc, passed=passed, year=year
    ):
        raise ValidationError(error)


_OUTCOME = ("outcome", "outcome_reason")


def _lock_bloc(meeting: Meeting) -> None:
    # Quotas count passed proposals across the bloc's year: one writer at a time per bloc.
    for_update(Bloc.objects.filter(pk=meeting.bloc_id)).first()


def _editable_meeting(meeting: Meeting, *, during_vote: bool = False) -> Meeting:
    """The meeting as stored, locked and checked editable: a copy read earlier (a proposal's cached
    meeting, a page opened before someone finalized it) would still say "draft"."""
    current = for_update(Meeting.objects.select_related("bloc"), of=("self",)).get(pk=meeting.pk)
    ensure_editable(current, during_vote=during_vote)
    return current


def ensure_not_voted_online(proposal: Proposal) -> None:
    """A vote cast online is final: the votes of a proposal put to an online vote are never changed by hand."""
    if proposal.pk and proposal.online_votings.exists():
        raise ValidationError(
            _("Đề nghị %(proposal)s đã được bỏ phiếu trực tuyến; phiếu đã bỏ là cuối cùng, không sửa được.")
            % {"proposal": proposal},
            code="voted_online",
        )


@transaction.atomic
def proposal_create(
    *,
    meeting: Meeting,
    nominee: Agency,
    award_type: AwardType,
    tally: rules.Tally | None = None,
    ballots: Mapping[int, str] | None = None,
    by: User | None = None,
) -> Proposal:
    """Propose an award for a member agency at a meeting, optionally with its votes (as
    ``proposal_record_votes`` takes them). One entry in its history: the proposal as created."""
    meeting = _editable_meeting(meeting)
    _lock_bloc(meeting)
    proposal = Proposal(
        meeting=meeting,
        bloc=meeting.bloc,
        year=meeting.year,
        nominee=nominee,
        award_type=award_type,
        position=meeting.proposals.count() + 1,
    )
    return _votes_recorded(proposal, meeting, tally=tally, ballots=ballots, before=None, by=by)


@transaction.atomic
def proposal_record_votes(
    *,
    proposal: Proposal,
    tally: rules.Tally | None = None,
    ballots: Mapping[int, str] | None = None,
    by: User | None = None,
    expected_version: str | None = None,
) -> Proposal:
    """Record the votes on a proposal as a tally, per-agency ballots (agency id → for/against/abstain), or both.

    Ballots given replace the previous ones. The outcome is computed from the award's rule; passing
    proposals may not exceed the award's quota for the bloc and year. Refused (code ``"stale"``) when the
    votes changed since the page read ``expected_version``: the outcome is never computed from stale ballots.
    """
    meeting = _editable_meeting(proposal.meeting)
    ensure_not_voted_online(proposal)
    _lock_bloc(meeting)
    stored = Proposal.objects.filter(pk=proposal.pk).first() or proposal  # the caller's copy may be changed
    before = proposal_state(stored, proposal.ballots.select_related("agency"))
    ensure_unchanged(before, expected_version)
    return _votes_recorded(proposal, meeting, tally=tally, ballots=ballots, before=before, by=by)


def _votes_recorded(
    proposal: Proposal,
    meeting: Meeting,
    *,
    tally: rules.Tally | None,
    ballots: Mapping[int, str] | None,
    before: dict | None,
    by: User | None,
) -> Proposal:
    """The votes set on the proposal (new when ``before`` is None), checked against the meeting's voting body,
    the award's rule and quota and, when it would pass, the eligibility rules (``meetings.eligibility``), then
    saved with its history entry. The meeting and bloc are locked."""
    body = VotingBody.of(meeting)
    if ballots is not None:
        invalid = sorted({v for v in ballots.values() if v not in Ballot.Vote.values})
        if invalid:
            raise ValidationError(_("Phiếu không hợp lệ: %(votes)s.") % {"votes": ", ".join(map(str, invalid))})
        agencies = Agency.objects.filter(organizer__blocs=meeting.bloc_id).in_bulk(list(ballots))
        if proposal.pk:
            proposal.ballots.all().delete()
        ballot_rows = [
            Ballot(proposal=proposal, agency=agencies[a], vote=v) for a, v in ballots.items() if a in agencies
        ]
        if len(ballot_rows) != len(ballots):
            raise ValidationError(_("Có phiếu của đơn vị không tồn tại."))
    else:
        ballot_rows = list(proposal.ballots.select_related("agency")) if proposal.pk else []
    proposal.votes_for = tally.votes_for if tally else None
    proposal.votes_against = tally.against if tally else None
    proposal.votes_abstain = tally.abstain if tally else None
    problems = _evaluate(proposal, body, ballot_rows)
    try:
        validate(proposal)  # the nominee a member that year…: reported with the votes' problems, not after them
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            problems.setdefault(key, []).extend(messages)
    _refuse_ineligible(meeting, [proposal], problems)
    _refuse_unless_awardable(proposal, problems)
    proposal.save()
    if ballots is not None:
        Ballot.objects.bulk_create(ballot_rows)
    after = proposal_state(proposal, ballot_rows)
    if before is None:
        changes = audit.diff({}, {**audit.snapshot(proposal, PROPOSAL_FIELDS), **after})
        audit.record(action=audit.Action.CREATE, instance=proposal, changes=changes, by=by)
    else:
        audit.record(action=audit.Action.UPDATE, instance=proposal, changes=audit.diff(before, after), by=by)
    _check_quota(bloc_id=meeting.bloc_id, year=meeting.year, award_type=proposal.award_type)
    return proposal


@transaction.atomic
def ballot_cast(*, proposal: Proposal, agency: Agency, vote: str, by: User | None = None) -> Ballot:
    """Record one agency's ballot on a proposal and recompute the outcome; an agency votes once.

    Two clients may submit the same agency's ballot at once: the first one stored stands and the other
    is refused with a message, never replacing it (correcting ballots goes through
    ``proposal_record_votes``).
    """
    meeting = _editable_meeting(proposal.meeting)
    ensure_not_voted_online(proposal)
    _lock_bloc(meeting)
    proposal = Proposal.objects.select_related("award_type").get(pk=proposal.pk)
    before = proposal_state(proposal, proposal.ballots.select_related("agency"))
    if vote not in Ballot.Vote.values:
        raise ValidationError(_("Phiếu không hợp lệ: %(votes)s.") % {"votes": vote})
    body = VotingBody.of(meeting)
    if error := body.ballot_error(agency):
        raise ValidationError(error)
    ballot = Ballot(proposal=proposal, agency=agency, vote=vote)
    try:
        # The locks above already queue two submissions of one meeting; the unique constraint
        # ballot_one_per_agency is what decides, also against writers that take no lock.
        with transaction.atomic():
            ballot.save()
    except IntegrityError:
        if not Ballot.objects.filter(proposal=proposal, agency=agency).exists():
            raise
        raise ValidationError(
            _("%(agency)s đã bỏ phiếu cho đề nghị này; mỗi đơn vị chỉ được bỏ một phiếu.") % {"agency": agency},
            code="duplicate",
        ) from None
    problems = _evaluate(proposal, body, list(proposal.ballots.select_related("agency")))
    _refuse_ineligible(meeting, [proposal], problems)
    _refuse_unless_awardable(proposal, problems)
    proposal.save(update_fields=["outcome", "outcome_reason"])
    changes = audit.diff(before, proposal_state(proposal, proposal.ballots.select_related("agency")))
    audit.record(action=audit.Action.UPDATE, instance=proposal, changes=changes, by=by)
    _check_quota(bloc_id=meeting.bloc_id, year=meeting.year, award_type=proposal.award_type)
    return ballot


@transaction.atomic
def proposal_delete(*, proposal: Proposal, by: User | None = None) -> None:
    """Withdraw a proposal of a draft meeting."""
    _editable_meeting(proposal.meeting)
    ensure_not_voted_online(proposal)
    if _awarded(proposal):
        raise ValidationError(_("Đề nghị đã có quyết định khen thưởng, không thể xoá."))
    state = {
        **audit.snapshot(proposal, PROPOSAL_FIELDS),
        **proposal_state(proposal, proposal.ballots.select_related("agency")),
    }
    audit.record(action=audit.Action.DELETE, instance=proposal, changes=audit.diff(state, {}), by=by)
    proposal.delete()


@transaction.atomic
def proposals_evaluate(*, meeting: Meeting, by: User | None = None) -> None:
    """Recompute every proposal of the meeting, e.g. after the attendance changed. The proposals of an online
    vote still open wait for its closing: their counts so far are no outcome (and are shown to nobody)."""
    _lock_bloc(meeting)
    body = VotingBody.of(meeting)
    proposals = list(
        meeting.proposals.exclude(online_votings__in=VotingSession.objects.filter(closed_at__isnull=True))
        .select_related("award_type")
        .prefetch_related("ballots__agency")
    )
    outcomes = {p.pk: audit.snapshot(p, _OUTCOME) for p in proposals}
    passed_before = {p.pk for p in proposals if p.outcome == Proposal.Outcome.PASSED}
    problems: list[str] = []
    for proposal in proposals:
        found = _evaluate(proposal, body, list(proposal.ballots.all()))
        problems += [f"{proposal}: {p}" for messages in found.values() for p in messages]
    # A proposal passed already stays as it was; one that passes now meets the eligibility rules.
    newly_passed = [p for p in proposals if p.pk not in passed_before]
    problems += [f"{p}: {message}" for p, message in eligibility.refusals(meeting, newly_passed)]
    if problems:
        raise ValidationError(problems)
    Proposal.objects.bulk_update(proposals, ["outcome", "outcome_reason"])
    # An outcome computed again differently (after the attendance or the award's rule changed) is a change.
    recomputed = [(p, audit.diff(outcomes[p.pk], audit.snapshot(p, _OUTCOME))) for p in proposals]
    audit.record_many(
        audit.entry(action=audit.Action.UPDATE, instance=p, changes=changes, by=by)
        for p, changes in recomputed
        if changes
    )
    for award_type in {p.award_type for p in proposals}:
        _check_quota(bloc_id=meeting.bloc_id, year=meeting.year, award_type=award_type)


@transaction.atomic
def ranking_record(
    *, meeting: Meeting, ranks: Mapping[int, int], by: User | None = None, expected_version: str | None = None
) -> list[Ranking]:
    """Replace the meeting's ranking: agency id → rank (1 = đơn vị nhất khối). Refused (code ``"stale"``)
    when the ranking changed since the page read ``expected_version``."""
    meeting = _editable_meeting(meeting, during_vote=True)
    before = ranking_state(meeting.rankings.select_related("agency"))
    ensure_unchanged(before, expected_version)
    meeting.rankings.all().delete()
    # Agencies of the meeting's province only: another province's id is no agency here (never named back).
    agencies = Agency.objects.filter(organizer__blocs=meeting.bloc_id).in_bulk(list(ranks))
    rows: list[Ranking] = []
    errors: list[str] = []
    for agency_id, rank in ranks.items():
        ranking = Ranking(meeting=meeting, agency=agencies.get(agency_id), rank=rank)
        if isinstance(rank, int) and rank < 1:
            # The field's validator alone would say "≥ 1" without naming the rank or the agency.
            errors.append(_("Thứ hạng của %(agency)s phải từ 1 trở lên.") % {"agency": ranking.agency or agency_id})
            continue
        try:
            validate(ranking, exclude=["meeting"], constraints=False)  # one rank per agency, checked ≥ 1 above
        except ValidationError as error:
            errors.extend(m for msgs in error.message_dict.values() for m in msgs)
            continue
        rows.append(ranking)
    if errors:
        raise ValidationError(errors)
    created = Ranking.objects.bulk_create(rows)
    audit.record(action=audit.Action.UPDATE, instance=meeting, changes=audit.diff(before, ranking_state(rows)), by=by)
    return created
