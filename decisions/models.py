"""Award decisions (quyết định khen thưởng) and the passed proposals they award."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import fields
from core.text import nfc
from meetings.models import Proposal
from members.models import Organizer


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
        db_table = "awards_decision"  # moved from the awards app: the table kept its name
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
        db_table = "awards_decisionaward"  # moved from the awards app: the table kept its name
        verbose_name = _("khen thưởng theo quyết định")
        verbose_name_plural = _("khen thưởng theo quyết định")

    def __str__(self) -> str:
        return f"{self.decision.number}: {self.proposal}"

    def clean(self) -> None:
        if not (self.decision_id and self.proposal_id):
            return
        if self.proposal.outcome != Proposal.Outcome.PASSED:
            raise ValidationError({"proposal": _("Chỉ khen thưởng đề nghị đã được biểu quyết đạt.")})
        if not self.proposal.meeting.is_finalized:
            # The result is official once the meeting's minutes are: a draft's votes may still change.
            raise ValidationError(
                {"proposal": _("%(meeting)s chưa chốt biên bản: chỉ khen thưởng đề nghị của hội nghị đã chốt.")
                 % {"meeting": self.proposal.meeting.display_title}}
            )  # fmt: skip
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
