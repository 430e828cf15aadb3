"""The context of the minutes (Mẫu 1.9) and of the pledge signed at the meeting."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.numbers import number_text
from records import numbering

from .common import (
    _bands_line,
    _board,
    _chair_and_secretary,
    _criteria,
    _date,
    _document,
    _kinds_note,
    _number,
    _paragraphs,
    _person_line,
    _points,
    _signature,
    _time,
    legal_basis_line,
)


def _attendance(snapshot: dict) -> dict:
    """What the minutes say of who attended: only what was recorded. All members marked: "8/8" and the absent
    (or "không có"); some marked (imported history): those recorded present and absent, and the members with no
    record; none marked: the year's members, saying that the record has no attendance."""
    rows = snapshot["attendance"]
    present = [row for row in rows if row["present"]]
    absent = [row["agency"] for row in rows if not row["present"]]
    members = snapshot.get("members")
    if members is None:  # a version made before attendance and membership were kept apart (format 1)
        members, unmarked = [row["agency"] for row in rows], []
    else:
        unmarked = snapshot.get("unmarked", [])
    count = {"present": number_text(len(present), thousands=True), "members": number_text(len(members), thousands=True)}
    if not rows:
        state = "none"
        line = _(
            "Các cơ quan, đơn vị thành viên Khối (%(members)s đơn vị): %(names)s. Biên bản không có số liệu điểm danh."
        ) % {
            "members": count["members"],
            "names": ", ".join(members) or numbering.DOTS,
        }
    elif unmarked:
        state = "partial"
        line = _("Đại diện lãnh đạo %(present)s cơ quan, đơn vị thành viên Khối có mặt:") % count
    else:
        state = "full"
        line = _("Đại diện lãnh đạo %(present)s/%(members)s cơ quan, đơn vị thành viên Khối:") % count
    return {"attendance_state": state, "present_line": line, "present": present, "absent": absent, "unmarked": unmarked}


def _pledge(snapshot: dict) -> dict | None:
    pledge = snapshot.get("pledge")
    if not pledge:
        return None
    return {
        "year": pledge["year"],
        "criteria": _criteria(pledge["criteria"]),
        "total_points": _points(pledge["total_points"]) if pledge["total_points"] is not None else "",
        "signatories": pledge["signatories"],
    }


def _tally(proposal: dict) -> str:
    votes = proposal["votes"]
    if votes is None:
        return _("chưa biểu quyết")
    return _(
        "%(for)s/%(basis)s phiếu đồng ý (%(percent)s), %(against)s phiếu không đồng ý, %(abstain)s phiếu không"
        " biểu quyết"
    ) % {
        "for": number_text(votes["for"], thousands=True),
        "basis": number_text(proposal["basis_count"], thousands=True),
        "percent": numbering.percent(votes["for"], proposal["basis_count"]),
        "against": number_text(votes["against"], thousands=True),
        "abstain": number_text(votes["abstain"], thousands=True),
    }


def minutes_context(snapshot: dict) -> dict:
    meeting = snapshot["meeting"]
    held_on = _date(meeting["held_on"])
    start, end = _time(meeting["start_time"]), _time(meeting["end_time"])
    next_year = meeting["year"] + 1
    pledge = _pledge(snapshot)
    sections = []  # the numbered parts of "Nội dung"; a part without facts is left out
    if meeting["report"]:
        sections.append(("report", _("Báo cáo kết quả thực hiện phong trào thi đua năm %(year)s") % meeting))
    if meeting["shortcomings"]:
        sections.append(("shortcomings", _("Tồn tại, hạn chế")))
    if snapshot["ranking"]:
        sections.append(("ranking", _("Bình xét, xếp hạng thi đua năm %(year)s") % meeting))
    if snapshot["proposals"]:
        sections.append(("proposals", _("Biểu quyết đề nghị khen thưởng")))
    if snapshot["election"]:
        for_year = snapshot["election"]["for_year"]
        if not snapshot["election"].get("vice_chair"):
            sections.append(("election", _("Bầu Trưởng khối năm %(year)s") % {"year": for_year}))
        else:
            sections.append(("election", _("Bầu Trưởng khối, Phó Trưởng khối năm %(year)s") % {"year": for_year}))
    if meeting["directions"]:
        sections.append(("directions", _("Phương hướng, nhiệm vụ năm %(year)s") % {"year": next_year}))
    if meeting["pledge_year"]:
        sections.append(("pledge", _("Ký kết giao ước thi đua năm %(year)s") % {"year": meeting["pledge_year"]}))
    return _document(
        snapshot,
        dated=held_on,
        heading=_("BIÊN BẢN"),
        subject=meeting["title"],
        pdf_title=_("Biên bản %(title)s") % {"title": meeting["title"]},
    ) | {
        "number": _number(snapshot),
        "title": meeting["title"],
        # The legal bases in force on the meeting's day; a version made before the minutes cited them has none.
        "legal_bases": [legal_basis_line(b) for b in snapshot.get("legal_bases") or []],
        "start_line": _("%(time)s, %(date)s")
        % {"time": numbering.time_words(start), "date": numbering.date_words(held_on)},
        "venue": meeting["venue"] or (_("trụ sở %(host)s") % {"host": meeting["host"]} if meeting["host"] else ""),
        **_attendance(snapshot),
        "guests": [_person_line(g) for g in snapshot["guests"]],
        "presiding": [_person_line(p) for p in snapshot["presiding"]] or [numbering.DOTS],
        "secretary": _person_line(snapshot["secretary"]),
        "sections": sections,
        "report": _paragraphs(meeting["report"]),
        "shortcomings": _paragraphs(meeting["shortcomings"]),
        "proposals": [
            {
                "agency": p["agency"],
                "award": p["award"],
                "conferred_by": p["conferred_by"],
                "tally": _tally(p),
                "outcome": p["outcome_display"],
                "passed": p["outcome"] == "passed",
            }
            for p in snapshot["proposals"]
        ],
        "election": snapshot["election"],
        "ranking": snapshot["ranking"],
        "directions": meeting["directions"],
        "pledge_year": meeting["pledge_year"],
        "pledge": pledge,
        "end_time": numbering.time_words(end),
        "signatures": _chair_and_secretary(snapshot),
        "recipients": [
            _("- %(board)s (để báo cáo);") % {"board": _board(snapshot)},
            _("- Các cơ quan, đơn vị thành viên Khối;"),
            _("- Lưu: VT, Khối."),
        ],
    }


def pledge_context(snapshot: dict) -> dict:
    year = snapshot["year"]
    return _document(
        snapshot,
        dated=_date(snapshot["signed_on"]),
        heading=_("BẢN GIAO ƯỚC THI ĐUA NĂM %(year)s") % {"year": year},
        subject=snapshot["bloc"]["name"],
        pdf_title=_("Giao ước thi đua năm %(year)s") % {"year": year},
    ) | {
        "year": year,
        "bloc_name": snapshot["bloc"]["name"],
        "criteria": _criteria(snapshot["criteria"]),
        "total_points": _points(snapshot["total_points"]),
        "kinds_note": _kinds_note(snapshot["criteria"]),
        "bands_line": _bands_line(snapshot.get("bands")),
        "signatures": [
            _signature(row["agency"].upper(), [row["signer"]], [row["title"]]) for row in snapshot["signatories"]
        ],
    }
