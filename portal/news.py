"""The news draft of a finalized meeting: the article a province's portal publishes after a review ("Ngày …, tại
…, Khối thi đua … đã tổ chức Hội nghị tổng kết …"), written from the meeting's record.

It says only what was recorded, from the same facts the minutes print (``records.snapshot.meeting_snapshot``):
a fact the record does not hold (the venue, who presided, an election, a ranking) is left out, never guessed.
The draft is not stored; the user edits and copies it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import override

from meetings.models import Meeting
from records.snapshot import meeting_snapshot


def _names(names: Iterable[str]) -> str:
    """Names as a Vietnamese sentence lists them: A; A và B; A, B và C."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s và %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _person(person: dict) -> str:
    return ", ".join(part for part in (person.get("name"), person.get("title"), person.get("organization")) if part)


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _when(meeting: dict) -> str:
    """The day, with the part of it the meeting started in when the start time was recorded: Sáng ngày
    04/01/2018, else Ngày 04/01/2018."""
    day = datetime.date.fromisoformat(meeting["held_on"]).strftime("%d/%m/%Y")
    start = meeting.get("start_time")
    if not start:
        return _("Ngày %(date)s") % {"date": day}
    hour = int(start.split(":")[0])
    if hour < 12:
        return _("Sáng ngày %(date)s") % {"date": day}
    if hour < 18:
        return _("Chiều ngày %(date)s") % {"date": day}
    return _("Tối ngày %(date)s") % {"date": day}


def _headline(snapshot: dict) -> str:
    meeting, bloc = snapshot["meeting"], snapshot["bloc"]["name"]
    kind, year = meeting["kind"], meeting["year"]
    if kind == Meeting.Kind.YEAR_END_REVIEW:
        return _("%(bloc)s tổng kết công tác thi đua, khen thưởng năm %(year)s") % {"bloc": bloc, "year": year}
    if kind == Meeting.Kind.MID_YEAR_REVIEW:
        return _("%(bloc)s sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm %(year)s") % {
            "bloc": bloc,
            "year": year,
        }
    if kind == Meeting.Kind.PLEDGE_SIGNING and meeting.get("pledge_year"):
        return _("%(bloc)s ký kết giao ước thi đua năm %(year)s") % {"bloc": bloc, "year": meeting["pledge_year"]}
    return _("%(bloc)s tổ chức %(title)s") % {"bloc": bloc, "title": meeting["title"]}


def _opening(snapshot: dict) -> str:
    """Who held which meeting, when and where; who hosted and who presided."""
    meeting, bloc = snapshot["meeting"], snapshot["bloc"]["name"]
    where = _(", tại %(venue)s") % {"venue": meeting["venue"]} if meeting.get("venue") else ""
    sentences = [
        _("%(when)s%(where)s, %(bloc)s đã tổ chức %(title)s.")
        % {"when": _when(meeting), "where": where, "bloc": bloc, "title": meeting["title"]}
    ]
    if meeting.get("host"):
        sentences.append(_("%(host)s là đơn vị đăng cai hội nghị.") % {"host": meeting["host"]})
    presiding = [_person(p) for p in snapshot.get("presiding") or [] if _person(p)]
    if presiding:
        sentences.append(_("Chủ trì hội nghị: %(people)s.") % {"people": "; ".join(presiding)})
    return " ".join(sentences)


def _attendance(snapshot: dict, unit: str) -> str:
    """The member agencies recorded present (of the year's members), those recorded absent, and the guests."""
    rows = snapshot.get("attendance") or []
    present = [row["agency"] for row in rows if row["present"]]
    absent = [row["agency"] for row in rows if not row["present"]]
    sentences = []
    if present:
        sentences.append(
            _("Tham dự hội nghị có đại diện %(present)s/%(members)s đơn vị thành viên của %(unit)s, gồm: %(names)s.")
            % {
                "present": len(present),
                "members": len(snapshot.get("members") or []) or len(rows),
                "unit": unit,
                "names": ", ".join(present),
            }
        )
    if absent:
        sentences.append(_("Vắng mặt: %(names)s.") % {"names": ", ".join(absent)})
    guests = [_person(g) for g in snapshot.get("guests") or [] if _person(g)]
    if guests:
        sentences.append(_("Dự hội nghị còn có: %(people)s.") % {"people": "; ".join(guests)})
    return " ".join(sentences)


def _proposals(snapshot: dict, voting_mode: str) -> str:
    """The proposals passed, by award in the order the record lists them."""
    by_award: dict[str, list[str]] = {}
    for proposal in snapshot.get("proposals") or []:
        if proposal["outcome"] == "passed":
            by_award.setdefault(proposal["award"], []).append(proposal["agency"])
    if not by_award:
        return ""
    awards = "; ".join(
        _("%(award)s cho %(agencies)s") % {"award": award, "agencies": _names(agencies)}
        for award, agencies in by_award.items()
    )
    if voting_mode == Meeting.VotingMode.SECRET:
        lead = _("Qua bỏ phiếu kín, Hội nghị đã đề nghị cấp có thẩm quyền khen thưởng")
    elif voting_mode == Meeting.VotingMode.OPEN:
        lead = _("Qua biểu quyết công khai, Hội nghị đã đề nghị cấp có thẩm quyền khen thưởng")
    else:
        lead = _("Hội nghị đã đề nghị cấp có thẩm quyền khen thưởng")
    return f"{lead}: {awards}."


def _results(snapshot: dict, unit: str, voting_mode: str) -> list[str]:
    """The ranking, the proposals passed, the election and the pledge signed: each only when recorded."""
    meeting, bloc = snapshot["meeting"], snapshot["bloc"]
    paragraphs = []
    first = [row["agency"] for row in snapshot.get("ranking") or [] if row["rank"] == 1]
    if first:
        paragraphs.append(
            _("Hội nghị đã bình xét, suy tôn %(agencies)s là đơn vị nhất %(unit)s năm %(year)s.")
            % {"agencies": _names(first), "unit": unit.lower(), "year": meeting["year"]}
        )
    if proposals := _proposals(snapshot, voting_mode):
        paragraphs.append(proposals)
    if election := snapshot.get("election"):
        chair_title, vice_title = (
            (_("Cụm trưởng"), _("Cụm phó")) if bloc["kind"] != "bloc" else (_("Khối trưởng"), _("Khối phó"))
        )
        values = {
            "chair": election["chair"],
            "vice_chair": election.get("vice_chair"),
            "chair_title": chair_title,
            "vice_title": vice_title,
            "bloc": bloc["name"],
            "year": election["for_year"],
        }
        if election.get("vice_chair"):
            text = _(
                "Hội nghị đã bầu %(chair)s làm %(chair_title)s, %(vice_chair)s làm %(vice_title)s %(bloc)s"
                " năm %(year)s."
            )
        else:
            text = _("Hội nghị đã bầu %(chair)s làm %(chair_title)s %(bloc)s năm %(year)s.")
        paragraphs.append(text % values)
    if meeting.get("pledge_year"):
        paragraphs.append(
            _("Tại hội nghị, các đơn vị đã ký kết giao ước thi đua năm %(year)s.") % {"year": meeting["pledge_year"]}
        )
    return paragraphs


def _directions(meeting: dict) -> list[str]:
    directions = [d.strip() for d in meeting.get("directions") or [] if d.strip()]
    if not directions:
        return []
    if meeting["kind"] == Meeting.Kind.YEAR_END_REVIEW:
        lead = _("Phương hướng, nhiệm vụ năm %(year)s, hội nghị đề ra:") % {"year": meeting["year"] + 1}
    elif meeting["kind"] == Meeting.Kind.MID_YEAR_REVIEW:
        lead = _("Phương hướng, nhiệm vụ 6 tháng cuối năm %(year)s, hội nghị đề ra:") % {"year": meeting["year"]}
    else:
        lead = _("Phương hướng, nhiệm vụ thời gian tới, hội nghị đề ra:")
    return [lead + "\n" + "\n".join(f"- {d}" for d in directions)]


def news_text(snapshot: dict, *, voting_mode: str = "") -> str:
    """The article from a meeting's snapshot (``meeting_snapshot``): paragraphs separated by a blank line,
    the headline first."""
    meeting = snapshot["meeting"]
    unit = _("Cụm") if snapshot["bloc"]["kind"] == "cluster" else _("Khối")
    paragraphs = [_headline(snapshot), _opening(snapshot), _attendance(snapshot, unit)]
    paragraphs += _paragraphs(meeting.get("report"))
    if shortcomings := _paragraphs(meeting.get("shortcomings")):
        paragraphs.append(_("Bên cạnh những kết quả đạt được, hội nghị đã chỉ ra một số tồn tại, hạn chế:"))
        paragraphs += shortcomings
    paragraphs += _results(snapshot, unit, voting_mode)
    paragraphs += _directions(meeting)
    return "\n\n".join(p for p in paragraphs if p)


def news_draft(meeting: Meeting) -> str:
    """The article of a finalized meeting, in Vietnamese whatever the user's language (the province's portal
    publishes in Vietnamese)."""
    with override("vi"):
        return news_text(meeting_snapshot(meeting, minutes_number=""), voting_mode=meeting.voting_mode)
