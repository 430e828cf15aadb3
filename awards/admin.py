"""Admin for award types, legal bases, proposals and their votes, rankings and decisions.

A proposal's outcome is never typed in: every save of a proposal or a ballot goes through
``proposal_record_votes``, which recomputes it from the tally or the ballots and checks the quota.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from awards.models import AwardType, LegalBasis
from members.admin_scoping import (
    OrganizerScopedMixin,
)


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


