"""Admin for award types, legal bases and organizers (provinces): reference data."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from awards.audit_states import AWARD_POLICY_FIELDS
from awards.models import AgencyHold, AwardPolicy, AwardType, LegalBasis, WomenShare
from members.admin import OrganizerServiceMixin
from members.admin_scoping import OrganizerScopedMixin, ServiceWriteMixin
from members.models import Organizer

from .services import (
    agency_hold_add,
    agency_hold_remove,
    agency_hold_update,
    award_policy_update,
    award_types_ensure_defaults,
    women_share_set,
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


@admin.register(Organizer)
class OrganizerAdmin(OrganizerServiceMixin, OrganizerScopedMixin, admin.ModelAdmin):
    """The merger and the board's names over time go through their services (``members.admin``)."""

    organizer_path = "pk"
    list_display = ["code", "name", "short_name", "place_name", "board_name", "merged_into", "merged_on"]
    list_select_related = ("merged_into",)
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


# The province's eligibility data (meetings.eligibility): written through the services, which keep its history.


@admin.register(AwardPolicy)
class AwardPolicyAdmin(ServiceWriteMixin, OrganizerScopedMixin, admin.ModelAdmin):
    list_display = ["organizer", "provincial_flag_mode", "government_flag_mode", "government_flag_share", "legal_basis"]
    ordering = ["organizer__code"]
    select_related = ("organizer",)
    list_select_related = select_related

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "organizer"] if obj is not None else fields  # one row per province, for good

    def write(self, request, obj, form, change):
        fields = {name: getattr(obj, name) for name in AWARD_POLICY_FIELDS}
        obj.pk = award_policy_update(organizer=obj.organizer, by=request.user, **fields).pk

    def has_delete_permission(self, request, obj=None):
        return False  # no service deletes it: the province changes its rules, never goes without them


@admin.register(AgencyHold)
class AgencyHoldAdmin(ServiceWriteMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "agency__organizer"
    list_display = ["agency", "year", "kind", "reason"]
    list_filter = ["year", "kind"]
    search_fields = ["agency__search_text", "agency__code", "reason"]
    autocomplete_fields = ["agency"]
    ordering = ["-year", "agency__sort_key", "kind"]
    select_related = ("agency",)
    list_select_related = select_related

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "agency", "year", "kind"] if obj is not None else fields  # only the reason is corrected

    def write(self, request, obj, form, change):
        if change:  # the service compares with the hold as stored
            stored = AgencyHold.objects.select_related("agency").get(pk=obj.pk)
            agency_hold_update(hold=stored, reason=obj.reason, by=request.user)
        else:
            obj.pk = agency_hold_add(
                agency=obj.agency, year=obj.year, kind=obj.kind, reason=obj.reason, by=request.user
            ).pk

    def delete_model(self, request, obj):
        agency_hold_remove(hold=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for hold in queryset.select_related("agency"):
            agency_hold_remove(hold=hold, by=request.user)


@admin.register(WomenShare)
class WomenShareAdmin(ServiceWriteMixin, OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "agency__organizer"
    list_display = ["agency", "year", "share"]
    list_filter = ["year"]
    search_fields = ["agency__search_text", "agency__code"]
    autocomplete_fields = ["agency"]
    ordering = ["-year", "agency__sort_key"]
    select_related = ("agency",)
    list_select_related = select_related

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "agency", "year"] if obj is not None else fields

    def write(self, request, obj, form, change):
        obj.pk = women_share_set(agency=obj.agency, year=obj.year, share=obj.share, by=request.user).pk

    def delete_model(self, request, obj):
        women_share_set(agency=obj.agency, year=obj.year, share=None, by=request.user)

    def delete_queryset(self, request, queryset):
        for row in queryset.select_related("agency"):
            women_share_set(agency=row.agency, year=row.year, share=None, by=request.user)
