"""Forms of the decision pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from awards.models import AwardType
from blocs.models import Bloc
from core.forms import ModelIdsField, VietnameseDateField
from core.text import nfc
from decisions.models import Decision
from meetings.models import Proposal
from members.models import Organizer


class ProposalsField(ModelIdsField):
    """Proposals chosen by id (ids beyond 64 bits refused before any query: ``core.forms.ModelIdsField``)."""


class DecisionForm(forms.Form):
    """A decision's number, date and issuer, and the passed proposals it (also) awards."""

    number = forms.CharField(label=_("Số quyết định"), max_length=200, help_text=_("Ví dụ: 123/QĐ-UBND"))
    signed_on = VietnameseDateField(label=_("Ngày ký"))
    issued_by = forms.CharField(
        label=_("Cơ quan, người ban hành"),
        max_length=500,
        required=False,
        help_text=_("Ví dụ: Chủ tịch UBND tỉnh Quảng Ngãi"),
    )
    proposals = ProposalsField(
        label=_("Các đề nghị được khen thưởng"),
        queryset=Proposal.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("Đề nghị %(value)s không tồn tại hoặc không thuộc tỉnh."),
            "invalid_pk_value": _("Đề nghị %(pk)s không hợp lệ."),
        },
    )

    def __init__(self, *args, organizer: Organizer, decision: Decision | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizer, self.decision = organizer, decision
        # Any proposal of the province is accepted here: the service says why one cannot be awarded
        # (not passed, already awarded by decision X) beside the list.
        self.fields["proposals"].queryset = Proposal.objects.filter(bloc__organizer=organizer)

    def clean_number(self) -> str:
        number = nfc(self.cleaned_data["number"].strip())
        # Mirrors the constraint decision_number_unique_per_organizer, so the message sits beside the field.
        taken = Decision.objects.filter(organizer=self.organizer, number=number)
        if self.decision is not None:
            taken = taken.exclude(pk=self.decision.pk)
        if taken.exists():
            raise ValidationError(_("Số quyết định này đã có trong tỉnh."))
        return number

    def selected_ids(self) -> set[int]:
        """The proposals ticked, as typed (also when the form is shown again after a filter or an error)."""
        ids = set()
        for value in self["proposals"].value() or []:
            try:
                pk = int(value)
            except (TypeError, ValueError):
                continue
            if 0 < pk < 2**63:  # a database id; a larger number names no proposal and overflows the query
                ids.add(pk)
        return ids


class ProposalFilterForm(forms.Form):
    """Which passed proposals the decision form lists: by year, bloc and award type."""

    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)
    bloc = forms.ModelChoiceField(
        label=_("Khối, cụm"), queryset=Bloc.objects.none(), required=False, empty_label=_("Tất cả")
    )
    award_type = forms.ModelChoiceField(
        label=_("Hình thức"), queryset=AwardType.objects.none(), required=False, empty_label=_("Tất cả")
    )

    def __init__(self, *args, organizer: Organizer, **kwargs):
        kwargs.setdefault("prefix", "loc")
        super().__init__(*args, **kwargs)
        self.fields["bloc"].queryset = Bloc.objects.filter(organizer=organizer)
        self.fields["award_type"].queryset = AwardType.objects.filter(organizer=organizer)
        for name in ("bloc", "award_type"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def apply(self, proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
        if not self.is_valid():
            return proposals
        if year := self.cleaned_data.get("year"):
            proposals = proposals.filter(year=year)
        if bloc := self.cleaned_data.get("bloc"):
            proposals = proposals.filter(bloc=bloc)
        if award_type := self.cleaned_data.get("award_type"):
            proposals = proposals.filter(award_type=award_type)
        return proposals
