"""Admin for meetings, the people at them and the attendance; finalized meetings are read-only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from awards.rules import Tally
from meetings.admin_locks import MeetingLockMixin
from meetings.models import Attendance, Ballot, Meeting, Participant, Proposal, Ranking
from meetings.voting import proposal_delete, proposal_record_votes, proposals_evaluate
from members.admin_scoping import OrganizerScopedMixin, ScopedInlineMixin, ServiceWriteMixin, ShownOnlyMixin

from .services import EDITABLE_FIELDS, meeting_update


def reevaluate_proposals(request: HttpRequest, meeting_id: int) -> None:
    """Who attended decides who may vote: every proposal of the meeting is recomputed (may refuse)."""
    meeting = Meeting.objects.select_related("bloc").get(pk=meeting_id)
    proposals_evaluate(meeting=meeting, by=request.user)


class _ReevaluatingInline(ScopedInlineMixin):
    def after_write(self, request: HttpRequest, meeting: Meeting) -> None:
        reevaluate_proposals(request, meeting.pk)


class ParticipantInline(ScopedInlineMixin, admin.TabularInline):
    model = Participant
    fields = ["position", "role", "name", "title", "agency", "organization"]
    autocomplete_fields = ["agency"]
    extra = 0
    ordering = ["role", "position", "id"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency")


class AttendanceInline(_ReevaluatingInline, admin.TabularInline):
    model = Attendance
    fields = ["agency", "present", "representative", "title"]
    autocomplete_fields = ["agency"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency")


class ProposalInline(_ReevaluatingInline, admin.TabularInline):
    model = Proposal
    fields = [
        "position", "nominee", "award_type", "votes_for", "votes_against", "votes_abstain", "outcome", "outcome_reason",
    ]  # fmt: skip
    readonly_fields = ["outcome", "outcome_reason"]
    autocomplete_fields = ["nominee"]
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("nominee", "award_type")


@admin.register(Meeting)
class MeetingAdmin(ServiceWriteMixin, MeetingLockMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "bloc__organizer"
    meeting_path = ""
    list_display = ["display_title", "bloc", "kind", "year", "held_on", "status"]
    list_filter = ["status", "kind", "year", "bloc"]
    search_fields = ["search_text", "minutes_number"]
    date_hierarchy = "held_on"
    ordering = ["-held_on", "bloc__sort_key"]
    autocomplete_fields = ["bloc", "host"]
    readonly_fields = ["status", "version"]
    select_related = ("bloc",)
    list_select_related = select_related
    inlines = [ParticipantInline, AttendanceInline, ProposalInline]

    @admin.display(description=_("tên hội nghị"), ordering="title")
    def display_title(self, meeting: Meeting) -> str:
        return meeting.display_title

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # Proposals copy the meeting's bloc; the services never move a meeting to another bloc.
            fields.append("bloc")
        return fields

    def write(self, request, obj, form, change):
        if not change:
            obj.save()
            return
        fields = {name: getattr(obj, name) for name in form.changed_data if name in EDITABLE_FIELDS}
        if fields:
            meeting_update(meeting=obj, by=request.user, **fields)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if any(formset.model in (Attendance, Proposal) and formset.has_changed() for formset in formsets):
            reevaluate_proposals(request, form.instance.pk)


@admin.register(Participant)
class ParticipantAdmin(MeetingLockMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "meeting__bloc__organizer"
    list_display = ["name", "role", "title", "agency", "organization", "meeting"]
    list_filter = ["role", "meeting__year", "meeting__bloc"]
    search_fields = ["name", "title", "organization", "meeting__search_text"]
    ordering = ["-meeting__held_on", "role", "position", "id"]
    autocomplete_fields = ["meeting", "agency"]
    select_related = ("meeting", "agency")
    list_select_related = select_related


@admin.register(Attendance)
class AttendanceAdmin(ServiceWriteMixin, MeetingLockMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "meeting__bloc__organizer"
    list_display = ["agency", "present", "representative", "title", "meeting"]
    list_filter = ["present", "meeting__year", "meeting__bloc"]
    search_fields = ["agency__search_text", "representative", "meeting__search_text"]
    ordering = ["-meeting__held_on", "agency__sort_key"]
    autocomplete_fields = ["meeting", "agency"]
    select_related = ("meeting", "agency")
    list_select_related = select_related
    # Each deletion recomputes the meeting's proposals and may be refused; one at a time.
    bulk_delete = False

    def write(self, request, obj, form, change):
        obj.save()
        reevaluate_proposals(request, obj.meeting_id)

    def erase(self, request, obj):
        meeting_id = obj.meeting_id
        obj.delete()
        reevaluate_proposals(request, meeting_id)


def entered_tally(proposal: Proposal) -> Tally | None:
    """The tally typed on the proposal (not one counted from its ballots)."""
    if proposal.votes_for is None:
        return None
    return Tally(proposal.votes_for, proposal.votes_against or 0, proposal.votes_abstain or 0)


def recount(request: HttpRequest, proposal_id: int) -> None:
    """Recompute a proposal after its ballots changed, keeping the tally entered on it."""
    proposal = Proposal.objects.select_related("meeting", "award_type").get(pk=proposal_id)
    proposal_record_votes(proposal=proposal, tally=entered_tally(proposal), by=request.user)


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
