"""Admin for organizers, agencies and users; the admin site's Vietnamese titles."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from history.models import AuditEntry
from members.models import User
from members.services import user_invite

from .admin_scoping import AbsurdFiltersMixin, OrganizerScopedMixin, RecordReadOnlyMixin

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
