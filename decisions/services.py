"""Changes to award decisions, and to the award types' rules (which re-evaluate the draft meetings' proposals
and must keep every awarded proposal passing)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from awards.audit_states import AWARD_TYPE_FIELDS
from awards.models import AgencyHold, AwardType
from awards.services import policy_of
from blocs.access import secretaries_of
from core.locks import for_update
from core.validation import atomic_retried, validate
from decisions import signals
from decisions.audit_states import DECISION_FIELDS, decision_awards_state
from decisions.models import Decision, DecisionAward
from history import audit
from meetings import eligibility
from meetings.models import Meeting, Proposal
from meetings.voting import proposals_evaluate
from members.models import Organizer, User
from notices.models import Notification
from notices.services import notify_each


@atomic_retried
def decision_create(
    *,
    organizer: Organizer,
    number: str,
    signed_on: datetime.date,
    issued_by: str = "",
    proposals: Iterable[Proposal] = (),
    by: User | None = None,
) -> Decision:
    """Record an award decision and the passed proposals it awards."""
    decision = Decision(organizer=organizer, number=number, signed_on=signed_on, issued_by=issued_by)
    validate(decision)
    decision.save()
    changes = audit.diff({}, audit.snapshot(decision, DECISION_FIELDS))
    audit.record(action=audit.Action.CREATE, instance=decision, changes=changes, by=by)
    decision_award(decision=decision, proposals=proposals, by=by)
    return decision


@transaction.atomic
def decision_award(*, decision: Decision, proposals: Iterable[Proposal], by: User | None = None) -> None:
    """Add passed proposals to a decision; each proposal is awarded by one decision only.

    Every refused proposal is reported at once, named, under ``proposal``.
    """
    errors: list[str] = []
    awarded: list[Proposal] = []
    proposals = list(proposals)
    held = _holds_of(proposals)
    basis = policy_of(decision.organizer_id).legal_basis if held else ""
    for proposal in proposals:
        # Decide on the stored outcome: a copy read before a re-vote may still say "passed".
        # The meeting and bloc come along: the award's rule reads them (a query per proposal otherwise).
        proposal = for_update(
            Proposal.objects.select_related("nominee", "award_type", "meeting", "bloc"), of=("self",)
        ).get(pk=proposal.pk)
        if holds := held.get((proposal.nominee_id, proposal.year)):
            # A hold entered after the vote (a discipline case, an inspection…) still stops the award.
            errors += [eligibility.hold_message(hold, basis) for hold in holds]
            continue
        award = DecisionAward(decision=decision, proposal=proposal)
        try:
            validate(award)
        except ValidationError as error:
            errors += [
                _("%(award)s cho %(agency)s năm %(year)s: %(message)s")
                % {"award": proposal.award_type, "agency": proposal.nominee, "year": proposal.year, "message": m}
                for m in error.messages
            ]
            continue
        award.save()
        awarded.append(proposal)
    if errors:
        raise ValidationError({"proposal": errors})
    changes = audit.diff({}, decision_awards_state(awarded))
    audit.record(action=audit.Action.UPDATE, instance=decision, changes=changes, by=by)
    _notify_awarded(decision, awarded, by=by)
    if awarded:
        signals.proposals_awarded.send(sender=Decision, proposal_ids=[p.pk for p in awarded], by=by)


def _holds_of(proposals: list[Proposal]) -> dict[tuple[int, int], list[AgencyHold]]:
    """The holds (awards.models.AgencyHold) on the proposals' nominees in the proposals' years: one query."""
    if not proposals:
        return {}
    pairs = Q()
    for proposal in proposals:
        pairs |= Q(agency_id=proposal.nominee_id, year=proposal.year)
    found: dict[tuple[int, int], list[AgencyHold]] = {}
    for hold in AgencyHold.objects.filter(pairs).select_related("agency").order_by("kind"):
        found.setdefault((hold.agency_id, hold.year), []).append(hold)
    return found


def _notify_awarded(decision: Decision, proposals: list[Proposal], *, by: User | None) -> None:
    """Tell the users of the awarded agencies and the secretaries of the blocs' years of the awards that concern
    them, each with the bloc page of the first. A fixed number of queries, whatever the number of awards."""
    if not proposals:
        return
    secretaries = secretaries_of((p.bloc_id, p.year) for p in proposals)
    staff: dict[int, list[User]] = {}
    for user in User.objects.filter(agency_id__in={p.nominee_id for p in proposals}, is_active=True).order_by("pk"):
        staff.setdefault(user.agency_id, []).append(user)
    concerned: dict[int, tuple[User, list[Proposal]]] = {}
    for proposal in proposals:
        for user in [*staff.get(proposal.nominee_id, []), *secretaries[proposal.bloc_id, proposal.year]]:
            theirs = concerned.setdefault(user.pk, (user, []))[1]
            if proposal not in theirs:
                theirs.append(proposal)
    params = {"number": decision.number, "date": f"{decision.signed_on:%d/%m/%Y}"}
    rows = [
        (
            user,
            params | {"awards": [
                {"award": p.award_type.name, "agency": p.nominee.name, "bloc": p.bloc.name, "year": p.year}
                for p in theirs
            ]},
            f"{reverse('blocs:detail', kwargs={'pk': theirs[0].bloc_id})}?year={theirs[0].year}",
        )
        for user, theirs in concerned.values()
    ]  # fmt: skip
    notify_each(kind=Notification.Kind.DECISION_ISSUED, rows=rows, by=by)


@atomic_retried
def decision_update(
    *,
    decision: Decision,
    number: str,
    signed_on: datetime.date,
    issued_by: str = "",
    add: Iterable[Proposal] = (),
    by: User | None = None,
) -> Decision:
    """Correct a decision's number, date or issuer, and add passed proposals it awards."""
    decision = for_update(Decision.objects).get(pk=decision.pk)
    before = audit.snapshot(decision, DECISION_FIELDS)
    decision.number, decision.signed_on, decision.issued_by = number, signed_on, issued_by
    validate(decision)
    decision.save(update_fields=["number", "signed_on", "issued_by"])
    changes = audit.diff(before, audit.snapshot(decision, DECISION_FIELDS))
    audit.record(action=audit.Action.UPDATE, instance=decision, changes=changes, by=by)
    decision_award(decision=decision, proposals=add, by=by)
    return decision


@transaction.atomic
def decision_remove_award(*, award: DecisionAward, by: User | None = None) -> None:
    """Take a proposal off a decision (entered by mistake); the proposal may then be awarded again."""
    changes = audit.diff(decision_awards_state([award.proposal]), {})
    audit.record(action=audit.Action.UPDATE, instance=award.decision, changes=changes, by=by)
    award.delete()


@transaction.atomic
def award_type_update(
    *,
    award_type: AwardType,
    name: str,
    conferred_by: str,
    quota_per_bloc: int | None,
    basis: str,
    ratio: float,
    strict: bool,
    flag: str | None = None,
    by: User | None = None,
) -> AwardType:
    """Change an award type's name, vote rule, quota or flag and recompute the proposals of draft meetings.

    Finalized meetings keep the outcome they recorded: they are official records. The change is refused
    when a recomputed bloc would exceed the quota, or an awarded proposal would no longer pass.
    """
    award_type = for_update(AwardType.objects).get(pk=award_type.pk)
    before = audit.snapshot(award_type, AWARD_TYPE_FIELDS)
    fields = {"name": name, "conferred_by": conferred_by, "quota_per_bloc": quota_per_bloc, "basis": basis,
              "ratio": ratio, "strict": strict}  # fmt: skip
    if flag is not None:  # None keeps it (the importer's award types say nothing of flags)
        fields["flag"] = flag
    for field, value in fields.items():
        setattr(award_type, field, value)
    validate(award_type)
    award_type.save(update_fields=list(fields))
    changes = audit.diff(before, audit.snapshot(award_type, AWARD_TYPE_FIELDS))
    audit.record(action=audit.Action.UPDATE, instance=award_type, changes=changes, by=by)
    drafts = list(
        for_update(Meeting.objects)
        .filter(status=Meeting.Status.DRAFT, pk__in=Proposal.objects.filter(award_type=award_type).values("meeting_id"))
        .order_by("pk")
    )
    for meeting in drafts:
        proposals_evaluate(meeting=meeting, by=by)
    no_longer_passed = (
        DecisionAward.objects.filter(proposal__meeting__in=drafts)
        .exclude(proposal__outcome=Proposal.Outcome.PASSED)
        .select_related("decision", "proposal__nominee", "proposal__award_type")
    )
    if errors := [
        _("%(proposal)s đã được khen thưởng theo quyết định số %(number)s nên kết quả phải giữ là Đạt.")
        % {"proposal": a.proposal, "number": a.decision.number}
        for a in no_longer_passed
    ]:
        raise ValidationError(errors)
    return award_type
