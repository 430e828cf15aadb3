"""Admin for award types, legal bases and organizers (provinces): reference data."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from awards.models import AwardType, LegalBasis
from members.admin_scoping import OrganizerScopedMixin
from members.models import Organizer

from .services import award_types_ensure_defaults


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


@admin.register(Organizer)
class OrganizerAdmin(OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "pk"
    list_display = ["code", "name", "short_name", "place_name", "board_name"]
    search_fields = ["code", "name", "short_name", "place_name"]
    ordering = ["code"]

    # Provinces are set up by whoever administers the installation; board staff only correct their own.
    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else [*fields, "code"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            award_types_ensure_defaults(organizer=obj)
