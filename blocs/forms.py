"""Forms of the bloc pages. They only collect input: the rules are checked by the services, whose
messages are put back beside the fields they concern."""

from __future__ import annotations

import re
from collections.abc import Iterable

from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import ModelIdsField, VietnameseDateField, add_service_errors, crispy_helper
from core.text import fold, nfc
from members.models import Agency, Organizer, User, code_validator

from .models import YEAR_VALIDATORS, Bloc, Membership, suggest_symbol, symbol_validator


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
    # The province of the form: an agency of another one is labelled with its province (a successor after the
    # 2025 reorganization may be elsewhere). None: no agency is.
    home_organizer_id: int | None = None

    def offer(self, agencies: Iterable[Agency]) -> None:
        """Choose among these agencies (already read), in Vietnamese name order; a posted choice is still
        checked against the database (the queryset)."""
        self.offered = sorted({a.pk: a for a in agencies}.values(), key=lambda a: (a.sort_key, a.code))
        self.queryset = Agency.objects.filter(pk__in=[a.pk for a in self.offered]).order_by("sort_key", "code")

    def label_from_instance(self, agency: Agency) -> str:
        name = agency.name
        if self.home_organizer_id is not None and agency.organizer_id != self.home_organizer_id:
            name = _("%(name)s — %(province)s") % {"name": name, "province": agency.organizer.name}
        if agency.until:
            return _("%(name)s (hoạt động đến %(date)s)") % {"name": name, "date": f"{agency.until:%d/%m/%Y}"}
        return name


class RotationForm(ServiceErrorsMixin, forms.Form):
    """A year's chair and (optionally: some blocs elect only a chair) vice-chair, chosen among the members of
    that year."""

    chair = AgencyChoiceField(label=_("Trưởng khối"), queryset=Agency.objects.none(), empty_label=_("— Chọn —"))
    vice_chair = AgencyChoiceField(
        label=_("Phó trưởng khối"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("— Không có —"),
        help_text=_("Để trống nếu khối chỉ bầu trưởng khối."),
    )

    def __init__(self, *args, agencies: Iterable[Agency], action: str = "", submit: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        agencies = list(agencies)
        self.fields["chair"].offer(agencies)
        self.fields["vice_chair"].offer(agencies)
        self.helper = crispy_helper(action=action, submit=submit or _("Lưu trưởng, phó khối"))
        self.helper.layout = Layout(
            Row(Column("chair", css_class="col-12 col-md-6"), Column("vice_chair", css_class="col-12 col-md-6"))
        )


class MemberAgenciesField(ModelIdsField):
    """The agencies of the province, ticked; each labelled with what the board needs to know before adding it."""

    widget = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
    members: set[int] = frozenset()  # agencies already in the bloc (open-ended): labelled so
    home_organizer_id = None

    def label_from_instance(self, agency: Agency) -> str:
        label = AgencyChoiceField.label_from_instance(self, agency)
        if agency.pk in self.members:
            return _("%(agency)s — đang là thành viên") % {"agency": label}
        return label


class _AgencyChecklistMixin:
    """A form whose ``agencies`` field is shown as a checklist (blocs/includes/_agency_checklist.html)."""

    checklist_empty = _("Tỉnh chưa có cơ quan, đơn vị nào.")  # what the list says when it offers none

    def agency_rows(self) -> list[tuple[Agency, forms.BoundField]]:
        """Each agency offered with its checkbox (the checklist's filter reads the agency's search text)."""
        return [(box.data["value"].instance, box) for box in self["agencies"]]


class MembershipsAddForm(_AgencyChecklistMixin, ServiceErrorsMixin, forms.Form):
    """Agencies of the organizer, ticked, join the bloc from a year, optionally until a year."""

    service_error_field = "agencies"

    agencies = MemberAgenciesField(
        label=_("Cơ quan, đơn vị"),
        queryset=Agency.objects.none(),
        error_messages={
            "required": _("Hãy chọn ít nhất một cơ quan, đơn vị."),
            "invalid_choice": _("Cơ quan, đơn vị %(value)s không có trong danh sách của tỉnh."),
            "invalid_pk_value": _("Cơ quan, đơn vị %(pk)s không hợp lệ."),
        },
    )
    from_year = _year_field(_("Từ năm"))
    to_year = _year_field(_("Đến năm"), required=False, help_text=_("Để trống nếu các đơn vị còn ở trong khối."))

    def __init__(self, *args, bloc: Bloc, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["agencies"]
        field.queryset = Agency.objects.filter(organizer_id=bloc.organizer_id).order_by("sort_key", "code")
        field.members = set(bloc.memberships.filter(to_year__isnull=True).values_list("agency_id", flat=True))
        self.helper = crispy_helper(action=action, submit=_("Thêm vào khối"))
        self.helper.layout = Layout(
            Row(Column("from_year", css_class="col-6"), Column("to_year", css_class="col-6")),
            Field("agencies", template="blocs/includes/_agency_checklist.html"),
        )


class MembershipsMoveForm(_AgencyChecklistMixin, ServiceErrorsMixin, forms.Form):
    """Members of the bloc in a year, ticked, move to another bloc of the province from that year."""

    service_error_field = "agencies"

    target = forms.ModelChoiceField(
        label=_("Chuyển sang khối, cụm"),
        queryset=Bloc.objects.none(),
        empty_label=_("— Chọn —"),
        error_messages={"invalid_choice": _("Hãy chọn một khối, cụm khác của tỉnh.")},
    )
    from_year = _year_field(
        _("Từ năm"), help_text=_("Năm đầu tiên các đơn vị ở khối mới; ở khối này các đơn vị kết thúc năm trước đó.")
    )
    agencies = MemberAgenciesField(
        label=_("Các đơn vị chuyển đi"),
        queryset=Agency.objects.none(),
        error_messages={
            "required": _("Hãy chọn ít nhất một cơ quan, đơn vị."),
            "invalid_choice": _("Cơ quan, đơn vị %(value)s không là thành viên của khối trong năm này."),
            "invalid_pk_value": _("Cơ quan, đơn vị %(pk)s không hợp lệ."),
        },
    )

    def __init__(self, *args, bloc: Bloc, year: int, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # The members offered are those of the year posted (what the service checks), else of the year shown.
        posted = self.data.get(self.add_prefix("from_year")) if self.is_bound else None
        try:
            self.shown_year = self.fields["from_year"].clean(posted) if posted else year
        except ValidationError:
            self.shown_year = year
        self.checklist_empty = _("Khối không có thành viên nào trong năm %(year)s.") % {"year": self.shown_year}
        self.fields["target"].queryset = (
            Bloc.objects.filter(organizer_id=bloc.organizer_id).exclude(pk=bloc.pk).order_by("sort_key", "code")
        )
        self.fields["agencies"].queryset = Agency.objects.filter(
            pk__in=Membership.objects.in_year(self.shown_year).filter(bloc=bloc).values("agency_id")
        ).order_by("sort_key", "code")
        self.helper = crispy_helper(action=action, submit=_("Chuyển các đơn vị"))
        self.helper.layout = Layout(
            Row(Column("target", css_class="col-12 col-md-8"), Column("from_year", css_class="col-12 col-md-4")),
            Field("agencies", template="blocs/includes/_agency_checklist.html"),
        )


class BlocSuccessorForm(forms.Form):
    """The bloc that continues this one from a year: another bloc of the province, or of the province it was
    merged into (the 2025 reorganization). Both left empty: the bloc goes on."""

    successor = forms.ModelChoiceField(
        label=_("Khối, cụm kế tục"),
        queryset=Bloc.objects.none(),
        required=False,
        empty_label=_("— Không có: khối vẫn hoạt động —"),
        error_messages={"invalid_choice": _("Hãy chọn một khối, cụm của tỉnh hoặc của tỉnh đã sáp nhập vào.")},
    )
    from_year = _year_field(
        _("Kế tục từ năm"),
        required=False,
        help_text=_("Năm đầu tiên khối kế tục thay khối này; từ năm đó khối này không còn thành viên."),
    )

    def __init__(self, *args, bloc: Bloc, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        provinces = [bloc.organizer_id, bloc.organizer.merged_into_id]
        field = self.fields["successor"]
        field.queryset = (
            Bloc.objects.filter(organizer_id__in=[p for p in provinces if p is not None])
            .exclude(pk=bloc.pk)
            .select_related("organizer")
            .order_by("sort_key", "code")
        )
        field.label_from_instance = lambda other: (
            other.name
            if other.organizer_id == bloc.organizer_id
            else _("%(name)s — %(province)s") % {"name": other.name, "province": other.organizer.name}
        )
        self.helper = crispy_helper(action=action, submit=_("Lưu"))
        self.helper.layout = Layout(
            Row(Column("successor", css_class="col-12 col-md-8"), Column("from_year", css_class="col-12 col-md-4"))
        )

    def add_service_error(self, error: ValidationError) -> None:
        add_service_errors(self, error, rename={"successor_from_year": "from_year"}, elsewhere="successor")

    @classmethod
    def initial_of(cls, bloc: Bloc) -> dict:
        return {"successor": bloc.successor_id, "from_year": bloc.successor_from_year}


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


# -- the province's setup: agencies, blocs, users -------------------------------------------------------------


class SearchForm(forms.Form):
    """The search box of a setup list: words matched without diacritics."""

    q = forms.CharField(label=_("Tìm"), max_length=200, required=False)

    def words(self) -> list[str]:
        """The words typed, without diacritics."""
        return fold(self.cleaned_data.get("q", "")).split() if self.is_valid() else []


class AgencyForm(ServiceErrorsMixin, forms.Form):
    """An agency's code and names; for one still active, the agency it is merged into or renamed to, from
    the day after its last day."""

    code = forms.CharField(label=_("Mã"), max_length=40, validators=[code_validator], help_text=_("Ví dụ: SO-TC"))
    name = forms.CharField(label=_("Tên cơ quan, đơn vị"), max_length=500, help_text=_("Ví dụ: Sở Tài chính"))
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=200, required=False)
    successor = AgencyChoiceField(
        label=_("Sáp nhập vào / đổi tên thành"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("— Không —"),
        help_text=_(
            "Chỉ chọn khi đơn vị đã sáp nhập hoặc đổi tên. Đơn vị kế thừa thay đơn vị này trong các khối từ năm "
            "của ngày cuối cùng hoạt động; hồ sơ các năm trước giữ tên cũ. Đơn vị kế thừa thuộc tỉnh khác không "
            "vào các khối của tỉnh này: đơn vị này chỉ kết thúc tư cách thành viên. Không thể hoàn tác trên trang "
            "này."
        ),
    )
    until = VietnameseDateField(label=_("Ngày cuối cùng hoạt động"), required=False)

    def __init__(self, *args, organizer: Organizer, agency: Agency | None = None, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.organizer, self.agency = organizer, agency
        if agency is None or agency.successor_id:
            # A new agency has no successor yet; a succession already recorded is shown, not edited.
            del self.fields["successor"], self.fields["until"]
        else:
            # Since the 2025 reorganization a successor may be in the province this one was merged into, or in
            # one merged into it.
            provinces = Q(organizer=organizer) | Q(organizer__merged_into=organizer)
            if organizer.merged_into_id:
                provinces |= Q(organizer_id=organizer.merged_into_id)
            field = self.fields["successor"]
            field.home_organizer_id = organizer.pk
            field.queryset = (
                Agency.objects.filter(provinces, successor__isnull=True)
                .exclude(pk=agency.pk)
                .select_related("organizer")
                .order_by("sort_key", "code")
            )
        self.helper = crispy_helper(action=action, submit=_("Lưu"))
        fields = [
            Row(Column("code", css_class="col-12 col-sm-4"), Column("short_name", css_class="col-12 col-sm-8")),
        ]
        if "successor" in self.fields:
            fields.append(
                Row(Column("successor", css_class="col-12 col-md-8"), Column("until", css_class="col-12 col-md-4"))
            )
        self.helper.layout = Layout("name", *fields)

    def _taken(self, **lookup) -> bool:
        others = Agency.objects.filter(organizer=self.organizer, **lookup)
        return (others.exclude(pk=self.agency.pk) if self.agency is not None else others).exists()

    # These mirror the constraints agency_code_unique_per_organizer and agency_name_unique_per_organizer (held
    # by the services too), so that the message sits beside the field.
    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if self._taken(code=code):
            raise ValidationError(_("Mã cơ quan này đã có trong tỉnh."))
        return code

    def clean_name(self) -> str:
        name = nfc(self.cleaned_data["name"].strip())
        if self._taken(name=name):
            raise ValidationError(_("Tỉnh đã có một cơ quan, đơn vị cùng tên."))
        return name

    @classmethod
    def initial_of(cls, agency: Agency) -> dict:
        return {"code": agency.code, "name": agency.name, "short_name": agency.short_name}


class BlocForm(ServiceErrorsMixin, forms.Form):
    """A bloc's code, names, kind and document symbol (suggested from the name while left empty)."""

    code = forms.CharField(label=_("Mã"), max_length=40, validators=[code_validator], help_text=_("Ví dụ: TMTH"))
    name = forms.CharField(
        label=_("Tên khối, cụm"), max_length=500, help_text=_("Ví dụ: Khối thi đua các cơ quan Tham mưu - Tổng hợp")
    )
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Loại"), choices=Bloc.Kind.choices, widget=forms.RadioSelect)
    symbol = forms.CharField(
        label=_("Ký hiệu văn bản"),
        max_length=30,
        required=False,
        help_text=_(
            "In sau số văn bản, ví dụ Số: 01/BB-KTĐ-KTKT. Chữ in hoa không dấu, chữ Đ, chữ số và dấu gạch nối. "
            "Để trống để dùng ký hiệu gợi ý từ tên khối."
        ),
    )

    def __init__(
        self, *args, organizer: Organizer, bloc: Bloc | None = None, action: str = "", suggest_url: str = "", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.organizer, self.bloc = organizer, bloc
        # static/js/bloc-symbol.js fills the symbol from the name (the server's suggest_symbol) until one is typed.
        self.fields["symbol"].widget.attrs.update(
            {"data-symbol-suggest": suggest_url, "autocomplete": "off", "autocapitalize": "characters"}
        )
        self.helper = crispy_helper(action=action, submit=_("Lưu"))
        self.helper.layout = Layout(
            "name",
            Row(Column("code", css_class="col-12 col-sm-6"), Column("short_name", css_class="col-12 col-sm-6")),
            Row(Column("kind", css_class="col-12 col-sm-6"), Column("symbol", css_class="col-12 col-sm-6")),
        )

    def clean_code(self) -> str:
        # Mirrors the constraint bloc_code_unique_per_organizer, so that the message sits beside the field.
        code = self.cleaned_data["code"].strip()
        others = Bloc.objects.filter(organizer=self.organizer, code=code)
        if (others.exclude(pk=self.bloc.pk) if self.bloc is not None else others).exists():
            raise ValidationError(_("Mã khối này đã có trong tỉnh."))
        return code

    def clean_symbol(self) -> str:
        # Typed in lower case or with spaces around the dashes, it reads the same: "ktđ - ktkt" is KTĐ-KTKT.
        symbol = re.sub(r"\s*-\s*", "-", self.cleaned_data["symbol"].strip()).upper()
        if symbol:
            symbol_validator(symbol)
        return symbol

    def bloc_fields(self) -> dict:
        """What ``bloc_create`` and ``bloc_update`` take: the fields, the symbol typed or else the suggested one."""
        data = self.cleaned_data
        symbol = data["symbol"] or suggest_symbol(nfc(data["name"]), data["kind"])
        return {name: data[name] for name in ("code", "name", "short_name", "kind")} | {"symbol": symbol}

    @classmethod
    def initial_of(cls, bloc: Bloc) -> dict:
        return {field: getattr(bloc, field) for field in cls.base_fields}


class UserForm(ServiceErrorsMixin, forms.Form):
    """A person of the province: board staff, or a user of an agency (the agency's secretaries among them)."""

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("Cũng là tên đăng nhập. Thư mời đặt mật khẩu được gửi đến địa chỉ này."),
    )
    # The whole name in one field, as the application shows it (get_full_name): "Nguyễn Thị Ánh Tuyết".
    first_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Vai trò"), choices=User.Role.choices, widget=forms.RadioSelect)
    agency = AgencyChoiceField(
        label=_("Cơ quan, đơn vị"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("— Chọn —"),
        help_text=_(
            "Bắt buộc với người dùng của cơ quan, đơn vị; cán bộ Ban không thuộc cơ quan nào. Người dùng của đơn vị "
            "trưởng khối là thư ký của khối năm đó; Ban có thể phân công thêm thư ký ở trang khối."
        ),
    )

    def __init__(self, *args, organizer: Organizer, user: User | None = None, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        active = Q(successor__isnull=True) | Q(pk=getattr(user, "agency_id", None))
        self.fields["agency"].queryset = Agency.objects.filter(active, organizer=organizer).order_by("sort_key", "code")
        submit = _("Lưu") if user is not None else _("Tạo và gửi thư mời")
        self.helper = crispy_helper(action=action, submit=submit)
        self.helper.layout = Layout("email", "first_name", "role", "agency")

    @classmethod
    def initial_of(cls, user: User) -> dict:
        return {"email": user.email, "first_name": user.get_full_name(), "role": user.role, "agency": user.agency_id}
