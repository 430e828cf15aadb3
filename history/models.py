"""The audit trail's entries: one per change to a record people answer for (``history.audit`` writes them)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditTrailError(Exception):
    """Raised on any attempt to change or delete a recorded audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    """Entries are only ever added: the queryset refuses to change or delete them in bulk too."""

    def update(self, **kwargs):
        raise AuditTrailError("audit entries cannot be changed")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditTrailError("audit entries cannot be changed")

    def delete(self):
        raise AuditTrailError("audit entries cannot be deleted")


class AuditEntry(models.Model):
    """One change to a record people answer for: who made it, when, how, and each value from what to what.

    Written by the services (``history.audit``) in the transaction of the change; never changed or deleted.
    The bloc and meeting are plain ids, not foreign keys: the history of a record outlives the record.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Tạo mới")
        UPDATE = "update", _("Thay đổi")
        DELETE = "delete", _("Xoá")

    class Source(models.TextChoices):
        WEB = "web", _("Trang web")
        IMPORT = "import", _("Nhập dữ liệu")
        ADMIN = "admin", _("Trang quản trị")
        SYSTEM = "system", _("Hệ thống")

    organizer = models.ForeignKey(
        "members.Organizer", on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh")
    )
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True, editable=False)
    # No database constraint: deleting a user must neither fail nor rewrite the entries they made.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=300, blank=True)
    source = models.CharField(_("thực hiện qua"), max_length=10, choices=Source.choices, default=Source.SYSTEM)
    action = models.CharField(_("thao tác"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("loại hồ sơ")
    )
    object_id = models.PositiveBigIntegerField(_("mã hồ sơ"))
    object_repr = models.CharField(_("hồ sơ"), max_length=2000)
    bloc_id = models.PositiveBigIntegerField(_("khối"), null=True, blank=True, db_index=True)
    meeting_id = models.PositiveBigIntegerField(_("hội nghị"), null=True, blank=True, db_index=True)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    reason = models.TextField(_("lý do"), blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        db_table = "members_auditentry"  # moved from the members app: the table kept its name
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_entry_object")]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditTrailError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailError("audit entries cannot be deleted")
