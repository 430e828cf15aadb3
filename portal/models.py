"""What the board chooses to show the public: a province's results of a year (``portal.publication``)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blocs.models import YEAR_VALIDATORS
from members.models import Organizer

MINUTES_NEED_RESULTS = _("Chỉ công khai biên bản khi kết quả năm đó được công khai.")


class PublicResults(models.Model):
    """Whether a province's results of a year are on its public page (no login), and with the minutes or not."""

    organizer = models.ForeignKey(
        Organizer, on_delete=models.CASCADE, related_name="public_results", verbose_name=_("tỉnh")
    )
    year = models.PositiveSmallIntegerField(_("năm thi đua"), validators=YEAR_VALIDATORS)
    published = models.BooleanField(_("công khai kết quả"), default=False)
    minutes_published = models.BooleanField(_("công khai biên bản"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thay đổi"),
    )
    updated_at = models.DateTimeField(_("thời điểm thay đổi"), default=timezone.now)

    class Meta:
        verbose_name = _("công khai kết quả")
        verbose_name_plural = _("công khai kết quả")
        ordering = ["organizer", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organizer", "year"],
                name="public_results_one_per_year",
                violation_error_message=_("Tỉnh đã có thiết lập công khai cho năm này."),
            ),
            models.CheckConstraint(
                condition=Q(minutes_published=False) | Q(published=True),
                name="public_results_minutes_need_results",
                violation_error_message=MINUTES_NEED_RESULTS,
            ),
        ]

    def __str__(self) -> str:
        if not self.published:
            return _("Năm %(year)s: không công khai") % {"year": self.year}
        if self.minutes_published:
            return _("Năm %(year)s: công khai kết quả và biên bản") % {"year": self.year}
        return _("Năm %(year)s: công khai kết quả") % {"year": self.year}

    def audit_owner(self) -> tuple[int, None, None]:
        return self.organizer_id, None, None

    def clean(self) -> None:
        if self.minutes_published and not self.published:
            raise ValidationError({"minutes_published": MINUTES_NEED_RESULTS})
