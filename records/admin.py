"""Admin for the minutes versions and their signed copies: shown, never written."""

from __future__ import annotations

from django.contrib import admin

from members.admin_scoping import OrganizerScopedMixin, RecordReadOnlyMixin
from records.models import MinutesVersion, SignedCopy


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


@admin.register(SignedCopy)
class SignedCopyAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    """A record: a signed copy is kept by the checked upload (records/signed_copies.py), never edited."""

    organizer_path = "version__meeting__bloc__organizer"
    list_display = ["version", "uploaded_at", "uploaded_by", "size"]
    list_filter = ["version__document"]
    search_fields = ["version__meeting__search_text", "version__code", "sha256"]
    ordering = ["-uploaded_at"]
    # The file is served only by the permission-checked download view, never by a media URL.
    fields = ["version", "sha256", "size", "signers", "report", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    select_related = ("version__meeting", "uploaded_by")
    list_select_related = select_related
