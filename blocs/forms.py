"""Forms of the bloc pages. They only collect input: the rules are checked by the services, whose
messages are put back beside the fields they concern."""

from __future__ import annotations

from collections.abc import Iterable

from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import add_service_errors, crispy_helper
from members.models import Agency, User

from .models import YEAR_VALIDATORS, Bloc


class ServiceErrorsMixin:
    """Show a service's ``ValidationError`` on the form: each message beside its field, and messages
    about no field of this form beside ``service_error_field`` (or above the form when it is None)."""

    service_error_field: str | None = None

    def add_service_error(self, error: ValidationError) -> None:
        add_service_errors(self, error, elsewhere=self.service_error_field)


def _year_field(label, *, required: bool = True, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        validators=YEAR_VALIDATORS,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class _OfferedAgencies(forms.models.ModelChoiceIterator):
    """The choices from the agencies the page has already read (``AgencyChoiceField.offer``), not a query per
    field; without them, Django's iterator over the queryset."""

    def __iter__(self):
        if self.field.offered is None:
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for agency in self.field.offered:
            yield self.choice(agency)

    def __len__(self) -> int:
        if self.field.offered is None:
            return super().__len__()
        return len(self.field.offered) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        if self.field.offered is None:
            return super().__bool__()
        return self.field.empty_label is not None or bool(self.field.offered)


class AgencyChoiceField(forms.ModelChoiceField):
    iterator = _OfferedAgencies
    offered: list[Agency] | None = None

    def offer(self, agencies: Iterable[Agency]) -> None:
        """Choose among these agencies (already read), in Vietnamese name order; a posted choice is still
        checked against the database (the queryset)."""
        self.offered = sorted({a.pk: a for a in agencies}.values(), key=lambda a: (a.sort_key, a.code))
        self.queryset = Agency.objects.filter(pk__in=[a.pk for a in self.offered]).order_by("sort_key", "code")

    def label_from_instance(self, agency: Agency) -> str:
        if agency.until:
            return _("%(name)s (hoạt động đến %(date)s)") % {"name": agency.name, "date": f"{agency.until:%d/%m/%Y}"}
        return agency.name


class RotationForm(ServiceErrorsMixin, forms.Form):
    """Next year's chair and vice-chair, chosen among the members of that year."""

    chair = AgencyChoiceField(label=_("Trưởng khối"), queryset=Agency.objects.none(), empty_label=_("— Chọn —"))
    vice_chair = AgencyChoiceField(
        label=_("Phó trưởng khối"), queryset=Agency.objects.none(), empty_label=_("— Chọn —")
    )

    def __init__(self, *args, agencies: Iterable[Agency], action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        agencies = list(agencies)
        self.fields["chair"].offer(agencies)
        self.fields["vice_chair"].offer(agencies)
        self.helper = crispy_helper(action=action, submit=_("Lưu trưởng, phó khối"))
        self.helper.layout = Layout(
            Row(Column("chair", css_class="col-12 col-md-6"), Column("vice_chair", css_class="col-12 col-md-6"))
        )


class MembershipAddForm(ServiceErrorsMixin, forms.Form):
    """An agency of the organizer joins the bloc from a year, optionally until a year."""

    service_error_field = "from_year"

    agency = AgencyChoiceField(label=_("Cơ quan, đơn vị"), queryset=Agency.objects.none(), empty_label=_("— Chọn —"))
    from_year = _year_field(_("Từ năm"))
    to_year = _year_field(_("Đến năm"), required=False, help_text=_("Để trống nếu đơn vị còn ở trong khối."))

    def __init__(self, *args, bloc: Bloc, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(organizer_id=bloc.organizer_id).order_by(
            "sort_key", "code"
        )
        self.helper = crispy_helper(action=action, submit=_("Thêm vào khối"))
        self.helper.layout = Layout(
            "agency",
            Row(Column("from_year", css_class="col-6"), Column("to_year", css_class="col-6")),
        )


class MembershipEndForm(ServiceErrorsMixin, forms.Form):
    """The last year an agency belongs to the bloc."""

    service_error_field = "to_year"

    to_year = _year_field(_("Năm cuối cùng ở trong khối"))

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = crispy_helper(action=action, submit=_("Kết thúc"), css_class="btn-warning")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user: User) -> str:
        name = user.get_full_name() or user.username
        if user.agency_id:
            return f"{name} ({user.username}) — {user.agency.name}"
        return f"{name} ({user.username}) — {User.Role(user.role).label}"


class SecretaryAssignForm(ServiceErrorsMixin, forms.Form):
    """A user of the organizer becomes secretary of the bloc for a year."""

    service_error_field = "user"

    year = _year_field(_("Năm"))
    user = UserChoiceField(label=_("Người dùng"), queryset=User.objects.none(), empty_label=_("— Chọn —"))

    def __init__(self, *args, bloc: Bloc, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(organizer_id=bloc.organizer_id, is_active=True)
            .select_related("agency")
            .order_by("agency__sort_key", "last_name", "first_name", "username")
        )
        self.helper = crispy_helper(action=action, submit=_("Phân công"))
        self.helper.layout = Layout(Row(Column("year", css_class="col-12 col-sm-4"), Column("user", css_class="col")))
