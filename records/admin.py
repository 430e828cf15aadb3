"""Admin for the minutes versions: shown, never written."""

from __future__ import annotations

from django.contrib import admin

from members.admin_scoping import OrganizerScopedMixin, RecordReadOnlyMixin
from records.models import MinutesVersion


@admin.register(MinutesVersion)
class MinutesVersionAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    """A record: versions are made by finalizing a meeting and rendered by the worker, never edited."""

    organizer_path = "meeting__bloc__organizer"
    list_display = ["meeting", "document", "number", "status", "created_at", "rendered_at"]
    list_filter = ["document", "status", "meeting__bloc"]
    search_fields = ["meeting__search_text", "minutes_number"]
    ordering = ["-created_at"]
    # The file itself is served only by the permission-checked download view, never by a media URL.
    fields = [
        "meeting", "document", "number", "status", "error", "minutes_number", "reason", "reopen_reason",
        "content_hash", "attempts", "created_by", "created_at", "rendered_at",
    ]  # fmt: skip
    readonly_fields = fields
    select_related = ("meeting", "created_by")
    list_select_related = select_related
