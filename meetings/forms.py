"""Forms of the meeting pages. They read what the secretary types and hand plain values to the services
(meetings.services, awards.services), which hold the rules; a service's refusal is shown beside the
field it names, or above the form."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from awards.models import AwardType
from awards.rules import Tally
from blocs.forms import AgencyChoiceField
from blocs.models import YEAR_VALIDATORS
from core.forms import SheetForm, VietnameseDateField
from meetings.models import Ballot
from members.models import Agency

from .models import Attendance, Meeting, Participant
from .selectors import CONTENT_FIELDS, GENERAL_FIELDS

# What the title is prefilled with for each kind (``{year}``: the emulation year).
DEFAULT_TITLES = {
    Meeting.Kind.YEAR_END_REVIEW: "Hội nghị tổng kết công tác thi đua, khen thưởng năm {year}",
    Meeting.Kind.MID_YEAR_REVIEW: "Hội nghị sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm {year}",
    Meeting.Kind.PLEDGE_SIGNING: "Hội nghị ký kết giao ước thi đua năm {year}",
    Meeting.Kind.OTHER: "",
}


def default_title(kind: str, year: int | None) -> str:
    return DEFAULT_TITLES.get(kind, "").format(year=year or "") if year else ""


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(format="%H:%M", attrs={"type": "time"})


class MeetingForm(SheetForm):
    """Kind, year, date and time, title, venue and host: the general information of a meeting. Edited with
    the meeting's version (``SheetVersionForm``): a save over someone else's is refused, then merged."""

    kind = forms.ChoiceField(label=_("Loại hội nghị"), choices=Meeting.Kind.choices)
    year = forms.IntegerField(
        label=_("Năm thi đua"),
        validators=YEAR_VALIDATORS,
        help_text=_("Năm của công tác được tổng kết, sơ kết."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    held_on = VietnameseDateField(label=_("Ngày họp"))
    start_time = forms.TimeField(label=_("Giờ bắt đầu"), required=False, widget=_time_input())
    end_time = forms.TimeField(label=_("Giờ kết thúc"), required=False, widget=_time_input())
    title = forms.CharField(
        label=_("Tên hội nghị"),
        max_length=2000,
        required=False,
        help_text=_("Để trống thì lấy tên theo loại hội nghị."),
    )
    venue = forms.CharField(label=_("Địa điểm"), max_length=2000, required=False)
    host = AgencyChoiceField(
        label=_("Đơn vị đăng cai"), queryset=Agency.objects.none(), required=False, empty_label=_("— Không ghi —")
    )
    pledge_year = forms.IntegerField(
        label=_("Ký giao ước thi đua năm"),
        required=False,
        validators=YEAR_VALIDATORS,
        help_text=_(
            "Hội nghị ký kết: để trống thì là năm thi đua của hội nghị. Hội nghị khác: chỉ ghi khi có ký giao ước."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    minutes_number = forms.CharField(
        label=_("Số biên bản"),
        max_length=200,
        required=False,
        help_text=_("Để trống thì hệ thống tự cấp số khi chốt, ví dụ 01/BB-KTĐ-KTKT."),
    )

    def __init__(self, *args, hosts, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts
        self.fields["kind"].widget.attrs["data-title-templates"] = json.dumps(
            {str(k): v for k, v in DEFAULT_TITLES.items()}, ensure_ascii=False
        )
        self.fields["title"].widget.attrs["data-title-auto"] = ""
        self.hosts = hosts
        if creating:
            del self.fields["minutes_number"]  # numbered when finalized, or corrected later

    @classmethod
    def initial_of(cls, meeting: Meeting) -> dict:
        return {**{name: getattr(meeting, name) for name in GENERAL_FIELDS}, "host": meeting.host_id}

    def rebuilt(self, data: Mapping[str, str]) -> MeetingForm:
        return MeetingForm(data, hosts=self.hosts)

    def clean(self):
        data = super().clean()
        if not (data.get("title") or "").strip() and data.get("kind") and data.get("year"):
            data["title"] = default_title(data["kind"], data["year"])
        if data.get("kind") == Meeting.Kind.PLEDGE_SIGNING and not data.get("pledge_year") and data.get("year"):
            data["pledge_year"] = data["year"]  # the pledge signed at a signing meeting is its year's
        return data

    def meeting_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class ContentForm(SheetForm):
    """The report, the shortcomings and the directions (one a line), edited with the meeting's version."""

    report = forms.CharField(
        label=_("Báo cáo kết quả"), required=False, max_length=50000, widget=forms.Textarea(attrs={"rows": 8})
    )
    shortcomings = forms.CharField(
        label=_("Tồn tại, hạn chế"), required=False, max_length=50000, widget=forms.Textarea(attrs={"rows": 4})
    )
    directions = forms.CharField(
        label=_("Phương hướng, nhiệm vụ"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Mỗi dòng là một nhiệm vụ."),
    )

    @classmethod
    def initial_of(cls, meeting: Meeting) -> dict:
        return {
            "report": meeting.report,
            "shortcomings": meeting.shortcomings,
            "directions": "\n".join(meeting.directions),
        }

    def rebuilt(self, data: Mapping[str, str]) -> ContentForm:
        return ContentForm(data)

    def clean_directions(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["directions"].splitlines() if line.strip()]

    def meeting_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in CONTENT_FIELDS}


class AttendanceForm(SheetForm):
    """For each member agency of the year: present, who represented it and in what capacity."""

    FIELDS = ("present", "representative", "title")

    def __init__(self, *args, agencies: Sequence[Agency], stored: Mapping[int, Attendance], **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies, self.stored = list(agencies), stored
        for agency in self.agencies:
            row = stored.get(agency.pk)
            self.fields[f"{agency.pk}-present"] = forms.BooleanField(
                label=_("Có mặt"), required=False, initial=bool(row and row.present)
            )
            self.fields[f"{agency.pk}-present"].widget.attrs["data-present"] = ""
            self.fields[f"{agency.pk}-representative"] = forms.CharField(
                label=_("Người đại diện"), required=False, max_length=300, initial=row.representative if row else ""
            )
            self.fields[f"{agency.pk}-title"] = forms.CharField(
                label=_("Chức vụ"), required=False, max_length=300, initial=row.title if row else ""
            )

    def rebuilt(self, data: Mapping[str, str]) -> AttendanceForm:
        return AttendanceForm(data, agencies=self.agencies, stored=self.stored)

    def rows(self) -> list[tuple[Agency, list[forms.BoundField]]]:
        return [(agency, [self[f"{agency.pk}-{name}"] for name in self.FIELDS]) for agency in self.agencies]

    def attendance(self) -> list[dict]:
        return [
            {
                "agency": agency,
                "present": self.cleaned_data[f"{agency.pk}-present"],
                "representative": self.cleaned_data[f"{agency.pk}-representative"],
                "title": self.cleaned_data[f"{agency.pk}-title"],
            }
            for agency in self.agencies
        ]


class PersonForm(forms.Form):
    """One person at the meeting: name, title, and their agency (member) or organization (outside)."""

    name = forms.CharField(label=_("Họ và tên"), max_length=300, required=False)
    title = forms.CharField(label=_("Chức vụ"), max_length=500, required=False)
    agency = AgencyChoiceField(
        label=_("Cơ quan trong tỉnh"), queryset=Agency.objects.none(), required=False, empty_label=_("— Không chọn —")
    )
    organization = forms.CharField(
        label=_("Cơ quan, tổ chức khác"), max_length=500, required=False, help_text=_("Nếu không thuộc danh sách.")
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()

    def clean(self):
        data = super().clean()
        filled = any(data.get(name) for name in ("title", "agency", "organization"))
        if filled and not (data.get("name") or "").strip():
            # Participant.clean() says the same, without the row: here it sits beside the name.
            self.add_error("name", _("Họ và tên không được để trống."))
        return data

    def person(self) -> dict | None:
        data = self.cleaned_data
        if not (data.get("name") or "").strip():
            return None
        return {name: data.get(name) or ("" if name != "agency" else None) for name in self.base_fields}


class GuestForm(PersonForm):
    """A guest: a person, or a group with no name ("Lãnh đạo" of an organization)."""

    title = forms.CharField(
        label=_("Chức vụ hoặc mô tả"),
        max_length=500,
        required=False,
        help_text=_("Khách mời là tập thể: để trống họ và tên, ghi mô tả (ví dụ: Lãnh đạo) và cơ quan."),
    )

    def clean(self):
        data = forms.Form.clean(self)
        if (
            not (data.get("name") or "").strip()
            and data.get("title")
            and not (data.get("agency") or (data.get("organization") or "").strip())
        ):
            # Participant.clean() says the same, without the row: here it sits beside the organization.
            self.add_error("organization", _("Khách mời là tập thể: cần ghi cơ quan, tổ chức."))
        return data

    def person(self) -> dict | None:
        data = self.cleaned_data
        if not ((data.get("name") or "").strip() or data.get("agency") or (data.get("organization") or "").strip()):
            return None
        return {name: data.get(name) or ("" if name != "agency" else None) for name in self.base_fields}


class BasePersonFormSet(forms.BaseFormSet):
    def __init__(self, *args, agencies=None, **kwargs):
        self.agencies = agencies
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "agencies": self.agencies}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            agencies=self.agencies,
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form

    def people(self) -> list[dict]:
        return [person for form in self.forms if form.cleaned_data and (person := form.person())]


def person_formset(*, extra: int, guests: bool = False):
    return forms.formset_factory(GuestForm if guests else PersonForm, formset=BasePersonFormSet, extra=extra)


def people_initial(participants: Sequence[Participant]) -> list[dict]:
    return [
        {"name": p.name, "title": p.title, "agency": p.agency_id, "organization": p.organization} for p in participants
    ]


class ElectionForm(forms.Form):
    """Next year's chair and vice-chair (optional: some blocs elect a chair alone), among that year's members."""

    chair = AgencyChoiceField(label=_("Trưởng khối"), queryset=Agency.objects.none(), empty_label=_("— Chọn —"))
    vice_chair = AgencyChoiceField(
        label=_("Phó trưởng khối"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("— Không bầu phó trưởng khối —"),
    )

    def __init__(self, *args, agencies: Sequence[Agency], **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("sort_key", "code")
        self.fields["chair"].queryset = queryset
        self.fields["vice_chair"].queryset = queryset

    def clean(self):
        data = super().clean()
        if data.get("chair") and data.get("chair") == data.get("vice_chair"):
            # Leadership.clean() holds the rule; said here so the message sits beside the field at once.
            self.add_error("vice_chair", _("Trưởng khối và phó trưởng khối phải là hai đơn vị khác nhau."))
        return data


class RankingForm(SheetForm):
    """The rank of each member agency (1 = đơn vị nhất khối); an empty cell leaves the agency unranked."""

    def __init__(self, *args, agencies: Sequence[Agency], stored: Mapping[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies, self.stored = list(agencies), stored
        for agency in self.agencies:
            self.fields[f"{agency.pk}-rank"] = forms.IntegerField(
                label=agency.name,
                required=False,
                min_value=1,
                max_value=999,
                initial=stored.get(agency.pk),
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "text-end"}),
                error_messages={"min_value": _("Thứ hạng phải từ 1 trở lên."), "invalid": _("Nhập một số.")},
            )

    def rebuilt(self, data: Mapping[str, str]) -> RankingForm:
        return RankingForm(data, agencies=self.agencies, stored=self.stored)

    def label_of(self, name: str) -> str:
        agency = next(a for a in self.agencies if name == f"{a.pk}-rank")
        return _("%(agency)s — thứ hạng") % {"agency": agency.name}

    def rows(self) -> list[tuple[Agency, forms.BoundField]]:
        return [(agency, self[f"{agency.pk}-rank"]) for agency in self.agencies]

    def ranks(self) -> dict[int, int]:
        return {
            agency.pk: rank
            for agency in self.agencies
            if (rank := self.cleaned_data.get(f"{agency.pk}-rank")) is not None
        }


class VotesForm(SheetForm):
    """The votes on a proposal: none yet, one ballot per agency entitled to vote, or a tally."""

    class Mode:
        NONE = "none"
        BALLOTS = "ballots"
        TALLY = "tally"

    MODES = [
        (Mode.BALLOTS, _("Phiếu của từng đơn vị")),
        (Mode.TALLY, _("Tổng hợp số phiếu")),
        (Mode.NONE, _("Chưa biểu quyết")),
    ]
    VOTE_CHOICES = [("", _("Chưa bỏ phiếu")), *Ballot.Vote.choices]

    mode = forms.ChoiceField(label=_("Cách nhập phiếu"), choices=MODES, widget=forms.RadioSelect, initial=Mode.BALLOTS)
    votes_for = forms.IntegerField(label=_("Đồng ý"), required=False, min_value=0, max_value=999)
    votes_against = forms.IntegerField(label=_("Không đồng ý"), required=False, min_value=0, max_value=999)
    votes_abstain = forms.IntegerField(label=_("Không biểu quyết"), required=False, min_value=0, max_value=999)

    def __init__(self, *args, voters: Sequence[Agency], **kwargs):
        super().__init__(*args, **kwargs)
        self.voters = list(voters)
        for name in ("votes_for", "votes_against", "votes_abstain"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "data-tally": name})
        for agency in self.voters:
            self.fields[f"ballot-{agency.pk}"] = forms.ChoiceField(
                label=agency.name,
                choices=self.VOTE_CHOICES,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input", "data-ballot": ""}),
            )

    @property
    def agencies(self) -> list[Agency]:
        return self.voters

    def rebuilt(self, data: Mapping[str, str]) -> VotesForm:
        return VotesForm(data, voters=self.voters, initial=self.initial)

    def label_of(self, name: str) -> str:
        if name.startswith("ballot-"):
            return _("Phiếu của %(agency)s") % {"agency": self.fields[name].label}
        return str(self.fields[name].label)

    def ballot_fields(self) -> list[tuple[Agency, forms.BoundField]]:
        return [(agency, self[f"ballot-{agency.pk}"]) for agency in self.voters]

    def clean(self):
        data = super().clean()
        if data.get("mode") == self.Mode.TALLY and data.get("votes_for") is None and "votes_for" not in self.errors:
            self.add_error("votes_for", _("Cần nhập số phiếu đồng ý."))
        if data.get("mode") == self.Mode.BALLOTS and not any(data.get(f"ballot-{agency.pk}") for agency in self.voters):
            raise ValidationError(_("Chọn phiếu của ít nhất một đơn vị, hoặc chọn “Chưa biểu quyết”."))
        return data

    def votes(self) -> tuple[Tally | None, dict[int, str]]:
        """The tally and ballots to record: ballots replace earlier ones, so another mode clears them."""
        data = self.cleaned_data
        if data["mode"] == self.Mode.TALLY:
            return Tally(data["votes_for"], data.get("votes_against") or 0, data.get("votes_abstain") or 0), {}
        if data["mode"] == self.Mode.BALLOTS:
            ballots = {a.pk: v for a in self.voters if (v := data.get(f"ballot-{a.pk}"))}
            return None, ballots
        return None, {}

    @classmethod
    def initial_of(cls, proposal, ballots: Sequence[Ballot]) -> dict:
        initial: dict = {f"ballot-{b.agency_id}": b.vote for b in ballots}
        if proposal.votes_for is not None:
            initial.update(
                mode=cls.Mode.TALLY,
                votes_for=proposal.votes_for,
                votes_against=proposal.votes_against,
                votes_abstain=proposal.votes_abstain,
            )
        elif ballots:
            initial["mode"] = cls.Mode.BALLOTS
        else:
            initial["mode"] = cls.Mode.NONE
        return initial


class ProposalForm(VotesForm):
    """A new proposal: the nominee among the members of the year, the award, and the votes."""

    nominee = AgencyChoiceField(
        label=_("Đơn vị được đề nghị"), queryset=Agency.objects.none(), empty_label=_("— Chọn —")
    )
    award_type = forms.ModelChoiceField(
        label=_("Hình thức khen thưởng"), queryset=AwardType.objects.none(), empty_label=_("— Chọn —")
    )
    field_order = ["nominee", "award_type", "mode"]

    def __init__(self, *args, members: Sequence[Agency], organizer_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominee"].queryset = Agency.objects.filter(pk__in=[a.pk for a in members]).order_by(
            "sort_key", "code"
        )
        self.fields["award_type"].queryset = AwardType.objects.filter(organizer_id=organizer_id).order_by(
            "position", "code"
        )


class ReasonForm(forms.Form):
    """Why board staff reopen a finalized meeting."""

    reason = forms.CharField(
        label=_("Lý do mở lại"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Cần ghi rõ lý do mở lại.")},
        help_text=_("Lý do được ghi vào phiên bản biên bản tiếp theo."),
    )


class VotingForm(forms.Form):
    """How the proposals were voted and the ballot figures the vote-count minutes print (empty: not recorded)."""

    voting_mode = forms.ChoiceField(
        label=_("Hình thức biểu quyết"), choices=Meeting.VotingMode.choices, widget=forms.RadioSelect
    )
    ballots_issued = forms.IntegerField(label=_("Số phiếu phát ra"), min_value=0, max_value=32767, required=False)
    ballots_returned = forms.IntegerField(label=_("Số phiếu thu về"), min_value=0, max_value=32767, required=False)
    ballots_invalid = forms.IntegerField(label=_("Số phiếu không hợp lệ"), min_value=0, max_value=32767, required=False)


class OnlineBallotForm(forms.Form):
    """An agency's online ballot: for, against or abstain on every proposal put to the vote (``vote-<pk>``)."""

    def __init__(self, *args, proposals: Sequence, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = list(proposals)
        for proposal in self.proposals:
            self.fields[f"vote-{proposal.pk}"] = forms.ChoiceField(
                label=str(proposal),
                choices=Ballot.Vote.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Chọn đồng ý, không đồng ý hoặc không biểu quyết cho đề nghị này.")},
            )

    def votes(self) -> dict[int, str]:
        return {proposal.pk: self.cleaned_data[f"vote-{proposal.pk}"] for proposal in self.proposals}

    def rows(self) -> list[tuple]:
        """(proposal, bound field) in the order of the meeting: the template draws each as three big buttons."""
        return [(proposal, self[f"vote-{proposal.pk}"]) for proposal in self.proposals]
