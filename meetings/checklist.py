"""What a meeting's record must hold before it is finalized, by the meeting's kind: the finalize page shows it
as a checklist and ``records.services.meeting_finalize`` refuses while a required item is not done, so the
minutes never print a fact that was not recorded (a member counted present, a presiding person, a secretary)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from meetings.models import Meeting
from meetings.selectors import MeetingPage, meeting_page
from pledges.models import Pledge


@dataclass(frozen=True)
class Check:
    label: str  # what must be recorded, as the finalize page lists it
    done: bool
    required: bool  # False: worth a look, finalizing goes on without it
    anchor: str  # the part of the meeting page where it is entered
    missing: str = ""  # what the refusal says when a required item is not done

    @property
    def blocking(self) -> bool:
        return self.required and not self.done


def _attendance(page: MeetingPage) -> Check:
    marked = {a.agency_id for a in page.attendances}
    unmarked = [agency_id for agency_id in page.member_ids if agency_id not in marked]
    return Check(
        label=_("Điểm danh: mỗi đơn vị thành viên được ghi có mặt hoặc vắng mặt"),
        done=bool(page.member_ids) and not unmarked,
        required=True,
        anchor="diem-danh",
        missing=_("Chưa điểm danh %(count)s/%(members)s đơn vị thành viên: ghi mỗi đơn vị có mặt hay vắng mặt.")
        % {"count": len(unmarked), "members": len(page.member_ids)}
        if page.member_ids
        else _("Khối chưa có đơn vị thành viên trong năm %(year)s.") % {"year": page.meeting.year},
    )


def finalize_checklist(page: MeetingPage, *, pledge: Pledge | None = None) -> list[Check]:
    """The items of ``page.meeting``'s kind, in the order of the meeting page. ``pledge``: the pledge of the
    meeting's ``pledge_year`` with its criteria and signatures prefetched (None when there is none)."""
    meeting = page.meeting
    checks = [
        _attendance(page),
        Check(
            label=_("Người chủ trì hội nghị"),
            done=bool(page.presiding),
            required=True,
            anchor="thanh-phan",
            missing=_("Chưa ghi người chủ trì hội nghị."),
        ),
        Check(
            label=_("Thư ký hội nghị"),
            done=page.secretary is not None,
            required=True,
            anchor="thanh-phan",
            missing=_("Chưa ghi thư ký hội nghị."),
        ),
    ]
    if meeting.kind in (Meeting.Kind.YEAR_END_REVIEW, Meeting.Kind.MID_YEAR_REVIEW):
        checks.append(
            Check(label=_("Báo cáo kết quả"), done=bool(meeting.report.strip()), required=False, anchor="noi-dung")
        )
    if meeting.offers("proposals") or page.proposals:
        pending = page.pending_proposals
        checks.append(
            Check(
                label=_("Mỗi đề nghị khen thưởng có kết quả biểu quyết"),
                done=not pending,
                required=True,
                anchor="de-nghi",
                missing=_("Còn %(count)s đề nghị khen thưởng chưa biểu quyết: nhập phiếu hoặc rút đề nghị.")
                % {"count": len(pending)},
            )
        )
    if meeting.kind == Meeting.Kind.YEAR_END_REVIEW:
        checks.append(
            Check(
                label=_("Bầu trưởng khối (và phó trưởng khối) năm %(year)s") % {"year": meeting.year + 1},
                done=page.election is not None,
                required=False,
                anchor="bau",
            )
        )
        checks.append(
            Check(label=_("Xếp hạng thi đua các đơn vị"), done=bool(page.rankings), required=False, anchor="xep-hang")
        )
    if (year := meeting.signed_pledge_year) is not None:
        criteria = list(pledge.criteria.all()) if pledge is not None else []
        checks.append(
            Check(
                label=_("Giao ước thi đua năm %(year)s có tiêu chí và điểm") % {"year": year},
                done=bool(criteria),
                required=meeting.kind == Meeting.Kind.PLEDGE_SIGNING,
                anchor="giao-uoc",
                missing=_("Giao ước thi đua năm %(year)s chưa có tiêu chí: hội nghị ký kết cần bản giao ước.")
                % {"year": year},
            )
        )
        signed = {s.agency_id for s in pledge.signatures.all()} if pledge is not None else set()
        checks.append(
            Check(
                label=_("Chữ ký của các đơn vị trên giao ước (%(signed)s/%(members)s)")
                % {"signed": len(signed & set(page.member_ids)), "members": len(page.member_ids)},
                done=bool(page.member_ids) and set(page.member_ids) <= signed,
                required=False,
                anchor="giao-uoc",
            )
        )
    return checks


def meeting_checklist(meeting: Meeting, page: MeetingPage | None = None) -> list[Check]:
    """The checklist of a meeting as stored (``page``: its page, when already read)."""
    page = page or meeting_page(meeting)
    pledge = None
    if meeting.signed_pledge_year is not None:
        pledge = (
            Pledge.objects.filter(bloc_id=meeting.bloc_id, year=meeting.signed_pledge_year)
            .prefetch_related("criteria", "signatures")
            .first()
        )
    return finalize_checklist(page, pledge=pledge)
