"""The bloc's year-end award dossier (hồ sơ đề nghị khen thưởng): what the chair agency sends the board, each
sending kept as it was sent, and the province's deadline for a year."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blocs.models import YEAR_VALIDATORS, Bloc
from core import fields
from meetings.models import Meeting, Proposal
from members.models import Organizer
from records.models import MinutesVersion

REPORT_MAX_BYTES = 20 * 1024 * 1024


class Deadline(models.Model):
    """The date by which the blocs of a province send their dossiers for a year (Bắc Ninh 2025: 10 December)."""

    organizer = models.ForeignKey(
        Organizer, on_delete=models.CASCADE, related_name="dossier_deadlines", verbose_name=_("tỉnh")
    )
    year = models.PositiveSmallIntegerField(_("năm thi đua"), validators=YEAR_VALIDATORS)
    due_on = fields.DateField(_("hạn gửi hồ sơ"))

    class Meta:
        verbose_name = _("hạn gửi hồ sơ")
        verbose_name_plural = _("hạn gửi hồ sơ")
        ordering = ["organizer", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organizer", "year"],
                name="dossier_deadline_one_per_year",
                violation_error_message=_("Tỉnh đã đặt hạn gửi hồ sơ cho năm này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.due_on:%d/%m/%Y}"

    def audit_owner(self) -> tuple[int, None, None]:
        return self.organizer_id, None, None


class Dossier(models.Model):
    """A bloc's award dossier for a year: draft → sent → received, or returned (with a reason) → sent again →
    closed once the decisions are issued."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Đang chuẩn bị")
        SENT = "sent", _("Đã gửi")
        RETURNED = "returned", _("Bị trả lại")
        RECEIVED = "received", _("Đã tiếp nhận")
        CLOSED = "closed", _("Đã có quyết định")

    bloc = models.ForeignKey(Bloc, on_delete=models.CASCADE, related_name="dossiers", verbose_name=_("khối"))
    year = models.PositiveSmallIntegerField(_("năm thi đua"), validators=YEAR_VALIDATORS)
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.DRAFT)
    state_changed_at = models.DateTimeField(_("thời điểm đổi trạng thái"), default=timezone.now)
    # Optimistic concurrency: each change through a service bumps it.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("hồ sơ đề nghị khen thưởng")
        verbose_name_plural = _("hồ sơ đề nghị khen thưởng")
        ordering = ["bloc__organizer", "-year", "bloc__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year"],
                name="dossier_one_per_bloc_year",
                violation_error_message=_("Khối đã có hồ sơ đề nghị khen thưởng của năm này."),
            )
        ]

    def __str__(self) -> str:
        return _("Hồ sơ đề nghị khen thưởng năm %(year)s — %(bloc)s") % {"year": self.year, "bloc": self.bloc}

    def audit_owner(self) -> tuple[int, int, None]:
        return self.bloc.organizer_id, self.bloc_id, None

    @property
    def editable(self) -> bool:
        """The secretary changes the reports and sends while it is a draft or returned (not sent)."""
        return self.state in NOT_SENT

    def allows(self, step: str) -> bool:
        """Whether the board's ``step`` ("receive", "return", "close") may follow the dossier's state."""
        return self.state in BOARD_STEPS[step]


# The states in which the dossier is with the bloc, and those each of the board's steps follows.
NOT_SENT = (Dossier.State.DRAFT, Dossier.State.RETURNED)
BOARD_STEPS = {
    "receive": (Dossier.State.SENT,),
    "return": (Dossier.State.SENT, Dossier.State.RECEIVED),
    "close": (Dossier.State.RECEIVED,),
}


def submission_file_name(instance, filename: str) -> str:
    """Stored copies get a random name, like the minutes: nothing about the dossier can be guessed from it."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"dossiers/{uuid.uuid4().hex}.{extension}"


class Submission(models.Model):
    """One sending of a dossier, kept as sent: the board reads exactly these documents. The board's answer
    (received, or returned with a reason) is recorded on it."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("Chờ tiếp nhận")
        RECEIVED = "received", _("Đã tiếp nhận")
        RETURNED = "returned", _("Trả lại")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("hồ sơ"))
    number = models.PositiveSmallIntegerField(_("lần gửi"))
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="+", verbose_name=_("hội nghị tổng kết")
    )
    letter = models.ForeignKey(MinutesVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("tờ trình"))
    # The versions of the meeting's documents sent (minutes, vote count, score table), as they were then.
    documents = models.ManyToManyField(MinutesVersion, related_name="+", verbose_name=_("văn bản đã gửi"))
    sent_at = models.DateTimeField(_("thời điểm gửi"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người gửi"),
    )
    answer = models.CharField(_("kết quả tiếp nhận"), max_length=10, choices=Answer.choices, default=Answer.PENDING)
    answered_at = models.DateTimeField(_("thời điểm xử lý"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xử lý"),
    )
    reason = fields.TextField(_("lý do trả lại"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("lần gửi hồ sơ")
        verbose_name_plural = _("lần gửi hồ sơ")
        ordering = ["dossier", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "number"],
                name="submission_unique_number",
                violation_error_message=_("Hồ sơ đã có lần gửi này."),
            ),
            models.CheckConstraint(
                condition=~Q(answer="returned") | ~Q(reason=""),
                name="submission_returned_has_reason",
                violation_error_message=_("Trả lại hồ sơ phải ghi lý do."),
            ),
            models.CheckConstraint(
                condition=Q(answer="pending", answered_at__isnull=True)
                | Q(~Q(answer="pending"), answered_at__isnull=False),
                name="submission_answer_has_time",
                violation_error_message=_("Hồ sơ đã xử lý phải có thời điểm xử lý."),
            ),
        ]

    def __str__(self) -> str:
        return _("Lần gửi %(number)s — %(dossier)s") % {"number": self.number, "dossier": self.dossier}


class SubmittedReport(models.Model):
    """A nominee's achievement report as sent: a copy, so a report replaced later leaves the sent one intact."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="reports", verbose_name=_("lần gửi")
    )
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="+", verbose_name=_("đề nghị"))
    file = models.FileField(_("tệp"), upload_to=submission_file_name, max_length=300)
    name = fields.NameField(_("tên tệp"), max_length=300)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng"))
    sha256 = models.CharField(_("mã băm (sha256)"), max_length=64)

    class Meta:
        verbose_name = _("báo cáo thành tích đã gửi")
        verbose_name_plural = _("báo cáo thành tích đã gửi")
        ordering = ["submission", "proposal__position", "proposal_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "proposal"],
                name="submitted_report_one_per_proposal",
                violation_error_message=_("Lần gửi đã có báo cáo thành tích của đề nghị này."),
            )
        ]

    def __str__(self) -> str:
        return self.name


def report_file_name(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"reports/{uuid.uuid4().hex}.{extension}"


class AchievementReport(models.Model):
    """The achievement report (báo cáo thành tích) of a proposal's nominee: one per proposal, PDF or Word,
    uploaded by the nominee agency's user or the bloc's secretary; a new upload replaces it."""

    class Kind(models.TextChoices):
        PDF = "application/pdf", "PDF"
        DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (.docx)"

    proposal = models.OneToOneField(
        Proposal, on_delete=models.CASCADE, related_name="achievement_report", verbose_name=_("đề nghị")
    )
    file = models.FileField(_("tệp"), upload_to=report_file_name, max_length=300)
    name = fields.NameField(_("tên tệp"), max_length=300)
    content_type = models.CharField(_("loại tệp"), max_length=100, choices=Kind.choices)
    size = models.PositiveIntegerField(_("dung lượng"))
    sha256 = models.CharField(_("mã băm (sha256)"), max_length=64)
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tải lên"),
    )

    class Meta:
        verbose_name = _("báo cáo thành tích")
        verbose_name_plural = _("báo cáo thành tích")
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0) & Q(size__lte=REPORT_MAX_BYTES),
                name="achievement_report_size",
                violation_error_message=_("Báo cáo thành tích phải có nội dung và không quá 20 MB."),
            ),
            models.CheckConstraint(
                condition=Q(
                    content_type__in=[
                        "application/pdf",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    ]
                ),
                name="achievement_report_type",
                violation_error_message=_("Báo cáo thành tích phải là tệp PDF hoặc Word (.docx)."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_owner(self) -> tuple[int, int, int]:
        meeting = self.proposal.meeting
        return meeting.bloc.organizer_id, meeting.bloc_id, meeting.pk


class Reminder(models.Model):
    """A deadline reminder sent for a bloc's year, so none is sent twice (14 and 3 days before)."""

    bloc = models.ForeignKey(Bloc, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    days_before = models.PositiveSmallIntegerField()
    due_on = fields.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bloc", "year", "days_before", "due_on"], name="dossier_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.bloc_id}/{self.year}: {self.days_before}"
