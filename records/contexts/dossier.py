"""The context of the year-end dossier's documents: the vote count, the score table and the letter (tờ trình)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.numbers import number_text
from records import numbering

from .common import (
    NO_POINTS,
    _bands_line,
    _chair_and_secretary,
    _count,
    _criteria,
    _date,
    _document,
    _kinds_note,
    _number,
    _person_line,
    _points,
    _signature,
    legal_basis_line,
)

# The score table turns to A4 landscape past this many criteria: a column of 16 mm each, with the number, the
# agency (at least 60 mm), the total and the rank, fills the 165 mm of portrait text at four.
PORTRAIT_MAX_CRITERIA = 4
# The vote count's columns (mm, 165 in all): number, agency, award, for, against, abstain, share, outcome.
VOTE_COLUMNS = [10, 34, 34, 17, 17, 17, 20, 16]  # static/css/minutes.css has a class for each width


def _meeting_line(meeting: dict) -> str:
    """ "Hội nghị tổng kết … năm 2017, ngày 04 tháng 01 năm 2018, tại Hội trường …"."""
    line = _("%(title)s, %(date)s") % {
        "title": meeting["title"],
        "date": numbering.date_words(_date(meeting["held_on"])),
    }
    venue = meeting["venue"] or (_("trụ sở %(host)s") % {"host": meeting["host"]} if meeting["host"] else "")
    return _("%(line)s, tại %(venue)s") % {"line": line, "venue": venue} if venue else line


def vote_count_context(snapshot: dict) -> dict:
    meeting, year = snapshot["meeting"], snapshot["year"]
    ballots = snapshot["ballots"]
    secret = snapshot["voting_mode"] == "secret"
    rules = {}  # each award's rule once, in the order the proposals name them
    for p in snapshot["proposals"]:
        rules.setdefault(p["award"], p["rule_text"])
    return _document(
        snapshot,
        dated=_date(meeting["held_on"]),
        heading=_("BIÊN BẢN KIỂM PHIẾU"),
        subject=_("Biểu quyết đề nghị khen thưởng năm %(year)s") % {"year": year},
        pdf_title=_("Biên bản kiểm phiếu biểu quyết đề nghị khen thưởng năm %(year)s") % {"year": year},
    ) | {
        "meeting_line": _meeting_line(meeting),
        "voting_mode": {"secret": _("Bỏ phiếu kín"), "open": _("Biểu quyết công khai")}.get(
            snapshot["voting_mode"], _("không ghi")
        ),
        "tellers": [_person_line(t) for t in snapshot["tellers"]],
        "members_count": _count(snapshot["members_count"]),
        "present_count": _count(snapshot["present_count"]),
        # An open vote by show of hands has no ballots: their lines only when secret or when figures were kept.
        "ballots": [
            (_("Số phiếu phát ra"), _count(ballots["issued"])),
            (_("Số phiếu thu về"), _count(ballots["returned"])),
            (_("Số phiếu hợp lệ"), _count(ballots["valid"])),
            (_("Số phiếu không hợp lệ"), _count(ballots["invalid"])),
        ]
        if secret or any(value is not None for value in ballots.values())
        else [],
        "proposals": [
            {
                "agency": p["agency"],
                "award": p["award"],
                "for": "" if p["votes"] is None else number_text(p["votes"]["for"], thousands=True),
                "against": "" if p["votes"] is None else number_text(p["votes"]["against"], thousands=True),
                "abstain": "" if p["votes"] is None else number_text(p["votes"]["abstain"], thousands=True),
                "share": ""
                if p["votes"] is None
                else f"{number_text(p['votes']['for'], thousands=True)}/"
                f"{number_text(p['basis_count'], thousands=True)} ({p['share']})",
                "outcome": p["outcome_display"],
            }
            for p in snapshot["proposals"]
        ],
        "rules": list(rules.items()),
        "vote_columns": VOTE_COLUMNS,
        "signatures": [
            _signature(_("TỔ KIỂM PHIẾU"), [t["name"] for t in snapshot["tellers"]] or [""]),
            _signature(_("CHỦ TỌA"), [snapshot["presiding"][0]["name"] if snapshot["presiding"] else ""]),
        ],
    }


def scores_context(snapshot: dict) -> dict:
    meeting, year = snapshot["meeting"], snapshot["year"]
    criteria = snapshot["criteria"]
    rows = snapshot["rows"]
    return _document(
        snapshot,
        dated=_date(meeting["held_on"]),
        heading=_("BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG"),
        subject=_("Năm %(year)s") % {"year": year},
        pdf_title=_("Bảng tổng hợp kết quả chấm điểm, xếp hạng năm %(year)s") % {"year": year},
    ) | {
        "landscape": len(criteria) + (1 if snapshot.get("bands") else 0) > PORTRAIT_MAX_CRITERIA,
        "year": year,
        "bloc_name": snapshot["bloc"]["name"],
        "meeting_line": _meeting_line(meeting),
        "criteria": _criteria(criteria),
        "total_points": _points(snapshot["total_points"]) if criteria else "",
        "ranked": snapshot["ranked"],
        # Bands (and each row's band) only in snapshots of a pledge that has them.
        "banded": bool(snapshot.get("bands")),
        "bands_line": _bands_line(snapshot.get("bands")),
        "rows": [
            {
                "agency": row["agency"],
                "points": [_points(value) for value in row["points"]],
                "total": _points(row["total"]),
                "rank": "" if row["rank"] is None else str(row["rank"]),
                "band": row.get("band") or NO_POINTS,
            }
            for row in rows
        ],
        "intro": _scores_intro(snapshot),
        "notes": _scores_notes(snapshot),
        "signatures": _chair_and_secretary(snapshot),
    }


def _scores_intro(snapshot: dict) -> str:
    meeting = snapshot["meeting"]
    facts = {
        "year": snapshot["year"],
        "bloc": snapshot["bloc"]["name"],
        "meeting": _("%(title)s %(date)s")
        % {"title": meeting["title"], "date": numbering.date_words(_date(meeting["held_on"]))},
    }
    if snapshot["criteria"] and snapshot["ranked"]:
        line = _(
            "Kết quả chấm điểm theo giao ước thi đua năm %(year)s của các cơ quan, đơn vị thành viên %(bloc)s và kết"
            " quả xếp hạng tại %(meeting)s:"
        )
    elif snapshot["criteria"]:
        line = _("Kết quả chấm điểm theo giao ước thi đua năm %(year)s của các cơ quan, đơn vị thành viên %(bloc)s:")
    elif snapshot["ranked"]:
        line = _("Kết quả xếp hạng thi đua năm %(year)s của các cơ quan, đơn vị thành viên %(bloc)s tại %(meeting)s:")
    else:
        line = _("Các cơ quan, đơn vị thành viên %(bloc)s năm %(year)s:")
    return line % facts


def _scores_notes(snapshot: dict) -> list[str]:
    """What the table leaves out, said in words: points not recorded, no ranking, no pledge criteria."""
    notes = [note] if (note := _kinds_note(snapshot["criteria"])) else []
    if snapshot["criteria"] and any(not row["complete"] for row in snapshot["rows"]):
        notes.append(_("Dấu “%(mark)s”: không có điểm được ghi nhận.") % {"mark": NO_POINTS})
    if not snapshot["criteria"]:
        notes.append(_("Năm %(year)s, Khối không có tiêu chí chấm điểm theo giao ước thi đua.") % snapshot)
    if not snapshot["ranked"]:
        notes.append(_("Hội nghị không ghi kết quả xếp hạng."))
    return notes


def _passed_by_award(passed: list[dict]) -> list[dict]:
    """The passed proposals grouped by award (the snapshot lists them in the awards' order)."""
    groups: list[dict] = []
    for p in passed:
        if not groups or groups[-1]["award_code"] != p["award_code"]:
            groups.append({"award": p["award"], "award_code": p["award_code"], "nominees": []})
        if p["votes_for"] is None:  # an outcome recorded without its figures: the name alone, nothing invented
            groups[-1]["nominees"].append(p["nominee"])
            continue
        groups[-1]["nominees"].append(
            _("%(nominee)s (đạt %(for)s/%(basis)s phiếu đồng ý, %(share)s)")
            % {
                "nominee": p["nominee"],
                "for": number_text(p["votes_for"], thousands=True),
                "basis": number_text(p["basis"], thousands=True),
                "share": p["share"],
            }
        )
    return groups


def letter_context(snapshot: dict) -> dict:
    year, meeting = snapshot["year"], snapshot["meeting"]
    cluster = snapshot["bloc"]["kind"] != "bloc"  # a cluster, of districts or of communes and wards
    unit = _("Cụm thi đua") if cluster else _("Khối thi đua")
    facts = {
        "year": year,
        "bloc": snapshot["bloc"]["name"],
        "members": number_text(snapshot["members_count"], thousands=True),
        "chair": snapshot["chair"],
        "date": numbering.date_words(_date(meeting["held_on"])),
        "meeting": meeting["title"],
        "recipient": snapshot["recipient"],
        "unit": unit,
    }
    year_line = _("Năm %(year)s, %(bloc)s có %(members)s cơ quan, đơn vị thành viên") % facts
    if snapshot["chair"]:
        year_line += (
            _(", %(chair)s làm Trưởng khối") % facts if not cluster else _(", %(chair)s làm Trưởng cụm") % facts
        )
    review_line = _("%(date)s, %(unit)s đã tổ chức %(meeting)s") % {**facts, "date": facts["date"].capitalize()}
    if snapshot["present_count"] is not None:
        review_line += _(", có %(present)s/%(members)s cơ quan, đơn vị thành viên dự") % {
            **facts,
            "present": number_text(snapshot["present_count"], thousands=True),
        }
    signer = snapshot["signer"]
    chair = snapshot["chair"] or ""
    lines = [signer["title"]] if signer["title"] else []
    if chair and chair.casefold() not in signer["title"].casefold():
        lines.append(chair)
    return _document(
        snapshot,
        dated=_date(snapshot["dated"]),
        heading=_("TỜ TRÌNH"),
        subject=_("Về việc đề nghị khen thưởng năm %(year)s") % facts,
        pdf_title=_("Tờ trình đề nghị khen thưởng năm %(year)s") % facts,
    ) | {
        "number": _number(snapshot, numbering.LETTER),
        "recipient": snapshot["recipient"],
        "legal_bases": [legal_basis_line(b) for b in snapshot["legal_bases"]],
        "year_line": year_line + ".",
        "review_line": review_line + ".",
        "request_line": _(
            "Căn cứ kết quả biểu quyết tại Hội nghị, %(unit)s kính đề nghị %(recipient)s thẩm định, trình cấp có"
            " thẩm quyền xét, tặng:"
        )
        % facts
        if snapshot["passed"]
        else _("Tại Hội nghị, không có đề nghị khen thưởng nào đạt số phiếu theo quy định."),
        "awards": _passed_by_award(snapshot["passed"]),
        "closing_line": _("Kính đề nghị %(recipient)s xem xét./.") % facts,
        "signature": _signature(
            [
                _("TM. CỤM THI ĐUA") if cluster else _("TM. KHỐI THI ĐUA"),
                _("TRƯỞNG CỤM") if cluster else _("TRƯỞNG KHỐI"),
            ],
            [signer["name"]],
            lines,
        ),
        "recipients": [
            _("- Như trên;"),
            _("- Các đơn vị thành viên %(unit)s;") % {"unit": _("Cụm") if cluster else _("Khối")},
            _("- Lưu: VT."),
        ],
    }
