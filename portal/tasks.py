"""What a member agency has to do now, with its deadlines, and what it did: sign the year's pledge, score itself,
vote online, upload its achievement report (the agency's to-do page, ``members:tasks``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from blocs.models import Membership
from dossiers.models import NOT_SENT, Deadline, Dossier
from meetings.models import Meeting, Proposal
from meetings.selectors import voting_tasks
from members.models import Agency
from pledges.models import Pledge, Signature
from pledges.selectors import scoring_tasks

# The years whose pledges, scores and reports an agency still acts on: last year's (scored and reported in
# the first weeks of this one), this year's and next year's (signed before it starts).
YEARS_BACK, YEARS_AHEAD = 1, 1


@dataclass
class Task:
    """One thing to do (``done`` empty) or done (``done`` says when)."""

    kind: str
    title: str
    url: str
    due_on: datetime.date | None = None
    done: str = ""
    late: bool = False


@dataclass
class Tasks:
    agency: Agency
    todo: list[Task] = field(default_factory=list)
    done: list[Task] = field(default_factory=list)

    def add(self, task: Task, today: datetime.date) -> None:
        if task.done:
            self.done.append(task)
            return
        task.late = task.due_on is not None and task.due_on < today
        self.todo.append(task)


def _pledge_tasks(agency: Agency, years: range) -> list[Task]:
    """The pledges of the agency's blocs in those years: to sign, or signed (one query each)."""
    blocs_by_year = {
        (bloc_id, year)
        for bloc_id, from_year, to_year in Membership.objects.filter(agency=agency).values_list(
            "bloc_id", "from_year", "to_year"
        )
        for year in years
        if from_year <= year and (to_year is None or year <= to_year)
    }
    pledges = Pledge.objects.filter(bloc_id__in={bloc for bloc, _year in blocs_by_year}, year__in=years).select_related(
        "bloc"
    )
    signed = dict(Signature.objects.filter(agency=agency, pledge__in=pledges).values_list("pledge_id", "signed_on"))
    tasks = []
    for pledge in pledges:
        if (pledge.bloc_id, pledge.year) not in blocs_by_year:
            continue
        title = _("Ký giao ước thi đua năm %(year)s — %(bloc)s") % {"year": pledge.year, "bloc": pledge.bloc}
        if pledge.pk in signed:
            on = signed[pledge.pk]
            done = _("Đã ký ngày %(date)s") % {"date": f"{on:%d/%m/%Y}"} if on else _("Đã ký")
            tasks.append(Task("pledge", title, reverse("pledges:detail", args=[pledge.pk]), done=done))
        else:
            tasks.append(Task("pledge", title, reverse("members:pledge_sign", args=[pledge.pk])))
    return tasks


def _scoring_tasks(agency: Agency, years: range) -> list[Task]:
    tasks = []
    for year in years:
        for item in scoring_tasks(agency, year):
            pledge = item.pledge
            title = _("Tự chấm điểm thi đua năm %(year)s — %(bloc)s") % {"year": pledge.year, "bloc": pledge.bloc}
            url = reverse("pledges:self_score", args=[pledge.pk])
            done = ""
            if item.submitted_at is not None:
                done = _("Đã gửi bảng tự chấm ngày %(date)s") % {"date": f"{item.submitted_at:%d/%m/%Y}"}
            elif item.closed:
                done = _("Hết hạn, đơn vị không gửi bảng tự chấm")
            tasks.append(Task("scoring", title, url, due_on=item.deadline, done=done))
    return tasks


def _voting_tasks(agency: Agency) -> list[Task]:
    tasks = []
    for item in voting_tasks(agency):
        meeting = item.meeting
        title = _("Biểu quyết trực tuyến — %(meeting)s") % {"meeting": meeting}
        url = reverse("meetings:ballot", args=[meeting.pk])
        tasks.append(Task("vote", title, url, due_on=meeting.held_on, done=_("Đã bỏ phiếu") if item.voted else ""))
    return tasks


def _report_tasks(agency: Agency, years: range) -> list[Task]:
    """The agency's proposals passed at a year-end review: the achievement report to upload while the bloc's
    dossier is with the bloc, by the province's deadline (three queries)."""
    proposals = list(
        Proposal.objects.filter(
            nominee=agency,
            year__in=years,
            outcome=Proposal.Outcome.PASSED,
            meeting__kind=Meeting.Kind.YEAR_END_REVIEW,
        )
        .select_related("bloc", "award_type", "achievement_report")
        .order_by("year", "position")
    )
    if not proposals:
        return []
    states = {
        (bloc_id, year): state
        for bloc_id, year, state in Dossier.objects.filter(
            bloc_id__in={p.bloc_id for p in proposals}, year__in=years
        ).values_list("bloc_id", "year", "state")
    }
    deadlines = dict(
        Deadline.objects.filter(organizer_id=agency.organizer_id, year__in=years).values_list("year", "due_on")
    )
    tasks = []
    for proposal in proposals:
        title = _("Báo cáo thành tích đề nghị %(award)s năm %(year)s") % {
            "award": proposal.award_type,
            "year": proposal.year,
        }
        report = getattr(proposal, "achievement_report", None)
        open_to_change = states.get((proposal.bloc_id, proposal.year), Dossier.State.DRAFT) in NOT_SENT
        url = reverse("dossiers:report_upload", args=[proposal.pk])
        if report is not None:
            done = _("Đã tải lên ngày %(date)s") % {"date": f"{report.uploaded_at:%d/%m/%Y}"}
            tasks.append(Task("report", title, url if open_to_change else "", done=done))
        elif open_to_change:
            tasks.append(Task("report", title, url, due_on=deadlines.get(proposal.year)))
    return tasks


def agency_tasks(agency: Agency, today: datetime.date) -> Tasks:
    """Everything the agency has to do now and has done, to-dos by deadline (none last)."""
    years = range(today.year - YEARS_BACK, today.year + YEARS_AHEAD + 1)
    found = Tasks(agency)
    for task in [
        *_pledge_tasks(agency, years),
        *_scoring_tasks(agency, years),
        *_voting_tasks(agency),
        *_report_tasks(agency, years),
    ]:
        found.add(task, today)
    found.todo.sort(key=lambda task: (task.due_on is None, task.due_on or today))
    return found
