"""Admin for the dossiers: shown, never written (the dossier pages and their services change them)."""

from __future__ import annotations

from django.contrib import admin

from dossiers.models import AchievementReport, Deadline, Dossier, Reminder, Submission, SubmittedReport
from members.admin_scoping import OrganizerScopedMixin, RecordReadOnlyMixin


class _ReadOnly(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    """A record of the dossier's workflow: made by sending, answering, uploading, never edited here. Stored files
    are served only by the permission-checked download views, never by a media URL: no file field is shown."""

    def get_readonly_fields(self, request, obj=None):
        return self.fields


@admin.register(Deadline)
class DeadlineAdmin(_ReadOnly):
    organizer_path = "organizer"
    list_display = ["organizer", "year", "due_on"]
    fields = ["organizer", "year", "due_on"]
    list_select_related = ["organizer"]


@admin.register(Dossier)
class DossierAdmin(_ReadOnly):
    organizer_path = "bloc__organizer"
    list_display = ["bloc", "year", "state", "state_changed_at"]
    list_filter = ["state", "year"]
    fields = ["bloc", "year", "state", "state_changed_at"]
    list_select_related = ["bloc"]


@admin.register(Submission)
class SubmissionAdmin(_ReadOnly):
    organizer_path = "dossier__bloc__organizer"
    list_display = ["dossier", "number", "sent_at", "answer", "answered_at"]
    fields = ["dossier", "number", "meeting", "letter", "sent_at", "sent_by", "answer", "answered_at", "answered_by",
              "reason"]  # fmt: skip
    list_select_related = ["dossier__bloc"]


@admin.register(SubmittedReport)
class SubmittedReportAdmin(_ReadOnly):
    organizer_path = "submission__dossier__bloc__organizer"
    list_display = ["name", "proposal", "submission", "size"]
    fields = ["submission", "proposal", "name", "content_type", "size", "sha256"]
    list_select_related = ["submission__dossier__bloc", "proposal__nominee", "proposal__award_type"]


@admin.register(AchievementReport)
class AchievementReportAdmin(_ReadOnly):
    organizer_path = "proposal__bloc__organizer"
    list_display = ["name", "proposal", "size", "uploaded_at"]
    fields = ["proposal", "name", "content_type", "size", "sha256", "uploaded_at", "uploaded_by"]
    list_select_related = ["proposal__nominee", "proposal__award_type"]


@admin.register(Reminder)
class ReminderAdmin(_ReadOnly):
    organizer_path = "bloc__organizer"
    list_display = ["bloc", "year", "days_before", "due_on", "sent_at"]
    fields = ["bloc", "year", "days_before", "due_on", "sent_at"]
    list_select_related = ["bloc"]
