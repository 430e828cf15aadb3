"""Notifications: something that happened which a user should know of, shown in the menu's bell until read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One user's notice of an event (assigned as secretary, minutes ready, …), with the page to open.

    The sentence is the kind's (``MESSAGES``) filled with the names in ``params`` when shown, so it reads in
    the language of whoever reads it; the names themselves are stored as they were at the time.
    """

    class Kind(models.TextChoices):
        SECRETARY_ASSIGNED = "secretary_assigned", _("Được phân công làm thư ký khối")
        MINUTES_READY = "minutes_ready", _("Biên bản đã có tệp")
        MEETING_REOPENED = "meeting_reopened", _("Hội nghị được mở lại")
        DECISION_ISSUED = "decision_issued", _("Có quyết định khen thưởng")
        DOSSIER_SENT = "dossier_sent", _("Khối gửi hồ sơ đề nghị khen thưởng")
        DOSSIER_RETURNED = "dossier_returned", _("Hồ sơ đề nghị khen thưởng bị trả lại")
        DOSSIER_RECEIVED = "dossier_received", _("Hồ sơ đề nghị khen thưởng đã được tiếp nhận")
        DOSSIER_REMINDER = "dossier_reminder", _("Nhắc hạn gửi hồ sơ đề nghị khen thưởng")
        SCORING_OPENED = "scoring_opened", _("Mở tự chấm điểm thi đua")
        VOTING_OPENED = "voting_opened", _("Mở biểu quyết trực tuyến")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("người nhận")
    )
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices)
    params = models.JSONField(_("các tên trong câu thông báo"), default=dict, editable=False)
    url = models.CharField(_("trang cần mở"), max_length=500)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The user's list, newest first; and their unread ones (marking all read).
            models.Index(fields=["user", "-created_at"], name="notification_user_newest"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_user_unread"),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        return message_of(self.kind, self.params)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


MESSAGES = {
    Notification.Kind.SECRETARY_ASSIGNED: _("Bạn được phân công làm thư ký %(bloc)s năm %(year)s."),
    Notification.Kind.MINUTES_READY: _("Biên bản %(meeting)s của %(bloc)s (năm %(year)s) đã có tệp để tải về."),
    Notification.Kind.MEETING_REOPENED: _(
        "Ban Thi đua - Khen thưởng đã mở lại %(meeting)s của %(bloc)s (năm %(year)s) để sửa. Lý do: %(reason)s"
    ),
    Notification.Kind.DECISION_ISSUED: _("Quyết định khen thưởng số %(number)s ngày %(date)s: %(awards)s."),
    Notification.Kind.DOSSIER_SENT: _("%(bloc)s đã gửi hồ sơ đề nghị khen thưởng năm %(year)s (lần gửi %(number)s)."),
    Notification.Kind.DOSSIER_RETURNED: _(
        "Ban Thi đua - Khen thưởng đã trả lại hồ sơ đề nghị khen thưởng năm %(year)s của %(bloc)s. Lý do: %(reason)s"
    ),
    Notification.Kind.DOSSIER_RECEIVED: _(
        "Ban Thi đua - Khen thưởng đã tiếp nhận hồ sơ đề nghị khen thưởng năm %(year)s của %(bloc)s."
    ),
    Notification.Kind.DOSSIER_REMINDER: _(
        "Còn %(days)s ngày đến hạn gửi hồ sơ đề nghị khen thưởng năm %(year)s của %(bloc)s (hạn %(due)s)."
    ),
    Notification.Kind.SCORING_OPENED: _(
        "%(bloc)s mở tự chấm điểm thi đua năm %(year)s: đơn vị chấm điểm, kèm minh chứng, "
        "và gửi trước ngày %(deadline)s."
    ),
    Notification.Kind.VOTING_OPENED: _("%(meeting)s của %(bloc)s đang biểu quyết trực tuyến: mời đơn vị bỏ phiếu."),
}
# One award of a decision (``params["awards"]`` of DECISION_ISSUED is a list of these names).
AWARD = _("%(award)s cho %(agency)s (%(bloc)s, năm %(year)s)")


def message_of(kind: str, params: dict) -> str:
    """The sentence of a notification of ``kind`` with ``params``, in the active language."""
    values = dict(params)
    if kind == Notification.Kind.DECISION_ISSUED:
        values["awards"] = "; ".join(str(AWARD) % award for award in params.get("awards", []))
    try:
        return str(MESSAGES[kind]) % values
    except (KeyError, TypeError, ValueError):
        # A sentence changed since the row was stored (a name it no longer has): the kind still says what.
        return str(Notification.Kind(kind).label) if kind in Notification.Kind.values else ""
