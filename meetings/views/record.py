"""The parts of the record entered on their own page: attendance, the people (presiding, secretary,
guests), next year's election, and the ranking."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blocs.models import Leadership
from blocs.selectors import members_of_year, suggest_rotation
from core.forms import SheetVersionForm, add_service_errors, change_line, conflict_notice, is_stale
from core.validation import error_messages
from history import audit
from history.states import state_version
from meetings.audit_states import attendance_state, participants_state, ranking_state
from meetings.voting import ranking_record
from members.models import Agency
from pledges.models import Pledge
from pledges.selectors import score_sheet

from .. import services
from ..forms import (
    AttendanceForm,
    ElectionForm,
    RankingForm,
    VotingForm,
    people_initial,
    person_formset,
)
from ..models import Meeting, Participant
from .common import detail_url, editable_meeting, locked_response

PEOPLE_ADVICE = gettext_lazy(
    "Danh sách bạn nhập vẫn được giữ bên dưới. Bấm Lưu lần nữa thì danh sách này thay thế danh sách đang lưu, "
    "kể cả những thay đổi trên."
)


def _attendance_sheet(meeting: Meeting, agencies: list[Agency], data=None) -> tuple[AttendanceForm, str]:
    """The attendance form of the rows stored now, and their version (``services.ensure_unchanged``)."""
    rows = list(meeting.attendances.all())
    names = {agency.pk: agency.name for agency in agencies}
    form = AttendanceForm(data, agencies=agencies, stored={row.agency_id: row for row in rows})
    return form, state_version(attendance_state(rows, names))


@login_required
def attendance(request, pk: int):
    """Every member agency of the year: present, representative and title; the quorum is shown."""
    meeting = editable_meeting(request, pk)
    if locked := locked_response(request, meeting):
        return locked
    agencies = members_of_year(meeting.bloc_id, meeting.year)
    posted = request.method == "POST"
    form, version = _attendance_sheet(meeting, agencies, request.POST if posted else None)
    version_form = SheetVersionForm(request.POST) if posted else form.carrying(version)
    conflict = None
    if posted and form.is_valid():
        try:
            services.attendance_record(
                meeting=meeting,
                rows=form.attendance(),
                by=request.user,
                expected_version=version_form.expected_version(),
            )
        except ValidationError as error:
            if not is_stale(error):
                add_service_errors(form, error)
            else:
                stored, version = _attendance_sheet(meeting, agencies)
                form, version_form, conflict = stored.merged(
                    error, version=version, typed=form.typed(), sent=version_form
                )
        else:
            present = sum(1 for row in form.attendance() if row["present"])
            messages.success(
                request,
                _("Đã lưu điểm danh: %(present)s/%(total)s đơn vị có mặt.")
                % {"present": present, "total": len(agencies)},
            )
            return redirect(detail_url(meeting, "diem-danh"))
    present = sum(1 for agency in agencies if form[f"{agency.pk}-present"].value())
    context = {
        "bloc": meeting.bloc,
        "meeting": meeting,
        "form": form,
        "present": present,
        "total": len(agencies),
        "version_form": version_form,
        "conflict": conflict,
    }
    return render(request, "meetings/attendance_form.html", context)


def _province_agencies(meeting: Meeting):
    return Agency.objects.filter(organizer_id=meeting.bloc.organizer_id).order_by("sort_key", "code")


def _people_state(meeting: Meeting) -> dict:
    return participants_state(meeting.participants.select_related("agency"))


def _people_text(value) -> str:
    """One role's people as a change line shows them (the state keeps them as a list)."""
    return "; ".join(map(str, value)) if isinstance(value, list) else str(value or "")


@login_required
def people(request, pk: int):
    """Who presided (one or more), who took the minutes, and the guests."""
    meeting = editable_meeting(request, pk)
    if locked := locked_response(request, meeting):
        return locked
    agencies = _province_agencies(meeting)
    stored = list(meeting.participants.select_related("agency").order_by("role", "position", "pk"))
    by_role = {role: [p for p in stored if p.role == role] for role in Participant.Role.values}
    posted = request.method == "POST"
    data = request.POST if posted else None
    presiding = person_formset(extra=1 if by_role["presiding"] else 2)(
        data, prefix="presiding", agencies=agencies, initial=people_initial(by_role["presiding"])
    )
    secretary = person_formset(extra=0 if by_role["secretary"] else 1)(
        data, prefix="secretary", agencies=agencies, initial=people_initial(by_role["secretary"])
    )
    guests = person_formset(extra=2, guests=True)(
        data, prefix="guests", agencies=agencies, initial=people_initial(by_role["guest"])
    )
    if posted:
        version_form = SheetVersionForm(request.POST)
    else:
        state = participants_state(stored)
        version_form = SheetVersionForm.carrying(state_version(state), state)
    page_errors: list[str] = []
    conflict = None
    if posted and all([presiding.is_valid(), secretary.is_valid(), guests.is_valid()]):
        chosen_secretaries = secretary.people()
        if len(chosen_secretaries) > 1:
            page_errors.append(_("Mỗi hội nghị chỉ có một thư ký."))
        else:
            try:
                services.participants_set(
                    meeting=meeting,
                    presiding=presiding.people(),
                    secretary=chosen_secretaries[0] if chosen_secretaries else None,
                    guests=guests.people(),
                    by=request.user,
                    expected_version=version_form.expected_version(),
                )
            except ValidationError as error:
                if not is_stale(error):
                    page_errors = error_messages(error)
                else:
                    # The lists typed stay as they are (people are rows, not cells to merge): saving them
                    # again replaces the stored ones knowingly, after reading what changed.
                    state = _people_state(meeting)
                    changes = [
                        change_line(label, _people_text(old), _people_text(new))
                        for label, (old, new) in audit.diff(version_form.loaded_values(), state).items()
                    ]
                    version_form = SheetVersionForm.carrying(state_version(state), state)
                    conflict = conflict_notice(error, changes, PEOPLE_ADVICE)
            else:
                messages.success(request, _("Đã lưu thành phần: chủ trì, thư ký và khách mời."))
                return redirect(detail_url(meeting, "thanh-phan"))
    context = {
        "bloc": meeting.bloc,
        "meeting": meeting,
        "sections": [
            (presiding, _("Chủ trì"), _("Thêm người chủ trì")),
            (secretary, _("Thư ký"), None),
            (guests, _("Khách mời"), _("Thêm khách mời")),
        ],
        "page_errors": page_errors,
        "version_form": version_form,
        "conflict": conflict,
    }
    return render(request, "meetings/participants_form.html", context)


@login_required
def voting(request, pk: int):
    """How the proposals were voted (open or secret), the ballot figures and the tellers: the vote-count minutes."""
    meeting = editable_meeting(request, pk)
    if locked := locked_response(request, meeting):
        return locked
    posted = request.method == "POST"
    data = request.POST if posted else None
    tellers_stored = list(meeting.participants.filter(role=Participant.Role.TELLER).order_by("position", "pk"))
    form = VotingForm(
        data,
        initial={
            "voting_mode": meeting.voting_mode,
            "ballots_issued": meeting.ballots_issued,
            "ballots_returned": meeting.ballots_returned,
            "ballots_invalid": meeting.ballots_invalid,
        },
    )
    tellers = person_formset(extra=1 if tellers_stored else 3)(
        data, prefix="tellers", agencies=_province_agencies(meeting), initial=people_initial(tellers_stored)
    )
    if posted and form.is_valid() and tellers.is_valid():
        try:
            services.voting_set(meeting=meeting, **form.cleaned_data, tellers=tellers.people(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu kết quả kiểm phiếu."))
            return redirect(detail_url(meeting, "de-nghi"))
    context = {"bloc": meeting.bloc, "meeting": meeting, "form": form, "tellers": tellers}
    return render(request, "meetings/voting_form.html", context)


@login_required
def election(request, pk: int):
    """Next year's chair and vice-chair, among that year's members, prefilled with the suggested rotation."""
    meeting = editable_meeting(request, pk)
    if locked := locked_response(request, meeting):
        return locked
    next_year = meeting.year + 1
    agencies = members_of_year(meeting.bloc_id, next_year)
    posted = request.method == "POST"
    if posted:
        form = ElectionForm(request.POST, agencies=agencies)
    else:
        current = Leadership.objects.filter(bloc_id=meeting.bloc_id, year=next_year).first()
        if current is not None:
            initial = {"chair": current.chair_id, "vice_chair": current.vice_chair_id}
        else:
            chair, vice_chair = suggest_rotation(meeting.bloc, meeting.year, members=agencies)
            initial = {"chair": getattr(chair, "pk", None), "vice_chair": getattr(vice_chair, "pk", None)}
        form = ElectionForm(agencies=agencies, initial=initial)
    if posted and form.is_valid():
        try:
            services.leadership_elect(
                meeting=meeting,
                chair=form.cleaned_data["chair"],
                vice_chair=form.cleaned_data["vice_chair"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            names = {
                "chair": form.cleaned_data["chair"],
                "vice_chair": form.cleaned_data["vice_chair"],
                "year": next_year,
            }
            if names["vice_chair"] is None:
                message = _("Đã ghi kết quả bầu: %(chair)s làm trưởng khối năm %(year)s.") % names
            else:
                message = (
                    _("Đã ghi kết quả bầu: %(chair)s làm trưởng khối, %(vice_chair)s làm phó trưởng khối năm %(year)s.")
                    % names
                )
            messages.success(request, message)
            return redirect(detail_url(meeting, "bau"))
    context = {"bloc": meeting.bloc, "meeting": meeting, "form": form, "next_year": next_year, "agencies": agencies}
    return render(request, "meetings/election_form.html", context)


def _ranks_from_scores(meeting: Meeting, agencies: list[Agency]) -> dict[int, int] | None:
    """The ranks of the year's pledge score sheet (equal totals share a rank), or None if nothing is scored."""
    pledge = Pledge.objects.filter(bloc_id=meeting.bloc_id, year=meeting.year).first()
    if pledge is None:
        return None
    rows = score_sheet(pledge, agencies, list(pledge.criteria.all()))
    ranks = {row.agency.pk: row.rank for row in rows if row.rank is not None}
    return ranks or None


def _ranking_sheet(meeting: Meeting, agencies: list[Agency], data=None) -> tuple[RankingForm, str]:
    """The ranking form of the ranks stored now, and their version (``services.ensure_unchanged``)."""
    rows = list(meeting.rankings.all())
    names = {agency.pk: agency.name for agency in agencies}
    form = RankingForm(data, agencies=agencies, stored={row.agency_id: row.rank for row in rows})
    return form, state_version(ranking_state(rows, names))


@login_required
def ranking(request, pk: int):
    """The ranking, from the year's pledge scores (one button) or entered by hand."""
    meeting = editable_meeting(request, pk)
    if locked := locked_response(request, meeting):
        return locked
    agencies = members_of_year(meeting.bloc_id, meeting.year)
    posted = request.method == "POST"
    from_scores = posted and "from_scores" in request.POST
    form, version = _ranking_sheet(meeting, agencies, request.POST if posted and not from_scores else None)
    version_form = SheetVersionForm(request.POST) if posted else form.carrying(version)
    page_errors: list[str] = []
    conflict = None
    ranks = None
    if from_scores:
        ranks = _ranks_from_scores(meeting, agencies)
        if ranks is None:
            page_errors.append(
                _("Khối chưa có giao ước hoặc chưa chấm điểm năm %(year)s; hãy nhập thứ hạng bên dưới.")
                % {"year": meeting.year}
            )
    elif posted and form.is_valid():
        ranks = form.ranks()
    if ranks is not None:
        try:
            ranking_record(
                meeting=meeting, ranks=ranks, by=request.user, expected_version=version_form.expected_version()
            )
        except ValidationError as error:
            if is_stale(error):
                stored, version = _ranking_sheet(meeting, agencies)
                # Ranking from the scores typed nothing: the sheet shows what is stored now.
                typed = version_form.loaded_values() if from_scores else form.typed()
                form, version_form, conflict = stored.merged(error, version=version, typed=typed, sent=version_form)
            elif from_scores:
                page_errors = error_messages(error)
            else:
                add_service_errors(form, error)
        else:
            if from_scores:
                message = _("Đã xếp hạng theo kết quả chấm điểm giao ước năm %(year)s.") % {"year": meeting.year}
            else:
                message = _("Đã lưu xếp hạng.")
            messages.success(request, message)
            return redirect(detail_url(meeting, "xep-hang"))
    context = {
        "bloc": meeting.bloc,
        "meeting": meeting,
        "form": form,
        "page_errors": page_errors,
        "version_form": version_form,
        "conflict": conflict,
    }
    return render(request, "meetings/ranking_form.html", context)
