"""Admin for organizers, agencies and users; the admin site's Vietnamese titles."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from blocs.models import Membership
from history.models import AuditEntry
from members.models import Agency, Organizer, User

from .admin_scoping import (
    AbsurdFiltersMixin,
    OrganizerScopedMixin,
    ScopedInlineMixin,
    ServiceWriteMixin,
    ShownOnlyMixin,
)
from .services import agency_succeed

admin.site.site_header = _("Quản trị hệ thống thi đua khối")
admin.site.site_title = _("Hệ thống thi đua khối")
admin.site.index_title = _("Quản trị dữ liệu thi đua")


def _answer_absurd_filters(site: admin.AdminSite) -> None:
    """The admins of the apps listed before ours (auth's groups, django-axes' login attempts, which have a date
    hierarchy) get the same answer to absurd filter values as ours; ours have it through OrganizerScopedMixin."""
    for model, model_admin in list(site._registry.items()):
        if not isinstance(model_admin, AbsurdFiltersMixin):
            admin_class = type(model_admin)
            site.unregister(model)
            site.register(model, type(admin_class.__name__, (AbsurdFiltersMixin, admin_class), {}))


_answer_absurd_filters(admin.site)


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
        from awards.services import award_types_ensure_defaults

        super().save_model(request, obj, form, change)
        if not change:
            award_types_ensure_defaults(organizer=obj)


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


@admin.register(User)
class UserAdmin(OrganizerScopedMixin, DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Tỉnh, cơ quan và vai trò"), {"fields": ("organizer", "agency", "role")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2", "organizer", "agency", "role"),
            },
        ),
    )
    list_display = ["username", "first_name", "last_name", "organizer", "agency", "role", "is_staff", "is_active"]
    list_filter = ["role", "is_staff", "is_superuser", "is_active", "organizer"]
    search_fields = ["username", "first_name", "last_name", "email", "agency__search_text"]
    ordering = ["username"]
    autocomplete_fields = ["agency"]
    select_related = ("organizer", "agency")
    list_select_related = select_related

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Board staff manage their province's accounts but never hand out rights they do not hold.
            fields += ["is_superuser", "groups", "user_permissions"]
        return fields


@admin.register(AuditEntry)
class AuditEntryAdmin(ShownOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    """Read only, for everyone: entries are written by the services with the change they record."""

    list_display = ["created_at", "actor_name", "action", "source", "content_type", "object_repr"]
    list_filter = ["action", "source", "content_type"]
    search_fields = ["object_repr", "actor_name", "reason"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-pk"]
    fields = [
        "created_at", "organizer", "actor_name", "actor", "source", "action", "content_type", "object_id",
        "object_repr", "bloc_id", "meeting_id", "changes", "reason",
    ]  # fmt: skip
    readonly_fields = fields
    select_related = ("organizer", "content_type")
    list_select_related = select_related
