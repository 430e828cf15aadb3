"""Award types and their rules, proposals voted at meetings, rankings and award decisions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from blocs.models import YEAR_VALIDATORS, Bloc, not_a_member
from core import fields
from core.numbers import percent_text
from core.text import nfc
from core.validation import related
from meetings.models import Meeting
from members.models import Agency, Organizer, code_validator

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


class Proposal(models.Model):
    """An award proposal (đề nghị khen thưởng) voted at a meeting, with its tally and computed outcome."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Chưa biểu quyết")
        PASSED = "passed", _("Đạt")
        FAILED = "failed", _("Không đạt")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("hội nghị"))
    # Copied from the meeting so the database can hold "one proposal per nominee, award, bloc and year".
    bloc = models.ForeignKey(Bloc, on_delete=models.CASCADE, related_name="proposals", editable=False)
    year = models.PositiveSmallIntegerField(_("năm"), editable=False, validators=YEAR_VALIDATORS)
    nominee = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("đơn vị được đề nghị")
    )
    award_type = models.ForeignKey(
        AwardType, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("hình thức khen thưởng")
    )
    votes_for = models.PositiveSmallIntegerField(_("số phiếu đồng ý"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("số phiếu không đồng ý"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("số phiếu không biểu quyết"), null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_reason = models.CharField(_("lý do"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year", "nominee", "award_type"],
                name="proposal_unique_per_bloc_year",
                violation_error_message=_("Đơn vị đã được đề nghị hình thức khen thưởng này trong năm."),
            ),
            models.CheckConstraint(
                condition=(Q(votes_for__isnull=True) & Q(votes_against__isnull=True) & Q(votes_abstain__isnull=True))
                | Q(votes_for__isnull=False),
                name="proposal_tally_has_for",
                violation_error_message=_("Cần nhập số phiếu đồng ý."),
            ),
        ]
        indexes = [models.Index(fields=["bloc", "year", "outcome"], name="proposal_bloc_year_outcome")]

    def __str__(self) -> str:
        return f"{self.award_type} — {self.nominee}"

    @property
    def has_tally(self) -> bool:
        return self.votes_for is not None

    def save(self, *args, **kwargs):
        if self.meeting_id:
            self.bloc_id = self.meeting.bloc_id
            self.year = self.meeting.year
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        meeting = related(self, "meeting")
        if meeting is None:
            return
        errors |= not_a_member(self, "nominee", bloc_id=meeting.bloc_id, year=meeting.year)
        if self.award_type_id and self.award_type.organizer_id != meeting.bloc.organizer_id:
            errors["award_type"] = _("Hình thức khen thưởng không thuộc tỉnh của khối.")
        if self.votes_for is None and (self.votes_against is not None or self.votes_abstain is not None):
            errors["votes_for"] = _("Cần nhập số phiếu đồng ý.")
        if self.nominee_id and self.award_type_id:
            duplicate = Proposal.objects.filter(
                bloc_id=meeting.bloc_id,
                year=meeting.year,
                nominee_id=self.nominee_id,
                award_type_id=self.award_type_id,
            ).exclude(pk=self.pk)
            if duplicate.exists():
                errors["nominee"] = _("%(agency)s đã được đề nghị %(award)s trong năm %(year)s.") % {
                    "agency": self.nominee,
                    "award": self.award_type,
                    "year": meeting.year,
                }
        if errors:
            raise ValidationError(errors)


class Ballot(models.Model):
    """One agency's vote on one proposal."""

    class Vote(models.TextChoices):
        FOR = "for", _("Đồng ý")
        AGAINST = "against", _("Không đồng ý")
        ABSTAIN = "abstain", _("Không biểu quyết")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("đề nghị"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("đơn vị bỏ phiếu")
    )
    vote = models.CharField(_("phiếu"), max_length=10, choices=Vote.choices)

    class Meta:
        verbose_name = _("phiếu biểu quyết")
        verbose_name_plural = _("phiếu biểu quyết")
        ordering = ["proposal", "agency__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "agency"],
                name="ballot_one_per_agency",
                violation_error_message=_("Mỗi đơn vị chỉ được bỏ một phiếu cho mỗi đề nghị."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.get_vote_display()}"


class Ranking(models.Model):
    """The place of a member agency in its bloc for the meeting's year (1 = đơn vị nhất khối)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rankings", verbose_name=_("hội nghị"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="rankings", verbose_name=_("đơn vị"))
    rank = models.PositiveSmallIntegerField(_("xếp hạng"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("xếp hạng")
        verbose_name_plural = _("xếp hạng")
        ordering = ["meeting", "rank", "agency__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "agency"],
                name="ranking_one_per_agency",
                violation_error_message=_("Đơn vị đã được xếp hạng trong hội nghị này."),
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1),
                name="ranking_rank_positive",
                violation_error_message=_("Thứ hạng phải từ 1 trở lên."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.agency}"

    def clean(self) -> None:
        meeting = related(self, "meeting")
        if meeting is not None and (error := not_a_member(self, "agency", bloc_id=meeting.bloc_id, year=meeting.year)):
            raise ValidationError(error)


class Decision(models.Model):
    """An award decision (quyết định khen thưởng) of the province or the Government."""

    organizer = models.ForeignKey(Organizer, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("tỉnh"))
    number = fields.NameField(_("số quyết định"), max_length=200, help_text=_("Ví dụ: 123/QĐ-UBND"))
    signed_on = fields.DateField(_("ngày ký"))
    issued_by = fields.NameField(_("cơ quan ban hành"), max_length=500, blank=True)
    proposals = models.ManyToManyField(
        Proposal,
        through="DecisionAward",
        related_name="decisions",
        verbose_name=_("đề nghị được khen thưởng"),
    )

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-signed_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organizer", "number"],
                name="decision_number_unique_per_organizer",
                violation_error_message=_("Số quyết định này đã có trong tỉnh."),
            ),
        ]

    def __str__(self) -> str:
        return _("Quyết định số %(number)s ngày %(date)s") % {
            "number": self.number,
            "date": f"{self.signed_on:%d/%m/%Y}",
        }

    def clean(self) -> None:
        self.number = nfc(self.number)
        self.issued_by = nfc(self.issued_by)


class DecisionAward(models.Model):
    """A passed proposal awarded by a decision; a proposal is awarded at most once."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="awards", verbose_name=_("quyết định")
    )
    proposal = models.OneToOneField(
        Proposal, on_delete=models.PROTECT, related_name="decision_award", verbose_name=_("đề nghị")
    )

    class Meta:
        verbose_name = _("khen thưởng theo quyết định")
        verbose_name_plural = _("khen thưởng theo quyết định")

    def __str__(self) -> str:
        return f"{self.decision.number}: {self.proposal}"

    def clean(self) -> None:
        if not (self.decision_id and self.proposal_id):
            return
        if self.proposal.outcome != Proposal.Outcome.PASSED:
            raise ValidationError({"proposal": _("Chỉ khen thưởng đề nghị đã được biểu quyết đạt.")})
        if self.proposal.bloc.organizer_id != self.decision.organizer_id:
            raise ValidationError({"proposal": _("Đề nghị không thuộc tỉnh ban hành quyết định.")})
        # Said here, with the decision's number, rather than by the one-to-one field's generic message.
        others = DecisionAward.objects.filter(proposal_id=self.proposal_id).exclude(pk=self.pk)
        if other := others.select_related("decision").first():
            raise ValidationError(
                {
                    "proposal": _("Đề nghị này đã được khen thưởng theo quyết định số %(number)s.")
                    % {"number": other.decision.number}
                }
            )
