"""Award types and their rules, proposals voted at meetings, rankings and award decisions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from blocs.models import YEAR_VALIDATORS
from core import fields
from core.numbers import percent_text
from core.text import nfc
from members.models import Agency, Organizer, code_validator

# The collective awards a bloc proposes (DOMAIN.md); each organizer gets them and may edit them. Quotas are
# the province's rules: only the Government flag (one per bloc) is capped by default, since real blocs
# propose several provincial flags in a year (DOMAIN.md reports a 12-member bloc proposing four).
DEFAULT_AWARD_TYPES = [
    {"code": "CO_CP", "name": "Cờ thi đua của Chính phủ", "conferred_by": "Thủ tướng Chính phủ",
     "quota_per_bloc": 1, "basis": "members", "ratio": 0.5, "strict": True, "position": 1, "flag": "government"},
    {"code": "BK_TTG", "name": "Bằng khen của Thủ tướng Chính phủ", "conferred_by": "Thủ tướng Chính phủ",
     "quota_per_bloc": None, "basis": "members", "ratio": 0.5, "strict": True, "position": 2},
    {"code": "CO_TINH", "name": "Cờ thi đua của UBND tỉnh", "conferred_by": "Chủ tịch UBND tỉnh",
     "quota_per_bloc": None, "basis": "members", "ratio": 0.5, "strict": True, "position": 3, "flag": "provincial"},
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

    class Flag(models.TextChoices):
        """Which emulation flag the award is, for the eligibility rules (meetings.eligibility)."""

        NONE = "", _("Không phải cờ thi đua")
        PROVINCIAL = "provincial", _("Cờ thi đua cấp tỉnh")
        GOVERNMENT = "government", _("Cờ thi đua của Chính phủ")

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
    flag = models.CharField(
        _("loại cờ thi đua"),
        max_length=20,
        choices=Flag.choices,
        default=Flag.NONE,
        blank=True,
        help_text=_("Để áp dụng các điều kiện xét Cờ thi đua (đơn vị dẫn đầu khối, tỷ lệ Cờ của Chính phủ)."),
    )

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
            models.UniqueConstraint(
                fields=["organizer", "flag"],
                condition=~Q(flag=""),
                name="award_type_flag_unique_per_organizer",
                violation_error_message=_("Tỉnh đã có một hình thức khen thưởng là loại cờ thi đua này."),
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


class AwardPolicy(models.Model):
    """The province's eligibility rules (Nghị định 152/2025/NĐ-CP and its own on top): data, never constants.
    A province without a row has the defaults (``awards.services.policy_of``)."""

    class Mode(models.TextChoices):
        OFF = "off", _("Không kiểm tra")
        WARN = "warn", _("Cảnh báo")
        REFUSE = "refuse", _("Không cho thông qua")

    organizer = models.OneToOneField(
        Organizer, on_delete=models.CASCADE, related_name="award_policy", verbose_name=_("tỉnh")
    )
    provincial_flag_mode = models.CharField(
        _("Cờ thi đua cấp tỉnh chỉ cho đơn vị dẫn đầu khối"), max_length=10, choices=Mode.choices, default=Mode.WARN
    )
    government_flag_mode = models.CharField(
        _("Cờ thi đua của Chính phủ chỉ cho đơn vị đạt tiêu chuẩn Cờ cấp tỉnh"),
        max_length=10,
        choices=Mode.choices,
        default=Mode.WARN,
    )
    government_flag_share = models.DecimalField(
        _("tỷ lệ Cờ của Chính phủ tối đa"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_(
            "Trên số đơn vị đạt tiêu chuẩn Cờ cấp tỉnh trong năm, ví dụ 0,2 là 20 %; để trống: không giới hạn."
        ),
    )
    tie_women_share = models.DecimalField(
        _("tỷ lệ nữ được ưu tiên khi bằng nhau"),
        max_digits=4,
        decimal_places=3,
        default="0.700",
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    legal_basis = fields.LineField(
        _("căn cứ các điều kiện"),
        max_length=500,
        default="Nghị định 152/2025/NĐ-CP",
        help_text=_("Văn bản được nêu trong mỗi thông báo từ chối."),
    )

    class Meta:
        verbose_name = _("điều kiện xét khen thưởng của tỉnh")
        verbose_name_plural = _("điều kiện xét khen thưởng của tỉnh")
        constraints = [
            models.CheckConstraint(
                condition=Q(government_flag_share__isnull=True)
                | (Q(government_flag_share__gte=0) & Q(government_flag_share__lte=1)),
                name="award_policy_share_range",
                violation_error_message=_("Tỷ lệ phải từ 0 đến 1."),
            ),
            models.CheckConstraint(
                condition=Q(tie_women_share__gte=0) & Q(tie_women_share__lte=1),
                name="award_policy_tie_share_range",
                violation_error_message=_("Tỷ lệ phải từ 0 đến 1."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.organizer)

    def audit_owner(self) -> tuple[int, None, None]:
        return self.organizer_id, None, None


class AgencyHold(models.Model):
    """A year in which an agency may not pass a proposal: a pending discipline case, an inspection, a task
    rated "not completed" (Nghị định 152/2025/NĐ-CP). Entered by board staff with the reason."""

    class Kind(models.TextChoices):
        DISCIPLINE = "discipline", _("Đang xem xét kỷ luật")
        INSPECTION = "inspection", _("Đang thanh tra, kiểm tra")
        TASK_NOT_COMPLETED = "task_not_completed", _("Không hoàn thành nhiệm vụ")

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="holds", verbose_name=_("cơ quan, đơn vị")
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    kind = models.CharField(_("lý do chưa xét khen thưởng"), max_length=20, choices=Kind.choices)
    reason = fields.LineField(_("nội dung"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("trường hợp chưa xét khen thưởng")
        verbose_name_plural = _("trường hợp chưa xét khen thưởng")
        ordering = ["-year", "agency__sort_key", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "kind"],
                name="agency_hold_unique",
                violation_error_message=_("Đơn vị đã có trường hợp này trong năm."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["discipline", "inspection", "task_not_completed"]),
                name="agency_hold_kind_valid",
                violation_error_message=_("Loại trường hợp không hợp lệ."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} — {self.get_kind_display()} ({self.year})"

    def audit_owner(self) -> tuple[int, None, None]:
        return self.agency.organizer_id, None, None


class WomenShare(models.Model):
    """The share of women among an agency's staff in a year (the tie-break rule)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="women_shares", verbose_name=_("cơ quan, đơn vị")
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    share = models.DecimalField(
        _("tỷ lệ nữ"), max_digits=4, decimal_places=3, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )

    class Meta:
        verbose_name = _("tỷ lệ nữ")
        verbose_name_plural = _("tỷ lệ nữ")
        ordering = ["-year", "agency__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"],
                name="women_share_unique",
                violation_error_message=_("Đơn vị đã có tỷ lệ nữ của năm này."),
            ),
            models.CheckConstraint(
                condition=Q(share__gte=0) & Q(share__lte=1),
                name="women_share_range",
                violation_error_message=_("Tỷ lệ phải từ 0 đến 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} — {self.year}: {percent_text(float(self.share))}"

    def audit_owner(self) -> tuple[int, None, None]:
        return self.agency.organizer_id, None, None
