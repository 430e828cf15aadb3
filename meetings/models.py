"""Bloc meetings (hội nghị) and who attended them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from awards.models import AwardType
from blocs.models import YEAR_VALIDATORS, Bloc, not_a_member
from core import fields
from core.text import fold, nfc
from core.validation import related
from members.models import Agency

DEFAULT_TITLES = {
    "year_end_review": _("Hội nghị tổng kết công tác thi đua, khen thưởng năm %(year)s"),
    "mid_year_review": _("Hội nghị sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm %(year)s"),
    "pledge_signing": _("Hội nghị ký kết giao ước thi đua năm %(year)s"),
    "other": _("Hội nghị khối thi đua năm %(year)s"),
}


# The parts of a meeting's record each kind offers besides attendance, people and content: a mid-year review
# elects nobody and votes on no award; a pledge-signing meeting signs the year's pledge. A part that holds data
# (imported history) is shown whatever the kind.
SECTIONS = {
    "year_end_review": frozenset({"proposals", "election", "ranking", "pledge"}),
    "mid_year_review": frozenset(),
    "pledge_signing": frozenset({"pledge"}),
    "other": frozenset({"proposals", "election", "ranking", "pledge"}),
}


class Meeting(models.Model):
    """A meeting of a bloc: year-end or mid-year review, pledge signing, or another meeting."""

    class Kind(models.TextChoices):
        YEAR_END_REVIEW = "year_end_review", _("Hội nghị tổng kết")
        MID_YEAR_REVIEW = "mid_year_review", _("Hội nghị sơ kết 6 tháng")
        PLEDGE_SIGNING = "pledge_signing", _("Hội nghị ký kết giao ước thi đua")
        OTHER = "other", _("Hội nghị khác")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang nhập")
        FINALIZED = "finalized", _("Đã chốt")

    class VotingMode(models.TextChoices):
        OPEN = "open", _("Biểu quyết công khai")
        SECRET = "secret", _("Bỏ phiếu kín")

    bloc = models.ForeignKey(Bloc, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("khối"))
    kind = models.CharField(_("loại hội nghị"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(
        _("năm thi đua"), validators=YEAR_VALIDATORS, help_text=_("Năm của công tác được tổng kết, sơ kết.")
    )
    held_on = fields.DateField(_("ngày họp"))
    start_time = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    end_time = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    title = fields.LineField(_("tên hội nghị"), max_length=2000, blank=True)
    venue = fields.LineField(_("địa điểm"), max_length=2000, blank=True)
    host = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("đơn vị đăng cai"),
    )
    report = fields.TextField(_("báo cáo kết quả"), blank=True, max_length=50000)
    shortcomings = fields.TextField(_("tồn tại, hạn chế"), blank=True, max_length=50000)
    directions = models.JSONField(_("phương hướng, nhiệm vụ"), default=list, blank=True)
    pledge_year = models.PositiveSmallIntegerField(
        _("ký giao ước năm"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Giao ước thi đua của năm này được ký tại hội nghị."),
    )
    minutes_number = fields.NameField(_("số biên bản"), max_length=200, blank=True)
    # How the proposals were voted and the ballot figures of the vote-count minutes (biên bản kiểm phiếu); the
    # tellers are the meeting's participants of role "teller". Empty figures: not recorded.
    # Empty: not recorded (imported history, a meeting whose vote count was never entered).
    voting_mode = models.CharField(
        _("hình thức biểu quyết"), max_length=10, choices=VotingMode.choices, blank=True, default=""
    )
    ballots_issued = models.PositiveSmallIntegerField(_("số phiếu phát ra"), null=True, blank=True)
    ballots_returned = models.PositiveSmallIntegerField(_("số phiếu thu về"), null=True, blank=True)
    ballots_invalid = models.PositiveSmallIntegerField(_("số phiếu không hợp lệ"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    search_text = models.CharField(max_length=3000, editable=False, default="")
    # Optimistic concurrency: each save through a service bumps it.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("hội nghị")
        verbose_name_plural = _("hội nghị")
        ordering = ["-held_on", "bloc__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "kind", "held_on"],
                name="meeting_unique_bloc_kind_date",
                violation_error_message=_("Khối đã có một hội nghị cùng loại vào ngày này."),
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True) | Q(end_time__isnull=True) | Q(end_time__gte=F("start_time")),
                name="meeting_ends_after_start",
                violation_error_message=_("Giờ kết thúc không được trước giờ bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(ballots_returned__isnull=True)
                | Q(ballots_issued__isnull=True)
                | Q(ballots_returned__lte=F("ballots_issued")),
                name="meeting_ballots_returned_le_issued",
                violation_error_message=_("Số phiếu thu về không được lớn hơn số phiếu phát ra."),
            ),
            models.CheckConstraint(
                condition=Q(ballots_invalid__isnull=True)
                | Q(ballots_returned__isnull=True)
                | Q(ballots_invalid__lte=F("ballots_returned")),
                name="meeting_ballots_invalid_le_returned",
                violation_error_message=_("Số phiếu không hợp lệ không được lớn hơn số phiếu thu về."),
            ),
        ]
        indexes = [models.Index(fields=["bloc", "year"], name="meeting_bloc_year")]

    def __str__(self) -> str:
        return f"{self.display_title} ({self.held_on:%d/%m/%Y})"

    @property
    def display_title(self) -> str:
        """The title entered, else the customary name of this kind of meeting."""
        if self.title.strip():
            return self.title
        return DEFAULT_TITLES.get(self.kind, DEFAULT_TITLES[self.Kind.OTHER]) % {"year": self.year}

    @property
    def is_finalized(self) -> bool:
        return self.status == self.Status.FINALIZED

    @property
    def ballots_valid(self) -> int | None:
        """Returned less invalid, when both were recorded."""
        if self.ballots_returned is None or self.ballots_invalid is None:
            return None
        return self.ballots_returned - self.ballots_invalid

    @property
    def signed_pledge_year(self) -> int | None:
        """The year of the pledge signed at the meeting: ``pledge_year``, else a signing meeting's own year."""
        if self.pledge_year:
            return self.pledge_year
        return self.year if self.kind == self.Kind.PLEDGE_SIGNING else None

    @property
    def voting_session(self) -> VotingSession | None:
        """The meeting's online vote (``online_voting``), or None when it was never opened."""
        try:
            return self.online_voting
        except ObjectDoesNotExist:
            return None

    def offers(self, section: str) -> bool:
        """Whether this kind of meeting records ``section`` (proposals, election, ranking, pledge)."""
        return section in SECTIONS.get(self.kind, SECTIONS[self.Kind.OTHER])

    def audit_owner(self) -> tuple[int, int, int]:
        return self.bloc.organizer_id, self.bloc_id, self.pk

    def refresh_text_keys(self) -> None:
        self.title = nfc(self.title)
        self.venue = nfc(self.venue)
        self.report = nfc(self.report)
        self.shortcomings = nfc(self.shortcomings)
        self.directions = [nfc(d) for d in (self.directions or []) if nfc(d)]
        bloc_name = self.bloc.name if self.bloc_id else ""
        self.search_text = fold(f"{self.display_title} {bloc_name} {self.year}")[:3000]

    def save(self, *args, **kwargs):
        self.refresh_text_keys()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.held_on and self.year and not (self.year - 1 <= self.held_on.year <= self.year + 1):
            errors["held_on"] = _("Ngày họp phải nằm trong năm thi đua %(year)s hoặc năm liền kề.") % {
                "year": self.year
            }
        if self.start_time and self.end_time and self.end_time < self.start_time:
            errors["end_time"] = _("Giờ kết thúc không được trước giờ bắt đầu.")
        if self.host_id and self.bloc_id and self.host.organizer_id != self.bloc.organizer_id:
            errors["host"] = _("Đơn vị đăng cai phải thuộc cùng tỉnh với khối.")
        if (
            self.ballots_returned is not None
            and self.ballots_issued is not None
            and self.ballots_returned > self.ballots_issued
        ):
            errors["ballots_returned"] = _("Số phiếu thu về không được lớn hơn số phiếu phát ra.")
        if (
            self.ballots_invalid is not None
            and self.ballots_returned is not None
            and self.ballots_invalid > self.ballots_returned
        ):
            errors["ballots_invalid"] = _("Số phiếu không hợp lệ không được lớn hơn số phiếu thu về.")
        if not isinstance(self.directions, list) or not all(isinstance(d, str) for d in self.directions):
            errors["directions"] = _("Phương hướng phải là danh sách các đoạn văn bản.")
        if errors:
            raise ValidationError(errors)


class Participant(models.Model):
    """A person at a meeting in a named role: presiding (chủ trì), secretary (thư ký) or guest (khách mời).
    A guest may be a group rather than a person: no name, a description in ``title`` ("Lãnh đạo") and the
    organization ("Ban Thi đua - Khen thưởng tỉnh")."""

    class Role(models.TextChoices):
        PRESIDING = "presiding", _("Chủ trì")
        SECRETARY = "secretary", _("Thư ký")
        GUEST = "guest", _("Khách mời")
        TELLER = "teller", _("Tổ kiểm phiếu")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participants", verbose_name=_("hội nghị")
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)
    name = fields.NameField(_("họ và tên"), max_length=300, blank=True)
    title = fields.NameField(_("chức vụ"), max_length=500, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("cơ quan")
    )
    organization = fields.NameField(
        _("cơ quan (ngoài khối)"), max_length=500, blank=True, help_text=_("Cho khách mời không thuộc khối.")
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("người tham dự")
        verbose_name_plural = _("người tham dự")
        ordering = ["meeting", "role", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(role="secretary"),
                name="participant_one_secretary_per_meeting",
                violation_error_message=_("Mỗi hội nghị chỉ có một thư ký."),
            ),
            models.CheckConstraint(
                condition=~Q(name="") | (Q(role="guest") & (~Q(organization="") | Q(agency__isnull=False))),
                name="participant_named_or_guest_group",
                violation_error_message=_("Cần ghi họ và tên; khách mời là tập thể thì ghi cơ quan, tổ chức."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.display_name}"

    @property
    def is_group(self) -> bool:
        return not self.name.strip()

    @property
    def display_name(self) -> str:
        """A person's name, or a group guest as the minutes print it: "Lãnh đạo Ban Thi đua - Khen thưởng tỉnh"."""
        if not self.is_group:
            return self.name
        organization = self.agency.name if self.agency_id else self.organization
        return " ".join(part for part in (self.title, organization) if part)

    def clean(self) -> None:
        self.name = nfc(self.name)
        self.title = nfc(self.title)
        self.organization = nfc(self.organization)
        if not self.name.strip():
            if self.role != self.Role.GUEST:
                raise ValidationError({"name": _("Họ và tên không được để trống.")})
            if not (self.organization.strip() or self.agency_id):
                raise ValidationError(
                    {"organization": _("Khách mời là tập thể: cần ghi cơ quan, tổ chức (ví dụ: Lãnh đạo Sở Nội vụ).")}
                )
        meeting = related(self, "meeting")
        if self.agency_id and meeting is not None and self.agency.organizer_id != meeting.bloc.organizer_id:
            raise ValidationError({"agency": _("Cơ quan phải thuộc cùng tỉnh với khối.")})


class Attendance(models.Model):
    """Whether a member agency attended a meeting, and who represented it."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("hội nghị")
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("đơn vị"))
    present = models.BooleanField(_("có mặt"), default=True)
    representative = fields.NameField(_("người đại diện"), max_length=300, blank=True)
    title = fields.NameField(_("chức vụ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        ordering = ["meeting", "agency__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "agency"],
                name="attendance_one_per_agency",
                violation_error_message=_("Đơn vị đã được điểm danh trong hội nghị này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {'có mặt' if self.present else 'vắng'}"

    def clean(self) -> None:
        self.representative = nfc(self.representative)
        self.title = nfc(self.title)
        meeting = related(self, "meeting")
        if meeting is not None and (error := not_a_member(self, "agency", bloc_id=meeting.bloc_id, year=meeting.year)):
            raise ValidationError(error)


def minutes_file_name(instance, filename: str) -> str:
    """Stored files of minutes versions (records.models) get a random name: nothing about the meeting can be
    guessed from it. Defined here, where the migrations that made the field name it."""
    return f"minutes/{instance.uid.hex}.pdf"


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
        db_table = "awards_proposal"  # moved from the awards app: the table kept its name
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
        db_table = "awards_ballot"  # moved from the awards app: the table kept its name
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
        db_table = "awards_ranking"  # moved from the awards app: the table kept its name
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


class VotingSession(models.Model):
    """An online vote on a meeting's proposals: each present member agency's user votes once on all of them.

    Secret mode keeps the tallies on the proposals (``votes_*``, counted up per ballot) and who voted in
    ``Voter``: never which agency voted what. Open mode keeps each agency's ``Ballot`` rows."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="online_voting", verbose_name=_("hội nghị")
    )
    mode = models.CharField(_("hình thức biểu quyết"), max_length=10, choices=Meeting.VotingMode.choices)
    # The proposals put to the vote at opening: after closing their votes are final.
    proposals = models.ManyToManyField(Proposal, related_name="online_votings", verbose_name=_("đề nghị"))
    opened_at = models.DateTimeField(_("mở lúc"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("người mở"),
    )  # fmt: skip
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("người đóng"),
    )  # fmt: skip
    eligible = models.PositiveSmallIntegerField(_("số đơn vị được bỏ phiếu"))
    cast = models.PositiveSmallIntegerField(_("số đơn vị đã bỏ phiếu"), default=0)

    class Meta:
        verbose_name = _("phiên bỏ phiếu trực tuyến")
        verbose_name_plural = _("phiên bỏ phiếu trực tuyến")
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cast__lte=F("eligible")),
                name="voting_session_cast_le_eligible",
                violation_error_message=_("Số đơn vị đã bỏ phiếu không được lớn hơn số đơn vị được bỏ phiếu."),
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=F("opened_at")),
                name="voting_session_closed_after_opened",
                violation_error_message=_("Phiên bỏ phiếu không thể đóng trước khi mở."),
            ),
            models.CheckConstraint(
                condition=Q(mode__in=["open", "secret"]),
                name="voting_session_mode_known",
                violation_error_message=_("Hình thức biểu quyết không hợp lệ."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_mode_display()}: {self.meeting}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def is_secret(self) -> bool:
        return self.mode == Meeting.VotingMode.SECRET

    def audit_owner(self) -> tuple[int, int, int]:
        return self.meeting.audit_owner()


class Voter(models.Model):
    """That an agency has voted in an online session, to refuse a second ballot. Deliberately no time and no
    vote: nothing here links an agency to its choice in a secret ballot."""

    session = models.ForeignKey(
        VotingSession, on_delete=models.CASCADE, related_name="voters", verbose_name=_("phiên bỏ phiếu")
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))

    class Meta:
        verbose_name = _("đơn vị đã bỏ phiếu")
        verbose_name_plural = _("đơn vị đã bỏ phiếu")
        ordering = ["session", "agency__sort_key", "agency__code"]  # the bloc's order, never the order of voting
        constraints = [
            models.UniqueConstraint(
                fields=["session", "agency"],
                name="voter_one_ballot_per_agency",
                violation_error_message=_("Đơn vị đã bỏ phiếu trong phiên này."),
            )
        ]

    def __str__(self) -> str:
        return str(self.agency)
