"""Admin for the notifications: shown, never written (they are made by the services and read by their user)."""

from __future__ import annotations

from django.contrib import admin

from members.admin_scoping import OrganizerScopedMixin, RecordReadOnlyMixin
from notices.models import Notification


@admin.register(Notification)
class NotificationAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    """A record: a notification added or changed here would leave its user's unread count wrong."""

    organizer_path = "user__organizer"
    list_display = ["created_at", "user", "kind", "message", "read_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "user__email"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-pk"]
    fields = ["created_at", "user", "kind", "message", "url", "read_at"]
    readonly_fields = fields
    select_related = ("user",)
    list_select_related = select_related
