"""Blocs and clusters, who belongs to them each year, who leads them, and the yearly pledge."""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core import fields
from core.text import fold
from core.validation import chain_loops, related
from members.models import Agency, NamedModel, Organizer, code_validator

YEAR_VALIDATORS = [MinValueValidator(1945), MaxValueValidator(2100)]

# The bloc's part of a document number (Nghị định 30: "Số: 01/BB-KTĐ-KTKT"): capitals, digits and Đ, in groups
# joined by "-". The same pattern is the database's constraint.
SYMBOL_PATTERN = r"^[A-Z0-9Đ]+(-[A-Z0-9Đ]+)*$"
symbol_validator = RegexValidator(
    SYMBOL_PATTERN,
    _("Ký hiệu chỉ gồm chữ in hoa không dấu, chữ Đ, chữ số và dấu gạch nối, ví dụ KTĐ-KTKT."),
)
# Words of a bloc's name that its symbol leaves out: the kind (it becomes KTĐ / CTĐ) and the joining words.
_KIND_WORDS = ("khoi thi dua", "cum thi dua", "khoi", "cum")
_SKIPPED_WORDS = {"cac", "co", "quan", "don", "vi", "va", "so", "cua", "tinh", "thanh", "pho"}


def suggest_symbol(name: str, kind: str) -> str:
    """The symbol a bloc's name suggests: "Khối thi đua Kinh tế - Kỹ thuật" → KTĐ-KTKT, "Cụm thi đua số 2" →
    CTĐ-2; KTĐ (CTĐ for a cluster) alone when the name has nothing more."""
    prefix = "CTĐ" if kind in ("cluster", "commune_cluster") else "KTĐ"
    words = (name or "").replace("-", " ").replace("–", " ").split()
    folded = " ".join(fold(word) for word in words)
    for kind_words in _KIND_WORDS:
        if folded.startswith(kind_words + " ") or folded == kind_words:
            words = words[len(kind_words.split()) :]
            break
    initials = []
    for word in words:
        plain = fold(word).strip(".,;:()\"'")
        if not plain or plain in _SKIPPED_WORDS:
            continue
        if plain.isdigit():
            initials.append(plain)
        elif plain[0].isalnum():
            initials.append("Đ" if word.strip(".,;:()\"'")[0] in "đĐ" else plain[0].upper())
    rest = "".join(initials)[:20]
    return f"{prefix}-{rest}" if rest else prefix


def default_symbol(name: str, short_name: str, kind: str) -> str:
    """A bloc's symbol when none is given (the interchange carries none; blocs made before symbols): its short
    name when that already reads as one (KTĐVHXH, the part its minutes numbers printed), else the suggestion."""
    short_name = (short_name or "").strip()
    if short_name and len(short_name) <= 30 and re.fullmatch(SYMBOL_PATTERN, short_name):
        return short_name
    return suggest_symbol(name, kind)


class Bloc(NamedModel):
    """An emulation bloc (khối thi đua: agencies of one sector) or cluster (cụm: districts by area)."""

    class Kind(models.TextChoices):
        BLOC = "bloc", _("Khối thi đua")
        CLUSTER = "cluster", _("Cụm thi đua")
        # Since the 2025 reorganization: clusters of communes and wards, their members the commune/ward
        # people's committees. The interchange knows "bloc" and "cluster": it writes "cluster".
        COMMUNE_CLUSTER = "commune_cluster", _("Cụm thi đua xã, phường")

    organizer = models.ForeignKey(Organizer, on_delete=models.PROTECT, related_name="blocs", verbose_name=_("tỉnh"))
    code = fields.NameField(_("mã"), max_length=40, validators=[code_validator])
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.BLOC)
    symbol = models.CharField(
        _("ký hiệu văn bản"),
        max_length=30,
        validators=[symbol_validator],
        help_text=_('In trong số văn bản, ví dụ KTĐ-KTKT trong "Số: 01/BB-KTĐ-KTKT".'),
    )
    # A bloc that ends: ``successor`` continues it from ``successor_from_year`` (this bloc has no members from
    # that year on). The successor may be a bloc of the province this one's was merged into.
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("khối, cụm kế tục"),
    )
    successor_from_year = models.PositiveSmallIntegerField(
        _("kế tục từ năm"), null=True, blank=True, validators=YEAR_VALIDATORS
    )

    class Meta:
        verbose_name = _("khối, cụm thi đua")
        verbose_name_plural = _("khối, cụm thi đua")
        ordering = ["sort_key", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organizer", "code"],
                name="bloc_code_unique_per_organizer",
                violation_error_message=_("Mã khối này đã có trong tỉnh."),
            ),
            models.CheckConstraint(
                condition=Q(symbol__regex=SYMBOL_PATTERN),
                name="bloc_symbol_format",
                violation_error_message=symbol_validator.message,
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True, successor_from_year__isnull=True)
                | Q(successor__isnull=False, successor_from_year__isnull=False),
                name="bloc_successor_with_year",
                violation_error_message=_("Khối kế tục và năm kế tục phải được nhập cùng nhau."),
            ),
            models.CheckConstraint(
                condition=~Q(successor=F("pk")),
                name="bloc_successor_not_self",
                violation_error_message=_("Một khối không thể kế tục chính nó."),
            ),
        ]

    def audit_owner(self) -> tuple[int, int, None]:
        return self.organizer_id, self.pk, None

    def clean(self) -> None:
        """A successor bloc: with its first year, another bloc of this province or of the province this one was
        merged into, and no loop."""
        errors: dict[str, str] = {}
        if bool(self.successor_id) != (self.successor_from_year is not None):
            errors["successor_from_year"] = _("Khối kế tục và năm kế tục phải được nhập cùng nhau.")
        elif self.successor_id:
            successor = self.successor
            if self.pk and successor.pk == self.pk:
                errors["successor"] = _("Một khối không thể kế tục chính nó.")
            elif successor.organizer_id != self.organizer_id and successor.organizer_id != (
                Organizer.objects.filter(pk=self.organizer_id).values_list("merged_into_id", flat=True).first()
            ):
                errors["successor"] = _("Khối kế tục phải thuộc cùng tỉnh hoặc tỉnh mà tỉnh này đã sáp nhập vào.")
            elif self.pk and chain_loops(Bloc, self.pk, successor.pk, "successor"):
                errors["successor"] = _("Chuỗi kế tục tạo thành vòng lặp.")
        if errors:
            raise ValidationError(errors)


class MembershipQuerySet(models.QuerySet):
    def in_year(self, year: int) -> MembershipQuerySet:
        return self.filter(from_year__lte=year).filter(Q(to_year__isnull=True) | Q(to_year__gte=year))


class Membership(models.Model):
    """An agency belongs to a bloc for every year from ``from_year`` to ``to_year`` (open-ended if empty)."""

    bloc = models.ForeignKey(Bloc, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("khối"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("cơ quan, đơn vị")
    )
    from_year = models.PositiveSmallIntegerField(_("từ năm"), validators=YEAR_VALIDATORS)
    to_year = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True, validators=YEAR_VALIDATORS)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành viên khối")
        verbose_name_plural = _("thành viên khối")
        ordering = ["bloc", "agency__sort_key", "from_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_year__isnull=True) | Q(to_year__gte=F("from_year")),
                name="membership_years_ordered",
                violation_error_message=_("Năm kết thúc không được trước năm bắt đầu."),
            ),
            models.UniqueConstraint(
                fields=["bloc", "agency", "from_year"],
                name="membership_unique_start",
                violation_error_message=_("Đơn vị đã là thành viên của khối từ năm này."),
            ),
        ]
        indexes = [models.Index(fields=["agency", "bloc"], name="membership_agency_bloc")]

    def __str__(self) -> str:
        end = self.to_year if self.to_year else "…"
        return f"{self.agency} ({self.from_year}–{end})"

    def covers(self, year: int) -> bool:
        return self.from_year <= year and (self.to_year is None or year <= self.to_year)

    def clean(self, *, others=None) -> None:
        """``others``: the agency's other year ranges in the bloc; read from the database when not given."""
        if self.to_year is not None and self.from_year and self.to_year < self.from_year:
            raise ValidationError({"to_year": _("Năm kết thúc không được trước năm bắt đầu.")})
        agency, bloc = related(self, "agency"), related(self, "bloc")
        if agency is not None and bloc is not None:
            if agency.organizer_id != bloc.organizer_id:
                raise ValidationError({"agency": _("Cơ quan phải thuộc cùng tỉnh với khối.")})
            ended = bloc.successor_from_year
            if ended is not None and (self.to_year is None or self.to_year >= ended):
                raise ValidationError(
                    {
                        "to_year": _("Khối đã được kế tục từ năm %(year)s: không có thành viên từ năm đó.")
                        % {"year": ended}
                    }
                )
            if others is None:
                others = (
                    Membership.objects.filter(bloc_id=self.bloc_id, agency_id=self.agency_id)
                    .exclude(pk=self.pk)
                    .values_list("from_year", "to_year")
                )
            if error := overlap_error(self.agency, (self.from_year, self.to_year), others):
                raise ValidationError(error)


def ranges_overlap(a: tuple[int, int | None], b: tuple[int, int | None]) -> bool:
    """Whether two year ranges (to_year None = open-ended) share a year."""
    a_end = a[1] if a[1] is not None else 9999
    b_end = b[1] if b[1] is not None else 9999
    return a[0] <= b_end and b[0] <= a_end


def overlap_error(agency, years: tuple[int, int | None], others) -> str | None:
    """The rule "ranges of one agency in one bloc must not overlap", for the services and the importer."""
    if any(ranges_overlap(years, other) for other in others):
        return _("%(agency)s đã là thành viên của khối trong một phần các năm này.") % {"agency": agency}
    return None


class MembershipIndex:
    """Memberships held in memory, so rules can be checked for thousands of rows without a query each."""

    def __init__(self, rows):
        """``rows``: iterable of (bloc_id, agency_id, from_year, to_year)."""
        self._ranges: dict[int, dict[int, list[tuple[int, int | None]]]] = {}
        for bloc_id, agency_id, from_year, to_year in rows:
            self._ranges.setdefault(bloc_id, {}).setdefault(agency_id, []).append((from_year, to_year))

    def is_member(self, bloc_id: int, agency_id: int, year: int) -> bool:
        return any(ranges_overlap((year, year), r) for r in self._ranges.get(bloc_id, {}).get(agency_id, ()))

    def members(self, bloc_id: int, year: int) -> set[int]:
        return {
            agency_id
            for agency_id, ranges in self._ranges.get(bloc_id, {}).items()
            if any(ranges_overlap((year, year), r) for r in ranges)
        }


_membership_index: ContextVar[MembershipIndex | None] = ContextVar("membership_index", default=None)


@contextmanager
def membership_index(index: MembershipIndex):
    """Within this block, membership rules read ``index`` instead of the database (used by the importer)."""
    token = _membership_index.set(index)
    try:
        yield index
    finally:
        _membership_index.reset(token)


def members_of(bloc_id: int, year: int) -> set[int]:
    """Ids of the agencies that belong to the bloc in the given year."""
    index = _membership_index.get()
    if index is not None:
        return index.members(bloc_id, year)
    return set(Membership.objects.in_year(year).filter(bloc_id=bloc_id).order_by().values_list("agency_id", flat=True))


def is_member(bloc_id: int, agency_id: int, year: int) -> bool:
    """Whether the agency belongs to the bloc in the given year."""
    index = _membership_index.get()
    if index is not None:
        return index.is_member(bloc_id, agency_id, year)
    return Membership.objects.in_year(year).filter(bloc_id=bloc_id, agency_id=agency_id).exists()


def not_a_member(record: models.Model, field: str, *, bloc_id: int | None, year: int | None) -> dict[str, str]:
    """The rule every record of a bloc's year holds for the agency it names in ``field`` (a signature, a
    score, attendance, a proposal's nominee, a rank, the chair): ``{field: message}`` when that agency is not
    a member of the bloc in ``year``, else nothing (nothing to check either while a value is missing)."""
    agency_id = getattr(record, f"{field}_id")
    if not (bloc_id and year and agency_id) or is_member(bloc_id, agency_id, year):
        return {}
    return {field: not_a_member_message(getattr(record, field), year)}


def not_a_member_message(agency, year: int) -> str:
    """What every page and service says of an agency named for a bloc's year it does not belong to."""
    return _("%(agency)s không phải là thành viên của khối trong năm %(year)s.") % {"agency": agency, "year": year}


class Leadership(models.Model):
    """The chair (trưởng khối) and vice-chair (phó trưởng khối) of a bloc for one year."""

    bloc = models.ForeignKey(Bloc, on_delete=models.CASCADE, related_name="leaderships", verbose_name=_("khối"))
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    chair = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="chair_terms", verbose_name=_("trưởng khối")
    )
    # Optional: some blocs elect only a chair (Quảng Ngãi, January 2018).
    vice_chair = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vice_chair_terms",
        verbose_name=_("phó trưởng khối"),
    )
    elected_at = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="elections",
        verbose_name=_("bầu tại hội nghị"),
    )

    class Meta:
        verbose_name = _("trưởng, phó khối")
        verbose_name_plural = _("trưởng, phó khối")
        ordering = ["bloc", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year"],
                name="leadership_one_per_bloc_year",
                violation_error_message=_("Khối đã có trưởng khối, phó trưởng khối cho năm này."),
            ),
            models.CheckConstraint(
                condition=~Q(chair=F("vice_chair")),
                name="leadership_chair_not_vice_chair",
                violation_error_message=_("Trưởng khối và phó trưởng khối phải là hai đơn vị khác nhau."),
            ),
        ]

    def __str__(self) -> str:
        if self.vice_chair_id is None:
            return f"{self.bloc.code} {self.year}: {self.chair}"
        return f"{self.bloc.code} {self.year}: {self.chair} / {self.vice_chair}"

    def audit_owner(self) -> tuple[int, int, int | None]:
        """An election is listed in the history of the meeting that held it, as well as the bloc's."""
        return self.bloc.organizer_id, self.bloc_id, self.elected_at_id

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.chair_id and self.chair_id == self.vice_chair_id:
            errors.setdefault("vice_chair", []).append(
                _("Trưởng khối và phó trưởng khối phải là hai đơn vị khác nhau.")
            )
        for field in ("chair", "vice_chair"):
            for name, message in not_a_member(self, field, bloc_id=self.bloc_id, year=self.year).items():
                errors.setdefault(name, []).append(message)
        if errors:
            raise ValidationError(errors)


class SecretaryAssignment(models.Model):
    """A user the board assigns as secretary (thư ký) of a bloc for a year, besides the chair's staff."""

    bloc = models.ForeignKey(Bloc, on_delete=models.CASCADE, related_name="secretaries", verbose_name=_("khối"))
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="secretary_assignments",
        verbose_name=_("người dùng"),
    )

    class Meta:
        verbose_name = _("thư ký khối được phân công")
        verbose_name_plural = _("thư ký khối được phân công")
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year", "user"],
                name="secretary_assignment_unique",
                violation_error_message=_("Người dùng này đã được phân công làm thư ký khối trong năm này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.bloc.code} {self.year}"

    def clean(self) -> None:
        if self.bloc_id and self.user_id and self.user.organizer_id != self.bloc.organizer_id:
            raise ValidationError({"user": _("Người dùng phải thuộc cùng tỉnh với khối.")})
