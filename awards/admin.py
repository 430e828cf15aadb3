"""Admin for award types, legal bases, proposals and their votes, rankings and decisions.

A proposal's outcome is never typed in: every save of a proposal or a ballot goes through
``proposal_record_votes``, which recomputes it from the tally or the ballots and checks the quota.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from members.admin_scoping import (
    MeetingLockMixin,
    OrganizerScopedMixin,
    ScopedInlineMixin,
    ServiceWriteMixin,
    ShownOnlyMixin,
)

from .models import AwardType, Ballot, Decision, DecisionAward, LegalBasis, Proposal, Ranking
from .rules import Tally
from .services import proposal_delete, proposal_record_votes


def entered_tally(proposal: Proposal) -> Tally | None:
    """The tally typed on the proposal (not one counted from its ballots)."""
    if proposal.votes_for is None:
        return None
    return Tally(proposal.votes_for, proposal.votes_against or 0, proposal.votes_abstain or 0)


def recount(request: HttpRequest, proposal_id: int) -> None:
    """Recompute a proposal after its ballots changed, keeping the tally entered on it."""
    proposal = Proposal.objects.select_related("meeting", "award_type").get(pk=proposal_id)
    proposal_record_votes(proposal=proposal, tally=entered_tally(proposal), by=request.user)


@admin.register(AwardType)
class AwardTypeAdmin(OrganizerScopedMixin, admin.ModelAdmin):
    list_display = ["name", "code", "conferred_by", "quota_per_bloc", "vote_rule", "position", "organizer"]
    list_filter = ["organizer", "basis"]
    search_fields = ["code", "name"]
    ordering = ["organizer", "position", "code"]
    select_related = ("organizer",)
    list_select_related = select_related

    @admin.display(description=_("điều kiện đạt"))
    def vote_rule(self, award_type: AwardType) -> str:
        return award_type.rule_text


@admin.register(LegalBasis)
class LegalBasisAdmin(OrganizerScopedMixin, admin.ModelAdmin):
    # National laws and decrees (no organizer) are read by every province and changed by superusers.
    shared_when_unowned = True
    list_display = ["number", "title", "valid_from", "valid_to", "organizer"]
    list_filter = ["organizer"]
    search_fields = ["number", "title"]
    date_hierarchy = "valid_from"
    ordering = ["-valid_from", "number"]
    select_related = ("organizer",)
    list_select_related = select_related


class BallotInline(ShownOnlyMixin, ScopedInlineMixin, admin.TabularInline):
    """Shown only: ballots are entered one by one on their own page, each recomputing the outcome."""

    model = Ballot
    fields = ["agency", "vote"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency")


@admin.register(Proposal)
class ProposalAdmin(ServiceWriteMixin, MeetingLockMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "bloc__organizer"
    list_display = [
        "nominee", "award_type", "meeting", "year", "votes_for", "votes_against", "votes_abstain", "outcome",
    ]  # fmt: skip
    list_filter = ["outcome", "year", "award_type", "bloc"]
    search_fields = ["nominee__search_text", "award_type__name", "meeting__search_text"]
    ordering = ["-year", "bloc__sort_key", "position", "id"]
    fields = [
        "meeting", "bloc", "year", "position", "nominee", "award_type",
        "votes_for", "votes_against", "votes_abstain", "outcome", "outcome_reason",
    ]  # fmt: skip
    readonly_fields = ["bloc", "year", "outcome", "outcome_reason"]
    autocomplete_fields = ["meeting", "nominee"]
    select_related = ("nominee", "award_type", "meeting", "bloc")
    list_select_related = select_related
    inlines = [BallotInline]

    def write(self, request, obj, form, change):
        obj.save()  # bloc and year follow the meeting; a new proposal needs its id before the votes
        proposal_record_votes(proposal=obj, tally=entered_tally(obj), by=request.user)

    def erase(self, request, obj):
        proposal_delete(proposal=obj, by=request.user)


@admin.register(Ballot)
class BallotAdmin(ServiceWriteMixin, MeetingLockMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "proposal__bloc__organizer"
    meeting_path = "proposal__meeting"
    list_display = ["agency", "vote", "proposal"]
    list_filter = ["vote", "proposal__year", "proposal__bloc"]
    search_fields = ["agency__search_text", "proposal__nominee__search_text"]
    ordering = ["-proposal__year", "proposal__position", "proposal_id", "agency__sort_key"]
    autocomplete_fields = ["proposal", "agency"]
    select_related = ("agency", "proposal__nominee", "proposal__award_type")
    list_select_related = select_related
    # Each deletion recomputes its proposal and may be refused; one at a time.
    bulk_delete = False

    def write(self, request, obj, form, change):
        obj.save()
        recount(request, obj.proposal_id)

    def erase(self, request, obj):
        proposal_id = obj.proposal_id
        obj.delete()
        recount(request, proposal_id)


@admin.register(Ranking)
class RankingAdmin(MeetingLockMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "meeting__bloc__organizer"
    list_display = ["rank", "agency", "meeting"]
    list_filter = ["meeting__year", "meeting__bloc"]
    search_fields = ["agency__search_text", "meeting__search_text"]
    ordering = ["-meeting__held_on", "rank", "agency__sort_key"]
    autocomplete_fields = ["meeting", "agency"]
    select_related = ("meeting", "agency")
    list_select_related = select_related


class DecisionAwardInline(ScopedInlineMixin, admin.TabularInline):
    model = DecisionAward
    fields = ["proposal"]
    autocomplete_fields = ["proposal"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("proposal__nominee", "proposal__award_type")


@admin.register(Decision)
class DecisionAdmin(OrganizerScopedMixin, admin.ModelAdmin):
    list_display = ["number", "signed_on", "issued_by", "organizer"]
    list_filter = ["organizer"]
    search_fields = ["number", "issued_by"]
    date_hierarchy = "signed_on"
    ordering = ["-signed_on", "number"]
    select_related = ("organizer",)
    list_select_related = select_related
    inlines = [DecisionAwardInline]


@admin.register(DecisionAward)
class DecisionAwardAdmin(OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "decision__organizer"
    list_display = ["decision", "proposal"]
    list_filter = ["decision__signed_on"]
    search_fields = ["decision__number", "proposal__nominee__search_text"]
    ordering = ["-decision__signed_on", "decision__number"]
    autocomplete_fields = ["decision", "proposal"]
    select_related = ("decision", "proposal__nominee", "proposal__award_type")
    list_select_related = select_related
