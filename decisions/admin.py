"""Admin for decisions and the proposals they award: shown, never written.

Decisions are records: board staff keep them in the application, whose services write the audit trail
(``RecordReadOnlyMixin``).
"""

from __future__ import annotations

from django.contrib import admin

from decisions.models import Decision, DecisionAward
from members.admin_scoping import OrganizerScopedMixin, RecordReadOnlyMixin


class DecisionAwardInline(RecordReadOnlyMixin, admin.TabularInline):
    model = DecisionAward
    fields = ["proposal"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("proposal__nominee", "proposal__award_type")


@admin.register(Decision)
class DecisionAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    list_display = ["number", "signed_on", "issued_by", "organizer"]
    list_filter = ["organizer"]
    search_fields = ["number", "issued_by"]
    date_hierarchy = "signed_on"
    ordering = ["-signed_on", "number"]
    select_related = ("organizer",)
    list_select_related = select_related
    inlines = [DecisionAwardInline]


@admin.register(DecisionAward)
class DecisionAwardAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "decision__organizer"
    list_display = ["decision", "proposal"]
    list_filter = ["decision__signed_on"]
    search_fields = ["decision__number", "proposal__nominee__search_text"]
    ordering = ["-decision__signed_on", "decision__number"]
    select_related = ("decision", "proposal__nominee", "proposal__award_type")
    list_select_related = select_related
