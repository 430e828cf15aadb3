"""Admin for blocs, their members and leaders, secretaries and agencies: reference data."""

from __future__ import annotations

from django.contrib import admin

from blocs.models import Bloc, Leadership, Membership, SecretaryAssignment
from blocs.services import agency_succeed, bloc_successor_set
from members.admin_scoping import OrganizerScopedMixin, ScopedInlineMixin, ServiceWriteMixin
from members.models import Agency


class MembershipInline(ScopedInlineMixin, admin.TabularInline):
    model = Membership
    fields = ["agency", "from_year", "to_year"]
    autocomplete_fields = ["agency"]
    extra = 0
    ordering = ["agency__sort_key", "from_year"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency")


class LeadershipInline(ScopedInlineMixin, admin.TabularInline):
    model = Leadership
    fields = ["year", "chair", "vice_chair", "elected_at"]
    autocomplete_fields = ["chair", "vice_chair", "elected_at"]
    extra = 0
    ordering = ["-year"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("chair", "vice_chair", "elected_at")


@admin.register(Bloc)
class BlocAdmin(ServiceWriteMixin, OrganizerScopedMixin, admin.ModelAdmin):
    """A successor bloc goes through ``bloc_successor_set``, which refuses it while members remain."""

    list_display = ["name", "code", "kind", "organizer", "successor", "successor_from_year"]
    list_filter = ["kind", "organizer"]
    search_fields = ["search_text", "code"]
    ordering = ["sort_key", "code"]
    select_related = ("organizer", "successor")
    list_select_related = select_related
    inlines = [MembershipInline, LeadershipInline]

    def write(self, request, obj, form, change):
        if not {"successor", "successor_from_year"} & set(form.changed_data):
            obj.save()
            return
        successor, from_year = obj.successor, obj.successor_from_year
        stored = Bloc.objects.filter(pk=obj.pk).values_list("successor_id", "successor_from_year").first()
        obj.successor_id, obj.successor_from_year = stored or (None, None)
        obj.save()
        bloc_successor_set(bloc=obj, successor=successor, from_year=from_year, by=request.user)
        obj.successor, obj.successor_from_year = successor, from_year


@admin.register(Membership)
class MembershipAdmin(OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "bloc__organizer"
    list_display = ["agency", "bloc", "from_year", "to_year"]
    list_filter = ["bloc", "from_year"]
    search_fields = ["agency__search_text", "bloc__search_text"]
    ordering = ["bloc__sort_key", "agency__sort_key", "from_year"]
    autocomplete_fields = ["bloc", "agency"]
    select_related = ("bloc", "agency")
    list_select_related = select_related


@admin.register(Leadership)
class LeadershipAdmin(OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "bloc__organizer"
    list_display = ["bloc", "year", "chair", "vice_chair", "elected_at"]
    list_filter = ["year", "bloc"]
    search_fields = ["bloc__search_text", "chair__search_text", "vice_chair__search_text"]
    ordering = ["bloc__sort_key", "-year"]
    autocomplete_fields = ["bloc", "chair", "vice_chair", "elected_at"]
    select_related = ("bloc", "chair", "vice_chair", "elected_at")
    list_select_related = select_related


@admin.register(SecretaryAssignment)
class SecretaryAssignmentAdmin(OrganizerScopedMixin, admin.ModelAdmin):
    organizer_path = "bloc__organizer"
    list_display = ["user", "bloc", "year"]
    list_filter = ["year", "bloc"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "bloc__search_text"]
    ordering = ["bloc__sort_key", "-year", "user__username"]
    autocomplete_fields = ["bloc", "user"]
    select_related = ("bloc", "user")
    list_select_related = select_related


class AgencyMembershipInline(ScopedInlineMixin, admin.TabularInline):
    model = Membership
    fk_name = "agency"
    fields = ["bloc", "from_year", "to_year"]
    autocomplete_fields = ["bloc"]
    extra = 0
    ordering = ["bloc__sort_key", "from_year"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("bloc")


@admin.register(Agency)
class AgencyAdmin(ServiceWriteMixin, OrganizerScopedMixin, admin.ModelAdmin):
    """Naming a successor goes through ``agency_succeed``, which moves the memberships to it."""

    list_display = ["name", "code", "short_name", "organizer", "successor", "until"]
    list_filter = ["organizer"]
    search_fields = ["search_text", "code"]
    ordering = ["sort_key", "code"]
    autocomplete_fields = ["successor"]
    select_related = ("organizer", "successor")
    list_select_related = select_related
    inlines = [AgencyMembershipInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.successor_id:
            # Succession moved the memberships to the successor: it is history, not a field to edit.
            fields += ["successor", "until"]
        return fields

    def write(self, request, obj, form, change):
        if change and "successor" in form.changed_data and obj.successor_id:
            successor, last_day = obj.successor, obj.until
            obj.successor, obj.until = None, None
            obj.save()
            agency_succeed(agency=obj, successor=successor, last_day=last_day, by=request.user)
            obj.successor, obj.until = successor, last_day
        else:
            obj.save()
