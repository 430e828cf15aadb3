"""Admin for users, the board's names over time and the audit trail; the pieces of the organizers' admin
(registered by ``awards.admin``, which gives a new province its award types); the admin site's Vietnamese titles."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from history.models import AuditEntry
from members.models import BoardName, Organizer, User
from members.services import board_names_set, organizer_merge, user_invite

from .admin_scoping import (
    AbsurdFiltersMixin,
    OrganizerScopedMixin,
    RecordReadOnlyMixin,
    ScopedInlineMixin,
    ServiceWriteMixin,
    rejected,
)

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
                "fields": (
                    "username",
                    "email",
                    "first_name",
                    "last_name",
                    "usable_password",
                    "password1",
                    "password2",
                    "organizer",
                    "agency",
                    "role",
                ),
                "description": _(
                    "Để người dùng tự đặt mật khẩu, chọn không dùng mật khẩu (“Password-based authentication”: "
                    "Disabled) và nhập email: khi lưu, thư mời có liên kết đặt mật khẩu được gửi đến email đó."
                ),
            },
        ),
    )
    actions = ["send_invitation"]
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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and not obj.has_usable_password() and obj.email:
            self._invite(request, obj)

    @admin.action(description=_("Gửi thư mời đặt mật khẩu"))
    def send_invitation(self, request, queryset):
        for user in queryset:
            self._invite(request, user)

    def _invite(self, request, user: User) -> None:
        try:
            user_invite(user=user, by=request.user)
        except ValidationError as error:
            self.message_user(request, f"{user.username}: {' '.join(error.messages)}", messages.WARNING)
        else:
            self.message_user(
                request, _("Đã gửi thư mời đặt mật khẩu đến %(email)s.") % {"email": user.email}, messages.SUCCESS
            )


@admin.register(AuditEntry)
class AuditEntryAdmin(RecordReadOnlyMixin, OrganizerScopedMixin, admin.ModelAdmin):
    """A record, read only for everyone: entries are written by the services with the change they record."""

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


# -- organizers: the merger and the board's names go through their services ---------------------------------


class BoardNamesFormSet(BaseInlineFormSet):
    """The board's names of an organizer, replaced as a whole by ``board_names_set`` (which refuses overlaps)."""

    def names(self) -> list[tuple]:
        return [
            (form.cleaned_data["name"], form.cleaned_data["valid_from"], form.cleaned_data.get("valid_until"))
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        refused = rejected(lambda: board_names_set(organizer=self.instance, names=self.names()))
        if refused:
            raise ValidationError(refused)


class BoardNameInline(ScopedInlineMixin, admin.TabularInline):
    model = BoardName
    formset = BoardNamesFormSet
    fields = ["name", "valid_from", "valid_until"]
    extra = 0
    ordering = ["valid_from"]


class OrganizerServiceMixin(ServiceWriteMixin):
    """For the organizers' admin: the merger into another province is written by ``organizer_merge`` (by
    superusers only: it opens the province's records to the other province's board), the board's names by
    ``board_names_set``."""

    inlines = [BoardNameInline]
    merge_fields = ("merged_into", "merged_on")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else [*fields, *self.merge_fields]

    def write(self, request, obj, form, change):
        into, on = obj.merged_into, obj.merged_on
        stored = (
            Organizer.objects.filter(pk=obj.pk).values_list("merged_into_id", "merged_on").first() if obj.pk else None
        )
        obj.merged_into_id, obj.merged_on = stored or (None, None)
        obj.save()
        if (obj.merged_into_id, obj.merged_on) != (into.pk if into else None, on):
            organizer_merge(organizer=obj, into=into, on=on, by=request.user)
        obj.merged_into, obj.merged_on = into, on

    def save_formset(self, request, form, formset, change):
        if formset.model is not BoardName:
            return super().save_formset(request, form, formset, change)
        board_names_set(organizer=form.instance, names=formset.names(), by=request.user)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []  # the change message's
        return None


@admin.register(BoardName)
class BoardNameAdmin(ServiceWriteMixin, OrganizerScopedMixin, admin.ModelAdmin):
    """One name at a time, written with the organizer's other names through ``board_names_set`` (which replaces
    them all: a row changed here comes back with a new id)."""

    list_display = ["name", "valid_from", "valid_until", "organizer"]
    list_filter = ["organizer"]
    search_fields = ["name"]
    ordering = ["organizer", "valid_from"]
    select_related = ("organizer",)
    list_select_related = select_related

    @staticmethod
    def _others(obj: BoardName) -> list[tuple]:
        rows = BoardName.objects.filter(organizer_id=obj.organizer_id).exclude(pk=obj.pk)
        return [(row.name, row.valid_from, row.valid_until) for row in rows]

    def write(self, request, obj, form, change):
        names = [*self._others(obj), (obj.name, obj.valid_from, obj.valid_until)]
        saved = board_names_set(organizer=obj.organizer, names=names, by=request.user)
        obj.pk = next(row.pk for row in saved if row.valid_from == obj.valid_from)

    def delete_model(self, request, obj):
        board_names_set(organizer=obj.organizer, names=self._others(obj), by=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        # By start day (unique per organizer): each write replaces the organizer's rows, and their ids.
        chosen: dict[Organizer, set] = {}
        for obj in queryset.select_related("organizer"):
            chosen.setdefault(obj.organizer, set()).add(obj.valid_from)
        for organizer, starts in chosen.items():
            kept = BoardName.objects.filter(organizer=organizer).exclude(valid_from__in=starts)
            names = [(row.name, row.valid_from, row.valid_until) for row in kept]
            board_names_set(organizer=organizer, names=names, by=request.user)
