"""The yearly pledge (giao ước thi đua) of a bloc: criteria with a points scale, signatures, and scores."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blocs.models import YEAR_VALIDATORS, Bloc, not_a_member
from core import fields
from core.numbers import number_text
from core.text import nfc
from core.validation import related
from members.models import Agency


class Pledge(models.Model):
    """The yearly pledge (giao ước thi đua) of a bloc: criteria with a points scale, and signatures."""

    bloc = models.ForeignKey(Bloc, on_delete=models.CASCADE, related_name="pledges", verbose_name=_("khối"))
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    signed_on = fields.DateField(_("ngày ký"), null=True, blank=True)
    # One counter for the whole pledge: criteria, signatures and score sheet. Every pledge service
    # bumps it, and a page that saves with the version it was built from is refused once it moved on
    # (no lost updates). The score grid depends on the criteria, so one counter keeps that simple.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        db_table = "blocs_pledge"  # moved from the blocs app: the table kept its name
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")
        ordering = ["bloc", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year"],
                name="pledge_one_per_bloc_year",
                violation_error_message=_("Khối đã có giao ước thi đua cho năm này."),
            )
        ]

    def __str__(self) -> str:
        return _("Giao ước thi đua năm %(year)s — %(bloc)s") % {"year": self.year, "bloc": self.bloc}

    @property
    def total_points(self) -> Decimal:
        """The scale of the pledge: the standard criteria's maximum points (bonus and deduction points come
        on top of it and off it)."""
        return sum((c.max_points for c in self.criteria.all() if c.kind == Criterion.Kind.STANDARD), Decimal(0))


class Criterion(models.Model):
    """A criterion (tiêu chí) of a pledge with its maximum points and its kind: standard points (0..max),
    bonus points added (điểm thưởng, 0..max) or deduction points subtracted (điểm trừ, 0..max)."""

    class Kind(models.TextChoices):
        STANDARD = "standard", _("Tiêu chí chấm điểm")
        BONUS = "bonus", _("Điểm thưởng")
        DEDUCTION = "deduction", _("Điểm trừ")

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("giao ước"))
    code = fields.NameField(_("mã"), max_length=20)
    title = fields.LineField(_("nội dung tiêu chí"), max_length=2000)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=8, decimal_places=2)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.STANDARD)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        db_table = "blocs_criterion"  # moved from the blocs app: the table kept its name
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["pledge", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "code"],
                name="criterion_code_unique_per_pledge",
                violation_error_message=_("Mã tiêu chí đã có trong giao ước."),
            ),
            models.CheckConstraint(
                condition=Q(max_points__gt=0),
                name="criterion_max_points_positive",
                violation_error_message=_("Điểm tối đa phải lớn hơn 0."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["standard", "bonus", "deduction"]),
                name="criterion_kind_known",
                violation_error_message=_("Loại tiêu chí không hợp lệ."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def sign(self) -> int:
        """How the criterion's points count in the total: -1 for a deduction, else +1."""
        return -1 if self.kind == self.Kind.DEDUCTION else 1

    def clean(self) -> None:
        self.title = nfc(self.title)
        self.code = nfc(self.code)
        if self.max_points is not None and self.max_points <= 0:
            raise ValidationError({"max_points": _("Điểm tối đa phải lớn hơn 0.")})


class Band(models.Model):
    """A classification band of the pledge's total (xếp loại): the best band whose minimum the total reaches."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="bands", verbose_name=_("giao ước"))
    name = fields.NameField(_("xếp loại"), max_length=200)
    min_points = models.DecimalField(_("điểm tối thiểu"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("mức xếp loại")
        verbose_name_plural = _("mức xếp loại")
        ordering = ["pledge", "-min_points"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "name"],
                name="band_name_unique_per_pledge",
                violation_error_message=_("Giao ước đã có mức xếp loại này."),
            ),
            models.UniqueConstraint(
                fields=["pledge", "min_points"],
                name="band_min_unique_per_pledge",
                violation_error_message=_("Hai mức xếp loại không được có cùng điểm tối thiểu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ≥ {number_text(self.min_points)}"

    def clean(self) -> None:
        self.name = nfc(self.name)


class Signature(models.Model):
    """An agency's signature on the pledge: who signed, in what capacity, when."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("giao ước"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("đơn vị"))
    signer = fields.NameField(_("người ký"), max_length=300, blank=True)
    title = fields.NameField(_("chức vụ"), max_length=300, blank=True)
    signed_on = fields.DateField(_("ngày ký"), null=True, blank=True)

    class Meta:
        db_table = "blocs_signature"  # moved from the blocs app: the table kept its name
        verbose_name = _("chữ ký giao ước")
        verbose_name_plural = _("chữ ký giao ước")
        ordering = ["pledge", "agency__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "agency"],
                name="signature_one_per_agency",
                violation_error_message=_("Đơn vị đã ký giao ước này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.signer}"

    def clean(self) -> None:
        self.signer = nfc(self.signer)
        self.title = nfc(self.title)
        pledge = related(self, "pledge")
        if pledge is not None and (error := not_a_member(self, "agency", bloc_id=pledge.bloc_id, year=pledge.year)):
            raise ValidationError(error)


class PointsOnCriterion:
    """What the bloc's points (``Score``) and the agency's own (``SelfScore``) share: an agency's points on one
    criterion, 0..max (``points_problem``), by a member of the pledge's bloc in its year."""

    def __str__(self) -> str:
        return f"{self.agency} — {self.criterion.code}: {number_text(self.points)}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        criterion = related(self, "criterion")
        if problem := points_problem(self.points, criterion):
            errors["points"] = problem
        if criterion is not None:
            errors |= not_a_member(self, "agency", bloc_id=criterion.pledge.bloc_id, year=criterion.pledge.year)
        if errors:
            raise ValidationError(errors)


class Score(PointsOnCriterion, models.Model):
    """Points an agency earned on one criterion of its bloc's pledge."""

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("tiêu chí")
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="scores", verbose_name=_("đơn vị"))
    points = models.DecimalField(_("điểm"), max_digits=8, decimal_places=2)
    # Why the bloc's points differ from the agency's own (SelfScore): the agency sees it.
    note = fields.LineField(_("lý do điều chỉnh"), max_length=2000, blank=True)

    class Meta:
        db_table = "blocs_score"  # moved from the blocs app: the table kept its name
        verbose_name = _("điểm chấm")
        verbose_name_plural = _("điểm chấm")
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "agency"],
                name="score_one_per_agency_criterion",
                violation_error_message=_("Đơn vị đã có điểm cho tiêu chí này."),
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0),
                name="score_points_not_negative",
                violation_error_message=_("Điểm không được âm."),
            ),
        ]


def points_problem(points: Decimal | None, criterion: Criterion | None) -> str | None:
    """Why the points cannot stand on the criterion (negative, above its maximum), else None. Every kind is
    scored 0..max: a deduction's points are subtracted from the total, never stored negative."""
    if points is None:
        return None
    if points < 0:
        return _("Điểm không được âm.")
    if criterion is not None and points > criterion.max_points:
        return _("Điểm %(points)s vượt quá điểm tối đa %(max)s của tiêu chí %(code)s.") % {
            "points": number_text(points),
            "max": number_text(criterion.max_points),
            "code": criterion.code,
        }
    return None


class SelfScore(PointsOnCriterion, models.Model):
    """The points an agency gives itself on one criterion (tự chấm), with its explanation. The bloc's reviewed
    points are the ``Score`` of the same criterion and agency."""

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="self_scores", verbose_name=_("tiêu chí")
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="self_scores", verbose_name=_("đơn vị"))
    points = models.DecimalField(_("điểm tự chấm"), max_digits=8, decimal_places=2)
    explanation = fields.TextField(_("giải trình"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("điểm tự chấm")
        verbose_name_plural = _("điểm tự chấm")
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "agency"],
                name="self_score_one_per_agency_criterion",
                violation_error_message=_("Đơn vị đã tự chấm tiêu chí này."),
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0),
                name="self_score_points_not_negative",
                violation_error_message=_("Điểm không được âm."),
            ),
        ]


# -- self-scoring: the round the bloc's secretary opens, each agency's submission, the evidence files ----------

EVIDENCE_MAX_BYTES = 20 * 1024 * 1024


class ScoringRound(models.Model):
    """Self-scoring (tự chấm điểm) of the pledge, opened by the bloc's secretary: member agencies score
    themselves until the deadline (the day included) and submit once."""

    pledge = models.OneToOneField(Pledge, on_delete=models.CASCADE, related_name="scoring", verbose_name=_("giao ước"))
    deadline = fields.DateField(_("hạn nộp"))
    opened_at = models.DateTimeField(_("thời điểm mở"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người mở"),
    )

    class Meta:
        verbose_name = _("đợt tự chấm điểm")
        verbose_name_plural = _("đợt tự chấm điểm")

    def __str__(self) -> str:
        return _("Tự chấm điểm %(pledge)s (hạn %(deadline)s)") % {
            "pledge": self.pledge,
            "deadline": self.deadline.strftime("%d/%m/%Y") if self.deadline else "—",
        }

    def audit_owner(self) -> tuple[int, int, None]:
        return self.pledge.bloc.organizer_id, self.pledge.bloc_id, None

    def is_closed(self, today: datetime.date | None = None) -> bool:
        """Whether the deadline has passed (the deadline day itself is still open)."""
        return (today or timezone.localdate()) > self.deadline


class ScoreSubmission(models.Model):
    """An agency's submitted self-scoring of a pledge: once submitted its points, explanations and evidence
    stay as they are; the bloc's secretary reviews them (``Score``)."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("giao ước"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="score_submissions", verbose_name=_("đơn vị")
    )
    submitted_at = models.DateTimeField(_("thời điểm nộp"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người nộp"),
    )

    class Meta:
        verbose_name = _("bảng tự chấm đã nộp")
        verbose_name_plural = _("bảng tự chấm đã nộp")
        ordering = ["pledge", "agency__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "agency"],
                name="score_submission_one_per_agency",
                violation_error_message=_("Đơn vị đã nộp bảng tự chấm điểm của giao ước này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} — {self.pledge}"

    def audit_owner(self) -> tuple[int, int, None]:
        return self.pledge.bloc.organizer_id, self.pledge.bloc_id, None


def evidence_file_name(instance, filename: str) -> str:
    """A random name: nothing about the agency, the criterion or the file can be guessed from it."""
    return f"evidence/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A file an agency attaches to its self-score of a criterion (minh chứng): PDF, Word, Excel or an image,
    its type read from its content. Served only through ``pledges:evidence``, which checks who asks."""

    class Kind(models.TextChoices):
        PDF = "application/pdf", "PDF"
        DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (.docx)"
        XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (.xlsx)"
        PNG = "image/png", "PNG"
        JPEG = "image/jpeg", "JPEG"

    self_score = models.ForeignKey(
        SelfScore, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("điểm tự chấm")
    )
    file = models.FileField(_("tệp"), upload_to=evidence_file_name, max_length=300)
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
        verbose_name = _("minh chứng tự chấm điểm")
        verbose_name_plural = _("minh chứng tự chấm điểm")
        ordering = ["self_score", "uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0) & Q(size__lte=EVIDENCE_MAX_BYTES),
                name="evidence_size",
                violation_error_message=_("Tệp minh chứng phải có nội dung và không quá 20 MB."),
            ),
            models.CheckConstraint(
                condition=Q(
                    content_type__in=[
                        "application/pdf",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        "image/png",
                        "image/jpeg",
                    ]
                ),
                name="evidence_type",
                violation_error_message=_("Tệp minh chứng phải là PDF, Word (.docx), Excel (.xlsx), PNG hoặc JPEG."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
