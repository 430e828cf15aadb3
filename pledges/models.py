"""The yearly pledge (giao ước thi đua) of a bloc: criteria with a points scale, signatures, and scores."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
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
        return sum((c.max_points for c in self.criteria.all()), Decimal(0))


class Criterion(models.Model):
    """A criterion (tiêu chí) of a pledge with its maximum points."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("giao ước"))
    code = fields.NameField(_("mã"), max_length=20)
    title = fields.LineField(_("nội dung tiêu chí"), max_length=2000)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=8, decimal_places=2)
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
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    def clean(self) -> None:
        self.title = nfc(self.title)
        self.code = nfc(self.code)
        if self.max_points is not None and self.max_points <= 0:
            raise ValidationError({"max_points": _("Điểm tối đa phải lớn hơn 0.")})


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


class Score(models.Model):
    """Points an agency earned on one criterion of its bloc's pledge."""

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("tiêu chí")
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="scores", verbose_name=_("đơn vị"))
    points = models.DecimalField(_("điểm"), max_digits=8, decimal_places=2)

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

    def __str__(self) -> str:
        return f"{self.agency} — {self.criterion.code}: {number_text(self.points)}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        criterion = related(self, "criterion")
        if self.points is not None and self.points < 0:
            errors["points"] = _("Điểm không được âm.")
        elif self.points is not None and criterion is not None and self.points > criterion.max_points:
            errors["points"] = _("Điểm %(points)s vượt quá điểm tối đa %(max)s của tiêu chí %(code)s.") % {
                "points": number_text(self.points),
                "max": number_text(self.criterion.max_points),
                "code": self.criterion.code,
            }
        if criterion is not None:
            errors |= not_a_member(self, "agency", bloc_id=criterion.pledge.bloc_id, year=criterion.pledge.year)
        if errors:
            raise ValidationError(errors)
