"""Forms of self-scoring: the secretary's opening of the round, the agency's sheet, the secretary's review."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import VietnameseDateField
from core.numbers import number_text, typed_number
from core.uploads import size_problem
from pledges.models import EVIDENCE_MAX_BYTES, Criterion, Score, SelfScore

EVIDENCE_ACCEPT = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"


class ScoringOpenForm(forms.Form):
    deadline = VietnameseDateField(
        label=_("Hạn nộp bảng tự chấm điểm"), help_text=_("Các đơn vị tự chấm và nộp đến hết ngày này.")
    )


class EvidenceField(forms.FileField):
    """An evidence file: over 20 MB is refused here already (the service reads its type from the content)."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload.size > EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(size_problem(upload, EVIDENCE_MAX_BYTES))
        return upload


class SelfScoreForm(forms.Form):
    """The agency's sheet: per criterion its points (``"<criterion id>-points"``, the keys of the errors
    ``scoring.self_score_save`` reports), explanation and a new evidence file; ``confirm`` to submit."""

    confirm = forms.BooleanField(
        label=_("Tôi xác nhận nộp bảng tự chấm điểm; sau khi nộp không thể sửa."), required=False
    )

    def __init__(self, *args, criteria: Sequence[Criterion], stored: Mapping[int, SelfScore], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            own = stored.get(criterion.pk)
            self.fields[f"{criterion.pk}-points"] = forms.CharField(
                label=_("Điểm tự chấm"),
                required=False,
                max_length=20,
                initial=number_text(own.points) if own else "",
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "size": 6, "class": "form-control form-control-sm"}
                ),
            )
            self.fields[f"{criterion.pk}-explanation"] = forms.CharField(
                label=_("Giải trình"),
                required=False,
                max_length=5000,
                initial=own.explanation if own else "",
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
            )
            self.fields[f"{criterion.pk}-file"] = EvidenceField(
                label=_("Thêm minh chứng"),
                required=False,
                max_length=300,
                widget=forms.ClearableFileInput(
                    attrs={"accept": EVIDENCE_ACCEPT, "class": "form-control form-control-sm"}
                ),
            )

    def lines(self) -> dict[int, dict]:
        """Criterion id → points (as the service reads them, "" clears) and explanation."""
        return {
            c.pk: {
                "points": typed_number(self.cleaned_data.get(f"{c.pk}-points") or ""),
                "explanation": self.cleaned_data.get(f"{c.pk}-explanation") or "",
            }
            for c in self.criteria
        }

    def uploads(self) -> dict[int, object]:
        """Criterion id → the file chosen for it."""
        return {c.pk: upload for c in self.criteria if (upload := self.cleaned_data.get(f"{c.pk}-file"))}

    def row(self, criterion: Criterion) -> dict:
        return {name: self[f"{criterion.pk}-{name}"] for name in ("points", "explanation", "file")}


class ReviewForm(forms.Form):
    """The secretary's review of an agency's lines: per criterion ``"<criterion id>-decision"`` (accept, set
    the bloc's points, or leave as it is), ``-points`` and ``-reason``."""

    ACCEPT, ADJUST, KEEP = "accept", "adjust", ""

    def __init__(
        self,
        *args,
        criteria: Sequence[Criterion],
        own: Mapping[int, SelfScore],
        reviewed: Mapping[int, Score],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            score, mine = reviewed.get(criterion.pk), own.get(criterion.pk)
            adjusted = score is not None and (mine is None or score.points != mine.points or score.note)
            choices = [(self.KEEP, _("Chưa duyệt / giữ nguyên"))] if score is None else [(self.KEEP, _("Giữ nguyên"))]
            if mine is not None:
                choices.append((self.ACCEPT, _("Đồng ý điểm tự chấm")))
            choices.append((self.ADJUST, _("Điểm của khối khác")))
            self.fields[f"{criterion.pk}-decision"] = forms.ChoiceField(
                label=_("Duyệt"),
                choices=choices,
                required=False,
                initial=self.KEEP,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
            self.fields[f"{criterion.pk}-points"] = forms.CharField(
                label=_("Điểm của khối"),
                required=False,
                max_length=20,
                initial=number_text(score.points) if adjusted else "",
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "size": 6, "class": "form-control form-control-sm"}
                ),
            )
            self.fields[f"{criterion.pk}-reason"] = forms.CharField(
                label=_("Lý do (đơn vị xem được)"),
                required=False,
                max_length=2000,
                initial=score.note if adjusted and score else "",
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
            )

    def decisions(self) -> list[tuple[Criterion, dict]]:
        """The lines to write: (criterion, the arguments of ``scoring.score_review``)."""
        chosen = []
        for criterion in self.criteria:
            decision = self.cleaned_data.get(f"{criterion.pk}-decision")
            if decision == self.ACCEPT:
                chosen.append((criterion, {"accept": True}))
            elif decision == self.ADJUST:
                points = typed_number(self.cleaned_data.get(f"{criterion.pk}-points") or "")
                reason = self.cleaned_data.get(f"{criterion.pk}-reason") or ""
                chosen.append((criterion, {"points": points, "reason": reason}))
        return chosen

    def row(self, criterion: Criterion) -> dict:
        return {name: self[f"{criterion.pk}-{name}"] for name in ("decision", "points", "reason")}
