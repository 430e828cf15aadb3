"""The meeting page, the creation of a meeting, and the forms changed through ``meeting_update``
(general information; report, shortcomings and directions) with the optimistic version check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from blocs.access import can_edit_bloc_year, can_manage_organizer, get_bloc_for_user, get_meeting_for_user
from blocs.models import Bloc, Membership
from core.forms import add_service_errors
from core.year import selected_year
from members.models import Agency

from .. import services
from ..forms import ContentForm, MeetingForm, VersionedForm, default_title
from ..models import Meeting
from ..selectors import CONTENT_FIELDS, GENERAL_FIELDS, meeting_page, stored_values
from .common import detail_url, editable_meeting, is_stale, locked_response


@login_required
@require_safe
def meeting_detail(request, pk: int):
    """The whole record, read-only; edit links for the bloc's secretary of the year and board staff."""
    meeting = get_meeting_for_user(request.user, pk)
    board = can_manage_organizer(request.user, meeting.bloc.organizer_id)
    # The content is one fragment per meeting and user (blocs/fragments.py): from the cache, none of the
    # lazy values below is read.
    editor = SimpleLazyObject(lambda: board or can_edit_bloc_year(request.user, meeting.bloc, meeting.year))
    context = {
        "meeting": meeting,
        "bloc": meeting.bloc,
        "page": SimpleLazyObject(lambda: meeting_page(meeting)),
        "can_edit": SimpleLazyObject(lambda: bool(editor) and not meeting.is_finalized),
        "editor": editor,
        "board": board,
    }
    return render(request, "meetings/meeting_detail.html", context)


def _hosts(bloc: Bloc) -> QuerySet[Agency]:
    """The agencies that may host: those that have belonged to the bloc."""
    members = Membership.objects.filter(bloc=bloc).values("agency_id")
    return Agency.objects.filter(pk__in=members).order_by("sort_key", "code")


@login_required
def meeting_create(request, bloc_pk: int):
    """A new draft meeting of the bloc for the year chosen (``?year=`` or the year switcher)."""
    bloc = get_bloc_for_user(request.user, bloc_pk)
    year = selected_year(request)
    if not can_edit_bloc_year(request.user, bloc, year):
        raise Http404
    if request.method != "POST":
        kind = Meeting.Kind.YEAR_END_REVIEW
        form = MeetingForm(
            hosts=_hosts(bloc), creating=True, initial={"kind": kind, "year": year, "title": default_title(kind, year)}
        )
    else:
        form = MeetingForm(request.POST, hosts=_hosts(bloc), creating=True)
        if form.is_valid():
            fields = form.meeting_fields()
            if not can_edit_bloc_year(request.user, bloc, fields["year"]):
                form.add_error(
                    "year",
                    _("Bạn không phải là thư ký của khối trong năm %(year)s nên không tạo được hội nghị của năm đó.")
                    % {"year": fields["year"]},
                )
            else:
                try:
                    meeting = services.meeting_create(bloc=bloc, by=request.user, **fields)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("Đã tạo %(meeting)s. Tiếp theo: điểm danh các đơn vị.") % {"meeting": meeting.display_title},
                    )
                    return redirect(detail_url(meeting))
    return render(request, "meetings/meeting_form.html", {"bloc": bloc, "form": form, "creating": True})


def _display(meeting: Meeting, name: str) -> str:
    """A stored value as the page shows it."""
    value = getattr(meeting, name)
    if name == "kind":
        return meeting.get_kind_display()
    if name == "host":
        return value.name if value else "—"
    if name == "held_on":
        return f"{value:%d/%m/%Y}"
    if name in ("start_time", "end_time"):
        return f"{value:%H:%M}" if value else "—"
    if name == "directions":
        return "; ".join(value) or "—"
    text = str(value or "—")
    return text if len(text) <= 120 else text[:117] + "…"


def _as_text(form, name: str) -> str | None:
    """A submitted field as ``stored_values`` writes it; None when it did not validate (then it counts as
    touched, and the user's input is kept)."""
    if not hasattr(form, "cleaned_data") or name not in form.cleaned_data:
        return None
    value = form.cleaned_data[name]
    if value is None:
        return ""
    if hasattr(value, "pk"):
        return str(value.pk)
    if isinstance(value, list | tuple):
        return "\n".join(map(str, value))
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _conflict(request, form_class: type[VersionedForm], meeting: Meeting, fields: tuple[str, ...], **kwargs):
    """Someone saved the meeting after this user loaded it: keep what the user typed, name the fields that
    changed meanwhile with their stored values, and carry the new version so that saving again is a
    deliberate overwrite."""
    current = Meeting.objects.select_related("bloc", "host").get(pk=meeting.pk)
    stored = stored_values(current, fields)
    submitted = form_class(request.POST, **kwargs)
    loaded = submitted.loaded_values()
    submitted.is_valid()
    fresh = form_class(initial=form_class.initial_of(current), **kwargs)
    data = request.POST.copy()
    for name in fields:
        # A field this user did not touch shows the stored value: saving the page again must not bring
        # back, over someone else's change, the value this user happened to load.
        if loaded.get(name) != stored[name] and _as_text(submitted, name) == loaded.get(name):
            bound = fresh[name]
            data[name] = bound.field.widget.format_value(bound.value()) or ""
    for key, value in form_class.carrying(current, stored).items():
        data[key] = value
    form = form_class(data, **kwargs)
    form.is_valid()
    changed = [
        (form.fields[name].label, _display(current, name)) for name in fields if loaded.get(name) != stored[name]
    ]
    form.add_error(
        None,
        _(
            "Hội nghị đã được người khác sửa trong lúc bạn đang nhập. Nội dung bạn nhập vẫn được giữ bên dưới; "
            "xem các mục đã thay đổi, sửa lại nếu cần rồi bấm Lưu lần nữa."
        ),
    )
    return form, changed


@login_required
def meeting_update(request, pk: int):
    """The general information; refused (nothing lost) when someone else saved the meeting meanwhile."""
    meeting = editable_meeting(request, pk)
    if locked := locked_response(request, meeting):
        return locked
    hosts = _hosts(meeting.bloc)
    changed: list[tuple[str, str]] = []
    if request.method != "POST":
        form = MeetingForm(hosts=hosts, initial=MeetingForm.initial_of(meeting))
    else:
        form = MeetingForm(request.POST, hosts=hosts)
        if form.is_valid():
            try:
                services.meeting_update(
                    meeting=meeting,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    **form.meeting_fields(),
                )
            except ValidationError as error:
                if is_stale(error):
                    form, changed = _conflict(request, MeetingForm, meeting, GENERAL_FIELDS, hosts=hosts)
                else:
                    add_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu thông tin chung của hội nghị."))
                return redirect(detail_url(meeting))
    context = {"bloc": meeting.bloc, "meeting": meeting, "form": form, "changed": changed}
    return render(request, "meetings/meeting_form.html", context)


@login_required
def meeting_content(request, pk: int):
    """The report, shortcomings and directions, with the same version check as the general information."""
    meeting = editable_meeting(request, pk)
    if locked := locked_response(request, meeting):
        return locked
    changed: list[tuple[str, str]] = []
    if request.method != "POST":
        form = ContentForm(initial=ContentForm.initial_of(meeting))
    else:
        form = ContentForm(request.POST)
        if form.is_valid():
            try:
                services.meeting_update(
                    meeting=meeting,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    **form.meeting_fields(),
                )
            except ValidationError as error:
                if is_stale(error):
                    form, changed = _conflict(request, ContentForm, meeting, CONTENT_FIELDS)
                else:
                    add_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu báo cáo, tồn tại và phương hướng."))
                return redirect(detail_url(meeting, "noi-dung"))
    context = {"bloc": meeting.bloc, "meeting": meeting, "form": form, "changed": changed}
    return render(request, "meetings/meeting_content_form.html", context)
