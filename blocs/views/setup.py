"""The province's setup, done by its board staff in the application: agencies, blocs and the people who use it.
Everyone else gets 404 (``get_managed_organizer``), as for pages that do not exist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from blocs.forms import AgencyForm, BlocForm, BlocSuccessorForm, SearchForm, UserForm
from core.forms import ConfirmForm, add_service_errors, crispy_button
from core.text import fold_pattern, nfc
from members import services as members_services
from members.models import Agency, User

from .. import services
from ..access import get_agency_for_user, get_bloc_for_user, get_managed_organizer, get_managed_user
from ..models import Bloc, suggest_symbol

PAGE_SIZE = 50
ADD_ANOTHER = "them-tiep"  # the name of the button that saves and opens an empty form again


def _searched(queryset: QuerySet, form: SearchForm, *fields: str) -> QuerySet:
    """Rows holding every word of the search box (without diacritics) in one of ``fields``."""
    for word in form.words():
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__contains": word})
        queryset = queryset.filter(condition)
    return queryset


def _page(request, queryset: QuerySet):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# Agencies


@login_required
@require_safe
def agency_list(request):
    organizer = get_managed_organizer(request.user)
    search = SearchForm(request.GET or None)
    agencies = _searched(
        Agency.objects.filter(organizer=organizer).select_related("successor").order_by("sort_key", "code"),
        search,
        "search_text",
    )
    context = {"organizer": organizer, "search": search, "page_obj": _page(request, agencies)}
    return render(request, "members/agency_list.html", context)


@login_required
def agency_create(request):
    organizer = get_managed_organizer(request.user)
    action = reverse("blocs:agency_create")
    form = AgencyForm(request.POST or None, organizer=organizer, action=action)
    form.helper.add_input(crispy_button(_("Lưu và thêm đơn vị khác"), "btn-outline-primary", name=ADD_ANOTHER))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agency = members_services.agency_create(
                organizer=organizer,
                code=data["code"],
                name=data["name"],
                short_name=data["short_name"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã thêm %(agency)s.") % {"agency": agency})
            return redirect("blocs:agency_create" if ADD_ANOTHER in request.POST else "blocs:agency_list")
    return render(request, "members/agency_form.html", {"organizer": organizer, "form": form, "agency": None})


@login_required
def agency_update(request, pk: int):
    agency = get_agency_for_user(request.user, pk, edit=True)
    action = reverse("blocs:agency_update", kwargs={"pk": agency.pk})
    form = AgencyForm(
        request.POST or None,
        organizer=agency.organizer,
        agency=agency,
        action=action,
        initial=AgencyForm.initial_of(agency),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.agency_edit(agency=agency, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            succeeded = saved.successor_id and not agency.successor_id
            if succeeded and saved.successor.organizer_id != saved.organizer_id:
                message = _(
                    "Đã lưu %(agency)s; đơn vị kế thừa là %(successor)s (%(province)s) từ sau ngày %(date)s. Đơn vị "
                    "kế thừa thuộc tỉnh khác nên không thay %(agency)s trong các khối của tỉnh: %(agency)s ở trong "
                    "các khối đó đến hết năm %(year)s."
                ) % {
                    "agency": saved,
                    "successor": saved.successor,
                    "province": saved.successor.organizer.name,
                    "date": f"{saved.until:%d/%m/%Y}",
                    "year": saved.until.year - 1,
                }
            elif succeeded:
                message = _("Đã lưu %(agency)s; đơn vị kế thừa là %(successor)s từ sau ngày %(date)s.") % {
                    "agency": saved,
                    "successor": saved.successor,
                    "date": f"{saved.until:%d/%m/%Y}",
                }
            else:
                message = _("Đã lưu %(agency)s.") % {"agency": saved}
            messages.success(request, message)
            return redirect("blocs:agency_list")
    context = {"organizer": agency.organizer, "form": form, "agency": agency}
    return render(request, "members/agency_form.html", context)


# Blocs


@login_required
@require_safe
def bloc_setup_list(request):
    organizer = get_managed_organizer(request.user)
    blocs = (
        Bloc.objects.filter(organizer=organizer)
        .select_related("successor")
        .annotate(current_members=Count("memberships", filter=Q(memberships__to_year__isnull=True)))
        .order_by("sort_key", "code")
    )
    return render(request, "blocs/bloc_setup_list.html", {"organizer": organizer, "blocs": blocs})


def _bloc_form(request, *, organizer, bloc: Bloc | None, action: str) -> BlocForm:
    initial = BlocForm.initial_of(bloc) if bloc is not None else {"kind": Bloc.Kind.BLOC}
    suggest_url = reverse("blocs:symbol_suggest")
    return BlocForm(
        request.POST or None, initial=initial, organizer=organizer, bloc=bloc, action=action, suggest_url=suggest_url
    )


@login_required
def bloc_create(request):
    organizer = get_managed_organizer(request.user)
    form = _bloc_form(request, organizer=organizer, bloc=None, action=reverse("blocs:bloc_create"))
    if request.method == "POST" and form.is_valid():
        try:
            bloc = services.bloc_create(organizer=organizer, by=request.user, **form.bloc_fields())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Đã tạo %(bloc)s (ký hiệu %(symbol)s). Hãy chọn các đơn vị thành viên.")
                % {"bloc": bloc, "symbol": bloc.symbol},
            )
            return redirect("blocs:membership_add", pk=bloc.pk)
    return render(request, "blocs/bloc_form.html", {"organizer": organizer, "form": form, "bloc": None})


@login_required
def bloc_update(request, pk: int):
    bloc = get_bloc_for_user(request.user, pk, edit=True)
    action = reverse("blocs:bloc_update", kwargs={"pk": bloc.pk})
    form = _bloc_form(request, organizer=bloc.organizer, bloc=bloc, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.bloc_update(bloc=bloc, by=request.user, **form.bloc_fields())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã lưu %(bloc)s.") % {"bloc": bloc})
            return redirect("blocs:detail", pk=bloc.pk)
    return render(request, "blocs/bloc_form.html", {"organizer": bloc.organizer, "form": form, "bloc": bloc})


@login_required
def bloc_successor(request, pk: int):
    """The bloc that continues this one from a year (or none): its members must have moved first."""
    bloc = get_bloc_for_user(request.user, pk, edit=True)
    action = reverse("blocs:bloc_successor", kwargs={"pk": bloc.pk})
    form = BlocSuccessorForm(request.POST or None, bloc=bloc, action=action, initial=BlocSuccessorForm.initial_of(bloc))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.bloc_successor_set(
                bloc=bloc, successor=data["successor"], from_year=data["from_year"], by=request.user
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if saved.successor_id:
                message = _("%(successor)s kế tục %(bloc)s từ năm %(year)s.") % {
                    "successor": saved.successor,
                    "bloc": saved,
                    "year": saved.successor_from_year,
                }
            else:
                message = _("%(bloc)s không có khối kế tục.") % {"bloc": saved}
            messages.success(request, message)
            return redirect("blocs:detail", pk=bloc.pk)
    return render(request, "blocs/bloc_successor_form.html", {"bloc": bloc, "form": form})


@login_required
@require_safe
def symbol_suggest(request):
    """The symbol ``suggest_symbol`` makes of a name, for the bloc form's script: one rule, on the server."""
    get_managed_organizer(request.user)
    kind = request.GET.get("kind", "")
    name = nfc(request.GET.get("name", "")[:500])
    return JsonResponse({"symbol": suggest_symbol(name, kind if kind in Bloc.Kind.values else Bloc.Kind.BLOC)})


# Users


@login_required
@require_safe
def user_list(request):
    organizer = get_managed_organizer(request.user)
    search = SearchForm(request.GET or None)
    users = User.objects.filter(organizer=organizer, is_superuser=False).select_related("agency")
    for word in search.words():
        # People's names have no folded copy: a pattern finds them as fold() would ("thanh" finds "Thành").
        pattern = fold_pattern(word)
        users = users.filter(
            Q(username__regex=pattern)
            | Q(email__regex=pattern)
            | Q(first_name__regex=pattern)
            | Q(last_name__regex=pattern)
            | Q(agency__search_text__contains=word)
        )
    users = users.order_by("-is_active", "role", "agency__sort_key", "last_name", "first_name", "username")
    context = {"organizer": organizer, "search": search, "page_obj": _page(request, users)}
    return render(request, "members/user_list.html", context)


@login_required
def user_create(request):
    organizer = get_managed_organizer(request.user)
    form = UserForm(request.POST or None, organizer=organizer, action=reverse("blocs:user_create"))
    if request.method == "POST" and form.is_valid():
        try:
            user = members_services.user_create(organizer=organizer, **form.cleaned_data, invite=True, by=request.user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Đã tạo tài khoản %(username)s và gửi thư mời đặt mật khẩu đến %(email)s.")
                % {"username": user.username, "email": user.email},
            )
            return redirect("blocs:user_list")
    return render(request, "members/user_form.html", {"organizer": organizer, "form": form, "person": None})


@login_required
def user_update(request, pk: int):
    person = get_managed_user(request.user, pk)
    form = UserForm(
        request.POST or None,
        organizer=person.organizer,
        user=person,
        action=reverse("blocs:user_update", kwargs={"pk": person.pk}),
        initial=UserForm.initial_of(person),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = members_services.user_update(user=person, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã lưu tài khoản %(username)s.") % {"username": saved.username})
            return redirect("blocs:user_list")
    context = {"organizer": person.organizer, "form": form, "person": person}
    return render(request, "members/user_form.html", context)


def _user_active_page(request, pk: int, *, active: bool):
    """A confirmation page, then the account locked (``active`` False) or unlocked."""
    person = get_managed_user(request.user, pk)
    name = "blocs:user_activate" if active else "blocs:user_deactivate"
    form = ConfirmForm(
        request.POST if request.method == "POST" else None,
        action=reverse(name, kwargs={"pk": person.pk}),
        submit=_("Mở khoá tài khoản") if active else _("Khoá tài khoản"),
    )
    if active:
        form.helper.inputs[0].field_classes = "btn btn-primary"
    if request.method == "POST" and form.is_valid():
        service = members_services.user_activate if active else members_services.user_deactivate
        try:
            service(user=person, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = _("Đã mở khoá tài khoản %(username)s.") if active else _("Đã khoá tài khoản %(username)s.")
            messages.success(request, message % {"username": person.username})
            return redirect("blocs:user_list")
    return render(request, "members/user_confirm_active.html", {"person": person, "form": form, "active": active})


@login_required
def user_deactivate(request, pk: int):
    return _user_active_page(request, pk, active=False)


@login_required
def user_activate(request, pk: int):
    return _user_active_page(request, pk, active=True)


@login_required
@require_POST
def user_invite(request, pk: int):
    """Send the invitation again: a new set-password link (the old ones stay valid until they expire)."""
    person = get_managed_user(request.user, pk)
    try:
        members_services.user_invite(user=person, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã gửi lại thư mời đặt mật khẩu đến %(email)s.") % {"email": person.email})
    return redirect("blocs:user_list")
