"""Admin for meetings, the people at them, the attendance, proposals, ballots and rankings: shown, never written.

They are records: board staff keep them in the application, whose services write the audit trail, recompute
the proposals' outcomes and keep a finalized meeting as it was (``RecordReadOnlyMixin``).
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from meetings.models import Attendance, Ballot, Meeting, Participant, Proposal, Ranking, Voter, VotingSession
from members.admin_scoping import OrganizerScopedMixin, RecordReadOnlyMixin


class ParticipantInline(RecordReadOnlyMixin, admin.TabularInline):
    model = Participant
    fields = ["position", "role", "name", "title", "agency", "organization"]
    extra = 0
    ordering = ["role", "position", "id"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency")


class AttendanceInline(RecordReadOnlyMixin, admin.TabularInline):
    model = Attendance
    fields = ["agency", "present", "representative", "title"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency")


class ProposalInline(RecordReadOnlyMixin, admin.TabularInline):
    model = Proposal
    fields = [
        "position", "nominee", "award_type", "votes_for", "votes_against", "votes_abstain", "outcome", "outcome_reason",
    ]  # fmt: skip
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("nominee", "award_type")


@admin.register(Meeting)
class MeetingAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "bloc__organizer"
    list_display = ["display_title", "bloc", "kind", "year", "held_on", "status"]
    list_filter = ["status", "kind", "year", "bloc"]
    search_fields = ["search_text", "minutes_number"]
    date_hierarchy = "held_on"
    ordering = ["-held_on", "bloc__sort_key"]
    select_related = ("bloc",)
    list_select_related = select_related
    inlines = [ParticipantInline, AttendanceInline, ProposalInline]

    @admin.display(description=_("tên hội nghị"), ordering="title")
    def display_title(self, meeting: Meeting) -> str:
        return meeting.display_title


@admin.register(Participant)
class ParticipantAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "meeting__bloc__organizer"
    list_display = ["name", "role", "title", "agency", "organization", "meeting"]
    list_filter = ["role", "meeting__year", "meeting__bloc"]
    search_fields = ["name", "title", "organization", "meeting__search_text"]
    ordering = ["-meeting__held_on", "role", "position", "id"]
    select_related = ("meeting", "agency")
    list_select_related = select_related


@admin.register(Attendance)
class AttendanceAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "meeting__bloc__organizer"
    list_display = ["agency", "present", "representative", "title", "meeting"]
    list_filter = ["present", "meeting__year", "meeting__bloc"]
    search_fields = ["agency__search_text", "representative", "meeting__search_text"]
    ordering = ["-meeting__held_on", "agency__sort_key"]
    select_related = ("meeting", "agency")
    list_select_related = select_related


class BallotInline(RecordReadOnlyMixin, admin.TabularInline):
    model = Ballot
    fields = ["agency", "vote"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency")


@admin.register(Proposal)
class ProposalAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
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
    select_related = ("nominee", "award_type", "meeting", "bloc")
    list_select_related = select_related
    inlines = [BallotInline]


@admin.register(Ballot)
class BallotAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "proposal__bloc__organizer"
    list_display = ["agency", "vote", "proposal"]
    list_filter = ["vote", "proposal__year", "proposal__bloc"]
    search_fields = ["agency__search_text", "proposal__nominee__search_text"]
    ordering = ["-proposal__year", "proposal__position", "proposal_id", "agency__sort_key"]
    select_related = ("agency", "proposal__nominee", "proposal__award_type")
    list_select_related = select_related


@admin.register(Ranking)
class RankingAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "meeting__bloc__organizer"
    list_display = ["rank", "agency", "meeting"]
    list_filter = ["meeting__year", "meeting__bloc"]
    search_fields = ["agency__search_text", "meeting__search_text"]
    ordering = ["-meeting__held_on", "rank", "agency__sort_key"]
    select_related = ("meeting", "agency")
    list_select_related = select_related


class VoterInline(RecordReadOnlyMixin, admin.TabularInline):
    model = Voter
    fields = ["agency"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency")


@admin.register(VotingSession)
class VotingSessionAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    """Who voted online, never how: a secret ballot's choices are stored nowhere (``meetings.online``)."""

    organizer_path = "meeting__bloc__organizer"
    list_display = ["meeting", "mode", "opened_at", "closed_at", "eligible", "cast"]
    list_filter = ["mode", "meeting__year", "meeting__bloc"]
    search_fields = ["meeting__search_text"]
    ordering = ["-opened_at"]
    fields = ["meeting", "mode", "opened_at", "opened_by", "closed_at", "closed_by", "eligible", "cast"]
    select_related = ("meeting", "opened_by", "closed_by")
    list_select_related = select_related
    inlines = [VoterInline]


@admin.register(Voter)
class VoterAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "session__meeting__bloc__organizer"
    list_display = ["agency", "session"]
    list_filter = ["session__meeting__year", "session__meeting__bloc"]
    search_fields = ["agency__search_text", "session__meeting__search_text"]
    ordering = ["session", "agency__sort_key"]
    select_related = ("agency", "session__meeting")
    list_select_related = select_related
