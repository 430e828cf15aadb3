"""Organizers (provinces), their agencies, and the people who use the application."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core import fields
from core.text import fold, nfc, sort_key
from core.validation import chain_loops

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$",
    _("Mã chỉ gồm chữ không dấu, chữ số và các ký tự _ . -, tối đa 40 ký tự."),
)


class NamedModel(models.Model):
    """A record with a Vietnamese name, kept NFC, sortable and searchable without diacritics."""

    name = fields.NameField(_("tên"), max_length=500)
    short_name = fields.NameField(_("tên viết tắt"), max_length=200, blank=True)
    sort_key = models.CharField(max_length=2000, editable=False, db_index=True, default="")
    search_text = models.CharField(max_length=1200, editable=False, default="")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def refresh_text_keys(self) -> None:
        """Normalise the name and recompute the collation key and the search text."""
        self.name = nfc(self.name)
        self.short_name = nfc(self.short_name)
        self.sort_key = sort_key(self.name)
        self.search_text = fold(" ".join(filter(None, [self.name, self.short_name, getattr(self, "code", "")])))

    def save(self, *args, **kwargs):
        self.refresh_text_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "short_name", "code"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name", "short_name", "sort_key", "search_text"}
        super().save(*args, **kwargs)


class Organizer(models.Model):
    """A province (or other body) that runs emulation blocs: Ủy ban nhân dân tỉnh …"""

    code = fields.NameField(_("mã"), max_length=40, unique=True, validators=[code_validator])
    name = fields.NameField(_("tên"), max_length=500, help_text=_("Ví dụ: Ủy ban nhân dân tỉnh Quảng Ngãi"))
    short_name = fields.NameField(
        _("tên viết tắt"), max_length=200, blank=True, help_text=_("Ví dụ: UBND tỉnh Quảng Ngãi")
    )
    place_name = fields.NameField(
        _("địa danh"), max_length=200, help_text=_("Địa danh ghi ở dòng ngày tháng: Quảng Ngãi")
    )
    board_name = fields.NameField(_("tên Ban Thi đua - Khen thưởng"), max_length=500, blank=True)
    # The 2025 reorganization: from ``merged_on`` this province is part of ``merged_into``. Its records stay its
    # own (its names, its blocs); the successor's board staff read them (blocs.access.readable_organizers).
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("sáp nhập vào tỉnh"),
    )
    merged_on = fields.DateField(_("sáp nhập từ ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("tỉnh (đơn vị tổ chức)")
        verbose_name_plural = _("tỉnh (đơn vị tổ chức)")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True, merged_on__isnull=True)
                | Q(merged_into__isnull=False, merged_on__isnull=False),
                name="organizer_merged_with_date",
                violation_error_message=_("Tỉnh sáp nhập vào và ngày sáp nhập phải được nhập cùng nhau."),
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")),
                name="organizer_not_merged_into_self",
                violation_error_message=_("Một tỉnh không thể sáp nhập vào chính nó."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_owner(self) -> tuple[int, None, None]:
        return self.pk, None, None

    def clean(self) -> None:
        for field in ("name", "short_name", "place_name", "board_name"):
            setattr(self, field, nfc(getattr(self, field)))
        errors: dict[str, str] = {}
        if bool(self.merged_into_id) != bool(self.merged_on):
            errors["merged_on"] = _("Tỉnh sáp nhập vào và ngày sáp nhập phải được nhập cùng nhau.")
        elif self.merged_into_id and self.pk and self.merged_into_id == self.pk:
            errors["merged_into"] = _("Một tỉnh không thể sáp nhập vào chính nó.")
        elif self.merged_into_id and self.pk and chain_loops(Organizer, self.pk, self.merged_into_id, "merged_into"):
            errors["merged_into"] = _("Chuỗi sáp nhập tạo thành vòng lặp.")
        if errors:
            raise ValidationError(errors)

    def board_name_on(self, day: datetime.date) -> str:
        """The board's name in force on ``day`` (``BoardName``), else the current one (``board_name``)."""
        found = (
            BoardName.objects.filter(organizer_id=self.pk, valid_from__lte=day)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
            .order_by("-valid_from")
            .values_list("name", flat=True)
            .first()
        )
        return found or self.board_name


class BoardName(models.Model):
    """The board's name (with its parent body: "Phòng Thi đua, khen thưởng - Sở Nội vụ") over a period:
    documents print the name in force on their date (``Organizer.board_name`` when none is)."""

    organizer = models.ForeignKey(
        Organizer, on_delete=models.CASCADE, related_name="board_names", verbose_name=_("tỉnh")
    )
    name = fields.NameField(_("tên cơ quan thi đua, khen thưởng"), max_length=500)
    valid_from = fields.DateField(_("từ ngày"))
    valid_until = fields.DateField(_("đến hết ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("tên cơ quan thi đua, khen thưởng theo thời gian")
        verbose_name_plural = _("tên cơ quan thi đua, khen thưởng theo thời gian")
        ordering = ["organizer", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organizer", "valid_from"],
                name="board_name_unique_start",
                violation_error_message=_("Tỉnh đã có một tên bắt đầu từ ngày này."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="board_name_period_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_owner(self) -> tuple[int, None, None]:
        return self.organizer_id, None, None

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("Ngày kết thúc không được trước ngày bắt đầu.")})


def board_name_problems(rows: Sequence[BoardName]) -> dict[int, dict[str, list[str]]]:
    """The rules of a province's names over time, for a list replacing its names, by row (its index in
    ``rows``) and field: each row's own fields and period, and no two periods sharing a day (said on the later
    one). The service refuses on them; the page and the importer place them beside their row."""
    problems: dict[int, dict[str, list[str]]] = {}
    for index, row in enumerate(rows):
        errors: dict = {}
        for step in (lambda row=row: row.clean_fields(exclude=["organizer"]), row.clean):
            try:
                step()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            problems[index] = {field: ValidationError(messages).messages for field, messages in errors.items()}
    ordered = sorted((i for i in range(len(rows)) if i not in problems), key=lambda i: rows[i].valid_from)
    for previous, index in itertools.pairwise(ordered):
        until = rows[previous].valid_until
        if until is None or until >= rows[index].valid_from:
            message = _("Tên “%(name)s” bắt đầu khi tên “%(previous)s” còn hiệu lực.") % {
                "name": rows[index].name,
                "previous": rows[previous].name,
            }
            problems.setdefault(index, {}).setdefault("valid_from", []).append(message)
    return problems


class Agency(NamedModel):
    """A member agency (cơ quan, đơn vị). A rename or merge points to its successor from a date on."""

    organizer = models.ForeignKey(Organizer, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("tỉnh"))
    code = fields.NameField(_("mã"), max_length=40, validators=[code_validator])
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("đơn vị kế thừa"),
        help_text=_("Đơn vị mà đơn vị này được sáp nhập vào hoặc đổi tên thành."),
    )
    until = fields.DateField(
        _("ngày cuối cùng hoạt động"), null=True, blank=True, help_text=_("Bắt buộc khi có đơn vị kế thừa.")
    )

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["sort_key", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organizer", "code"],
                name="agency_code_unique_per_organizer",
                violation_error_message=_("Mã cơ quan này đã có trong tỉnh."),
            ),
            # Names are stored NFC (fields.NameField): the same name typed with decomposed accents is the same.
            models.UniqueConstraint(
                fields=["organizer", "name"],
                name="agency_name_unique_per_organizer",
                violation_error_message=_("Tỉnh đã có một cơ quan, đơn vị cùng tên."),
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True, until__isnull=True)
                | Q(successor__isnull=False, until__isnull=False),
                name="agency_successor_with_until",
                violation_error_message=_("Đơn vị kế thừa và ngày cuối cùng hoạt động phải được nhập cùng nhau."),
            ),
            models.CheckConstraint(
                condition=~Q(successor=models.F("pk")),
                name="agency_successor_not_self",
                violation_error_message=_("Một đơn vị không thể kế thừa chính nó."),
            ),
        ]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if bool(self.successor_id) != bool(self.until):
            errors["until"] = _("Đơn vị kế thừa và ngày cuối cùng hoạt động phải được nhập cùng nhau.")
        # The successor may be in another province (the 2025 reorganization moved agencies across provinces).
        if self.successor_id and self.pk and self.successor_id == self.pk:
            errors["successor"] = _("Một đơn vị không thể kế thừa chính nó.")
        elif self.successor_id and self.pk and chain_loops(Agency, self.pk, self.successor_id, "successor"):
            errors["successor"] = _("Chuỗi kế thừa tạo thành vòng lặp.")
        if errors:
            raise ValidationError(errors)

    def active_on(self, day: datetime.date) -> bool:
        return self.until is None or day <= self.until


class User(AbstractUser):
    """A person using the application: board staff of an organizer, or a user of an agency."""

    class Role(models.TextChoices):
        BOARD_STAFF = "board_staff", _("Cán bộ Ban Thi đua - Khen thưởng")
        AGENCY_USER = "agency_user", _("Người dùng của cơ quan, đơn vị")

    organizer = models.ForeignKey(
        Organizer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("tỉnh"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("cơ quan"),
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.AGENCY_USER)
    # How many of the user's notifications (notices.Notification) are unread: kept here, on the row every page
    # loads anyway, so the menu's bell costs no query. Changed only by notices.services, with F() in the
    # transaction that adds or reads the notifications.
    unread_notifications = models.IntegerField(_("số thông báo chưa đọc"), default=0, editable=False)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=Q(role="agency_user") | Q(organizer__isnull=False),
                name="user_board_staff_has_organizer",
                violation_error_message=_("Cán bộ Ban Thi đua - Khen thưởng phải thuộc một tỉnh."),
            ),
            models.CheckConstraint(
                condition=Q(unread_notifications__gte=0),
                name="user_unread_notifications_not_negative",
                violation_error_message=_("Số thông báo chưa đọc không thể âm."),
            ),
            # The invitation and "Quên mật khẩu" reach a person by their address: one account per address.
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="user_email_unique",
                violation_error_message=_("Địa chỉ email này đã được dùng cho một người dùng khác."),
            ),
        ]

    def save(self, *args, **kwargs):
        # A save of the whole row (the admin's form, set_password) must not write back the unread count it
        # read: a notification may have been added since. The count is written only by F() updates.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            loaded = {f.attname for f in self._meta.concrete_fields if not f.primary_key} - self.get_deferred_fields()
            kwargs["update_fields"] = loaded - {"unread_notifications"}
        super().save(*args, **kwargs)

    @property
    def is_board_staff(self) -> bool:
        return self.role == self.Role.BOARD_STAFF and self.organizer_id is not None

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.role == self.Role.BOARD_STAFF and not self.organizer_id:
            errors["organizer"] = _("Cán bộ Ban Thi đua - Khen thưởng phải thuộc một tỉnh.")
        if self.agency_id:
            if self.organizer_id and self.agency.organizer_id != self.organizer_id:
                errors["agency"] = _("Cơ quan phải thuộc tỉnh của người dùng.")
            else:
                self.organizer_id = self.agency.organizer_id
        # Mirrors user_email_unique, so that the message sits beside the field.
        if self.email and User.objects.filter(email__iexact=self.email).exclude(pk=self.pk).exists():
            errors["email"] = _("Địa chỉ email này đã được dùng cho một người dùng khác.")
        if errors:
            raise ValidationError(errors)
