"""Minutes versions: the official documents of a meeting, as numbered, rendered and served."""

from __future__ import annotations

import datetime
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting, minutes_file_name


def minutes_docx_name(instance, filename: str) -> str:
    """The Word file of a version, named like its PDF (``meetings.models.minutes_file_name``): random."""
    return f"minutes/{instance.uid.hex}.docx"


# Crockford's base32 without I, L, O, U: read aloud or typed from paper without confusion.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_verification_code() -> str:
    """The verification code printed on an issued document: 12 random characters (60 bits), ``K7QM-2XDP-9RTA``."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalize_code(text: str) -> str:
    """A code as someone typed it (lower case, spaces, O for 0, I or L for 1) in the printed form, or ""."""
    raw = "".join(text.upper().split()).replace("-", "").translate(str.maketrans("OIL", "011"))
    if len(raw) != 12 or any(c not in CODE_ALPHABET for c in raw):
        return ""
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class MinutesVersion(models.Model):
    """One version of a finalized meeting's minutes (or of the pledge signed there); never changes once ready.

    Finalizing makes version 1; reopening and finalizing again makes version 2, whose ``reason`` is the
    reopening reason. The PDF renders from ``snapshot`` alone (see records/).
    """

    class Document(models.TextChoices):
        MINUTES = "minutes", _("Biên bản")
        PLEDGE = "pledge", _("Bản giao ước thi đua")
        VOTE_COUNT = "vote_count", _("Biên bản kiểm phiếu")
        SCORES = "scores", _("Bảng tổng hợp kết quả chấm điểm, xếp hạng")
        LETTER = "letter", _("Tờ trình đề nghị khen thưởng")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ tạo tệp")
        RENDERING = "rendering", _("Đang tạo tệp")
        READY = "ready", _("Đã có tệp")
        FAILED = "failed", _("Tạo tệp bị lỗi")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="minutes_versions", verbose_name=_("hội nghị")
    )
    document = models.CharField(_("văn bản"), max_length=10, choices=Document.choices, default=Document.MINUTES)
    number = models.PositiveIntegerField(_("phiên bản"))
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(_("lỗi"), blank=True)
    minutes_number = models.CharField(_("số biên bản"), max_length=200, blank=True)
    reason = models.TextField(_("lý do có phiên bản này"), blank=True)
    reopen_reason = models.TextField(
        _("lý do mở lại"),
        blank=True,
        help_text=_("Ghi khi Ban Thi đua - Khen thưởng mở lại hội nghị sau phiên bản này."),
    )
    # Printed with a QR code in the footer of page 1; opens the public page /xac-minh/<code>/ (issue 18).
    code = models.CharField(_("mã xác minh"), max_length=14, unique=True, default=new_verification_code, editable=False)
    snapshot = models.JSONField(_("dữ liệu biên bản"), editable=False)
    content_hash = models.CharField(_("mã băm nội dung (sha256)"), max_length=64, editable=False)
    file = models.FileField(_("tệp PDF"), upload_to=minutes_file_name, blank=True, max_length=300)
    # Only versions rendered on 2026-12-05/06 stored one; the download renders the others' from the snapshot.
    docx = models.FileField(_("tệp Word"), upload_to=minutes_docx_name, blank=True, max_length=300)
    # SHA-256 of the stored PDF as issued (after the organization's signature, when the province signs), and of
    # the interchange document attached to it (bien-ban.json): how a copy is recognised (records/verification.py).
    file_sha256 = models.CharField(_("SHA-256 của tệp PDF"), max_length=64, blank=True, db_index=True, editable=False)
    record_sha256 = models.CharField(
        _("SHA-256 của dữ liệu đính kèm"), max_length=64, blank=True, db_index=True, editable=False
    )
    attempts = models.PositiveSmallIntegerField(_("số lần tạo tệp"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người chốt"),
    )
    created_at = models.DateTimeField(_("thời điểm chốt"), default=timezone.now)
    # When the status last changed: the sweep finds versions stuck in queued or rendering by it.
    status_changed_at = models.DateTimeField(default=timezone.now, editable=False)
    rendered_at = models.DateTimeField(_("thời điểm tạo tệp"), null=True, blank=True)

    class Meta:
        db_table = "meetings_minutesversion"  # moved from the meetings app: the table kept its name
        verbose_name = _("phiên bản biên bản")
        verbose_name_plural = _("phiên bản biên bản")
        ordering = ["meeting", "document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "document", "number"],
                name="minutes_version_unique_number",
                violation_error_message=_("Hội nghị đã có phiên bản này của văn bản."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="minutes_version_number_positive",
                violation_error_message=_("Số phiên bản bắt đầu từ 1."),
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | (Q(rendered_at__isnull=False) & ~Q(file="")),
                name="minutes_version_ready_has_file",
                violation_error_message=_("Phiên bản đã sẵn sàng phải có tệp và thời điểm tạo tệp."),
            ),
        ]
        indexes = [models.Index(fields=["status", "status_changed_at"], name="minutes_version_status")]

    def __str__(self) -> str:
        return f"{self.get_document_display()} — {self.meeting} — v{self.number}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RENDERING)


SIGNED_COPY_MAX_BYTES = 20 * 1024 * 1024


def signed_copy_name(instance, filename: str) -> str:
    """A signed copy is stored under a random name, like the version it copies."""
    return f"signed/{uuid.uuid4().hex}.pdf"


class SignedCopy(models.Model):
    """A copy of an issued version signed outside the application (a USB token, a remote-signing service) and
    checked on upload (records/signed_copies.py): the newest one is the version's official copy."""

    version = models.ForeignKey(
        MinutesVersion, on_delete=models.PROTECT, related_name="signed_copies", verbose_name=_("phiên bản")
    )
    file = models.FileField(_("tệp PDF"), upload_to=signed_copy_name, max_length=300)
    sha256 = models.CharField(_("SHA-256 của tệp"), max_length=64)
    size = models.PositiveIntegerField(_("dung lượng"))
    # [{"signer": "CN, O", "signed_at": ISO}] in the order of the file's signatures: what the pages show.
    signers = models.JSONField(_("người ký"), default=list)
    # records.verification.Report.as_json() of the upload: what was checked, kept with the copy.
    report = models.JSONField(_("kết quả kiểm tra"), default=dict)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), default=timezone.now)

    class Meta:
        verbose_name = _("bản có chữ ký số")
        verbose_name_plural = _("bản có chữ ký số")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["sha256"],
                name="signed_copy_unique_file",
                violation_error_message=_("Tệp này đã được tải lên."),
            ),
            models.CheckConstraint(
                condition=Q(size__gt=0) & Q(size__lte=SIGNED_COPY_MAX_BYTES),
                name="signed_copy_size",
                violation_error_message=_("Bản có chữ ký số phải có nội dung và không quá 20 MB."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} — {_('bản có chữ ký số')} {self.uploaded_at:%d/%m/%Y %H:%M}"

    def audit_owner(self) -> tuple[int, int, int]:
        meeting = self.version.meeting
        return meeting.bloc.organizer_id, meeting.bloc_id, meeting.pk

    @property
    def signer_rows(self) -> list[dict]:
        """The signers as the pages list them, each with the time it signed (None: not said)."""
        rows = []
        for item in self.signers:
            try:
                signed_at = datetime.datetime.fromisoformat(item.get("signed_at") or "")
            except ValueError:
                signed_at = None
            rows.append({"signer": item.get("signer", ""), "signed_at": signed_at})
        return rows
