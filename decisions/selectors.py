"""What the decision pages read: the proposals a decision may award."""

from __future__ import annotations

from django.db.models import QuerySet

from meetings.models import Meeting, Proposal


def awaiting_decision() -> QuerySet[Proposal]:
    """Passed proposals of finalized meetings that no decision awards yet (``DecisionAward.clean``'s rule)."""
    return Proposal.objects.filter(
        outcome=Proposal.Outcome.PASSED, meeting__status=Meeting.Status.FINALIZED, decision_award__isnull=True
    )
