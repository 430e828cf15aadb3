"""The meeting page, the creation of a meeting, and the forms changed through ``meeting_update``
(general information; report, shortcomings and directions) with the optimistic version check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from blocs.access import Capabilities, get_bloc_for_user
from blocs.models import Bloc, Membership
from core.forms import SheetVersionForm, add_service_errors, is_stale
from core.year import selected_year
from meetings.access import MeetingCapabilities, get_meeting_for_user
from members.models import Agency

from .. import services
from ..forms import ContentForm, MeetingForm, default_title
from ..models import Meeting
from ..selectors import meeting_page
from .common import detail_url, editable_meeting, locked_response


@login_required
@require_safe
def meeting_detail(request, pk: int):
    """The whole record, read-only; edit links for the bloc's secretary of the year and board staff."""
    meeting = get_meeting_for_user(request.user, pk)
    context = {
        "meeting": meeting,
        "bloc": meeting.bloc,
        "page": meeting_page(meeting),
        "can": MeetingCapabilities(request.user, meeting),
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
    if not Capabilities(request.user, bloc, year).enter_records:
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
            if not Capabilities(request.user, bloc, fields["year"]).enter_records:
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


def _edit(request, meeting: Meeting, form_class: type[MeetingForm | ContentForm], template: str, **done):
    """Save a part of the meeting's own fields with the meeting's version: refused (nothing lost) when someone
    else saved the meeting meanwhile, the page then merged (core.forms.SheetForm.conflict). ``done``: the
    success message and the anchor of the meeting page to go back to."""
    kwargs = {"hosts": _hosts(meeting.bloc)} if form_class is MeetingForm else {}
    stored = form_class(initial=form_class.initial_of(meeting), **kwargs)
    form, version_form, conflict = stored, stored.carrying(meeting.version), None
    if request.method == "POST":
        form, version_form = form_class(request.POST, **kwargs), SheetVersionForm(request.POST)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                meeting=meeting,
                by=request.user,
                expected_version=version_form.expected_version(),
                **form.meeting_fields(),
            )
        except ValidationError as error:
            if not is_stale(error):
                add_service_errors(form, error)
            else:
                current = Meeting.objects.select_related("bloc", "host").get(pk=meeting.pk)
                stored = form_class(initial=form_class.initial_of(current), **kwargs)
                form, version_form, conflict = stored.merged(
                    error, version=current.version, typed=form.typed(), sent=version_form
                )
        else:
            messages.success(request, done["success"])
            return redirect(detail_url(meeting, done.get("anchor", "")))
    context = {"bloc": meeting.bloc, "meeting": meeting, "form": form, "version_form": version_form}
    return render(request, template, {**context, "conflict": conflict})


@login_required
def meeting_update(request, pk: int):
    """The general information; refused (nothing lost) when someone else saved the meeting meanwhile."""
    meeting = editable_meeting(request, pk)
    if locked := locked_response(request, meeting):
        return locked
    return _edit(
        request, meeting, MeetingForm, "meetings/meeting_form.html", success=_("Đã lưu thông tin chung của hội nghị.")
    )


@login_required
def meeting_content(request, pk: int):
    """The report, shortcomings and directions, with the same version check as the general information."""
    meeting = editable_meeting(request, pk)
    if locked := locked_response(request, meeting):
        return locked
    return _edit(
        request,
        meeting,
        ContentForm,
        "meetings/meeting_content_form.html",
        success=_("Đã lưu báo cáo, tồn tại và phương hướng."),
        anchor="noi-dung",
    )
