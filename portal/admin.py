"""Admin of the public results' settings: shown, never written (the board's page ``public_settings`` and its
service, ``portal.publication.public_results_set``, change them and keep their history)."""

from __future__ import annotations

from django.contrib import admin

from members.admin_scoping import OrganizerScopedMixin, RecordReadOnlyMixin
from portal.models import PublicResults


@admin.register(PublicResults)
class PublicResultsAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "organizer"
    list_display = ["organizer", "year", "published", "minutes_published", "updated_at"]
    list_filter = ["year", "published"]
    fields = ["organizer", "year", "published", "minutes_published", "updated_by", "updated_at"]
    list_select_related = ["organizer"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields
