"""Award types and their rules, proposals voted at meetings, rankings and award decisions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core import fields
from core.numbers import percent_text
from core.text import nfc
from members.models import Organizer, code_validator

# The collective awards a bloc proposes (DOMAIN.md); each organizer gets them and may edit them. Quotas are
# the province's rules: only the Government flag (one per bloc) is capped by default, since real blocs
# propose several provincial flags in a year (DOMAIN.md reports a 12-member bloc proposing four).
DEFAULT_AWARD_TYPES = [
    {"code": "CO_CP", "name": "Cờ thi đua của Chính phủ", "conferred_by": "Thủ tướng Chính phủ",
     "quota_per_bloc": 1, "basis": "members", "ratio": 0.5, "strict": True, "position": 1},
    {"code": "BK_TTG", "name": "Bằng khen của Thủ tướng Chính phủ", "conferred_by": "Thủ tướng Chính phủ",
     "quota_per_bloc": None, "basis": "members", "ratio": 0.5, "strict": True, "position": 2},
    {"code": "CO_TINH", "name": "Cờ thi đua của UBND tỉnh", "conferred_by": "Chủ tịch UBND tỉnh",
     "quota_per_bloc": None, "basis": "members", "ratio": 0.5, "strict": True, "position": 3},
    {"code": "BK_TINH", "name": "Bằng khen của Chủ tịch UBND tỉnh", "conferred_by": "Chủ tịch UBND tỉnh",
     "quota_per_bloc": None, "basis": "present", "ratio": 0.5, "strict": True, "position": 4},
    {"code": "TTLDXS", "name": "Tập thể lao động xuất sắc", "conferred_by": "Chủ tịch UBND tỉnh",
     "quota_per_bloc": None, "basis": "present", "ratio": 0.5, "strict": True, "position": 5},
]  # fmt: skip


class AwardType(models.Model):
    """An award a bloc may propose, with the vote rule and the yearly quota per bloc set by the board."""

    class Basis(models.TextChoices):
        MEMBERS = "members", _("Tổng số thành viên của khối")
        PRESENT = "present", _("Số đơn vị có mặt")

    organizer = models.ForeignKey(
        Organizer, on_delete=models.PROTECT, related_name="award_types", verbose_name=_("tỉnh")
    )
    code = fields.NameField(_("mã"), max_length=40, validators=[code_validator])
    name = fields.NameField(_("tên hình thức khen thưởng"), max_length=500)
    conferred_by = fields.NameField(_("cấp quyết định"), max_length=500, blank=True)
    quota_per_bloc = models.PositiveSmallIntegerField(
        _("chỉ tiêu mỗi khối mỗi năm"), null=True, blank=True, help_text=_("Để trống nếu không giới hạn.")
    )
    basis = models.CharField(_("tính trên"), max_length=10, choices=Basis.choices, default=Basis.MEMBERS)
    ratio = models.FloatField(
        _("tỷ lệ phiếu đồng ý"),
        default=0.5,
        validators=[MinValueValidator(0.0001), MaxValueValidator(1)],
        help_text=_("Ví dụ 0,5 là một nửa; 0,6667 là hai phần ba."),
    )
    strict = models.BooleanField(
        _("phải vượt tỷ lệ"),
        default=True,
        help_text=_("Đánh dấu: phải lớn hơn tỷ lệ; bỏ đánh dấu: đạt tỷ lệ là đủ."),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")
        ordering = ["organizer", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organizer", "code"],
                name="award_type_code_unique_per_organizer",
                violation_error_message=_("Mã hình thức khen thưởng này đã có trong tỉnh."),
            ),
            models.CheckConstraint(
                condition=Q(ratio__gt=0) & Q(ratio__lte=1),
                name="award_type_ratio_range",
                violation_error_message=_("Tỷ lệ phải lớn hơn 0 và không quá 1."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = nfc(self.name)
        self.conferred_by = nfc(self.conferred_by)
        if self.ratio is not None and not (0 < self.ratio <= 1):
            raise ValidationError({"ratio": _("Tỷ lệ phải lớn hơn 0 và không quá 1.")})

    @property
    def rule_text(self) -> str:
        comparison = _("trên") if self.strict else _("từ")
        return _("%(comparison)s %(percent)s%% %(basis)s đồng ý") % {
            "comparison": comparison,
            "percent": percent_text(self.ratio).removesuffix("%"),
            "basis": _("tổng số thành viên") if self.basis == self.Basis.MEMBERS else _("số đơn vị có mặt"),
        }


class LegalBasis(models.Model):
    """A law or decree printed on documents, valid for a period (e.g. Nghị định 98/2023/NĐ-CP)."""

    organizer = models.ForeignKey(
        Organizer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="legal_bases",
        verbose_name=_("tỉnh"),
        help_text=_("Để trống nếu là văn bản của Trung ương áp dụng cho mọi tỉnh."),
    )
    number = fields.NameField(_("số hiệu"), max_length=200)
    title = fields.LineField(_("trích yếu"), max_length=1000)
    valid_from = fields.DateField(_("có hiệu lực từ"))
    valid_to = fields.DateField(_("hết hiệu lực từ"), null=True, blank=True)

    class Meta:
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")
        ordering = ["-valid_from", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="legal_basis_valid_period",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày có hiệu lực."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.number})"

    def clean(self) -> None:
        self.number = nfc(self.number)
        self.title = nfc(self.title)
        if self.valid_from and self.valid_to and self.valid_to <= self.valid_from:
            raise ValidationError({"valid_to": _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")})
