"""Excel workbooks (openpyxl): a year's award proposals of every bloc, and one bloc's history.

The query functions fetch what a workbook needs in a fixed number of queries however many rows; the
builders take those records and return the ``.xlsx`` bytes. Names are the agencies' names of the time:
each Agency row is the historical agency, a merger or a rename creates its successor.

Every cell is written by ``core.excel.write_cell``: text is always a text cell, never a formula, whatever it
starts with (names and decision numbers are typed by users or imported, and member agencies download the bloc
workbook).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from blocs.models import Bloc, Leadership, Membership
from core.excel import CONTENT_TYPE as CONTENT_TYPE  # the views' download type
from core.excel import DATE_FORMAT, Column, table, workbook_bytes
from decisions.models import Decision
from meetings.models import Ballot, Proposal
from meetings.voting import effective_tally
from members.models import Organizer

# -- queries -------------------------------------------------------------------------------------------------


def year_proposals(organizer: Organizer, year: int) -> QuerySet[Proposal]:
    """The organizer's proposals of an emulation year, by bloc (Vietnamese order), meeting date and position."""
    return (
        Proposal.objects.filter(bloc__organizer=organizer, year=year)
        .select_related("bloc", "meeting", "nominee", "award_type", "decision_award__decision")
        # Counted when no tally was entered; unordered, as only the counts matter.
        .prefetch_related(Prefetch("ballots", queryset=Ballot.objects.order_by()))
        .order_by("bloc__sort_key", "bloc__code", "meeting__held_on", "meeting_id", "position", "pk")
    )


def bloc_leaderships(bloc: Bloc) -> QuerySet[Leadership]:
    return bloc.leaderships.select_related("chair", "vice_chair").order_by("year")


def bloc_memberships(bloc: Bloc) -> QuerySet[Membership]:
    return bloc.memberships.select_related("agency").order_by("agency__sort_key", "agency__code", "from_year")


def bloc_proposals(bloc: Bloc) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(bloc=bloc)
        .select_related("meeting", "nominee", "award_type", "decision_award__decision")
        .order_by("year", "meeting__held_on", "meeting_id", "position", "pk")
    )


# -- workbooks -----------------------------------------------------------------------------------------------


def proposals_workbook(*, organizer: Organizer, year: int, proposals: Iterable[Proposal]) -> bytes:
    """The list the board sends to the provincial council: every proposal of the year with its votes,
    outcome and decision."""
    workbook = Workbook()
    rows = []
    for number, proposal in enumerate(proposals, start=1):
        tally = effective_tally(proposal)
        rows.append(
            [
                number,
                proposal.bloc.name,
                proposal.nominee.name,
                proposal.award_type.name,
                proposal.meeting.held_on,
                tally.votes_for if tally else None,
                tally.against if tally else None,
                tally.abstain if tally else None,
                proposal.get_outcome_display(),
                _decision_text(proposal),
            ]
        )
    table(
        workbook.active,
        sheet_title=_("Đề nghị khen thưởng %(year)s") % {"year": year},
        title=_("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM %(year)s") % {"year": year},
        subtitle=organizer.board_name or organizer.name,
        columns=[
            Column(_("STT"), 6),
            Column(_("Khối/Cụm"), 36),
            Column(_("Đơn vị được đề nghị"), 36),
            Column(_("Hình thức khen thưởng"), 32),
            Column(_("Hội nghị"), 12, DATE_FORMAT),
            Column(_("Đồng ý"), 9),
            Column(_("Không đồng ý"), 10),
            Column(_("Không biểu quyết"), 11),
            Column(_("Kết quả"), 15),
            Column(_("Quyết định"), 30),
        ],
        rows=rows,
    )
    return workbook_bytes(workbook)


def bloc_workbook(
    *,
    bloc: Bloc,
    leaderships: Iterable[Leadership],
    memberships: Iterable[Membership],
    proposals: Iterable[Proposal],
) -> bytes:
    """A bloc across the years: its chairs and vice-chairs, its members, and its award proposals."""
    workbook = Workbook()
    title = bloc.name.upper()
    table(
        workbook.active,
        sheet_title=_("Trưởng, phó khối"),
        title=title,
        subtitle=_("Trưởng khối, phó trưởng khối qua các năm"),
        columns=[Column(_("Năm"), 8), Column(_("Trưởng khối"), 40), Column(_("Phó trưởng khối"), 40)],
        rows=[[lead.year, lead.chair.name, lead.vice_chair.name if lead.vice_chair_id else ""] for lead in leaderships],
    )
    table(
        workbook.create_sheet(),
        sheet_title=_("Thành viên"),
        title=title,
        subtitle=_("Các cơ quan, đơn vị thành viên"),
        columns=[Column(_("Cơ quan, đơn vị"), 44), Column(_("Từ năm"), 9), Column(_("Đến năm"), 9)],
        rows=[[m.agency.name, m.from_year, m.to_year if m.to_year else _("nay")] for m in memberships],
    )
    table(
        workbook.create_sheet(),
        sheet_title=_("Khen thưởng"),
        title=title,
        subtitle=_("Đề nghị khen thưởng và quyết định qua các năm"),
        columns=[
            Column(_("Năm"), 8),
            Column(_("Đơn vị"), 40),
            Column(_("Hình thức khen thưởng"), 34),
            Column(_("Kết quả"), 15),
            Column(_("Quyết định"), 30),
        ],
        rows=[
            [p.year, p.nominee.name, p.award_type.name, p.get_outcome_display(), _decision_text(p)] for p in proposals
        ],
    )
    return workbook_bytes(workbook)


# -- helpers -------------------------------------------------------------------------------------------------


def _decision(proposal: Proposal) -> Decision | None:
    try:
        return proposal.decision_award.decision
    except ObjectDoesNotExist:
        return None


def _decision_text(proposal: Proposal) -> str | None:
    decision = _decision(proposal)
    if decision is None:
        return None
    return _("%(number)s ngày %(date)s") % {"number": decision.number, "date": f"{decision.signed_on:%d/%m/%Y}"}
