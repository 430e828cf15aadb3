"""Snapshot → HTML (Django templates, in Vietnamese) → PDF/A-3b (WeasyPrint) with the data attached.

Pure functions of the snapshot: the worker, ``manage.py minutes_pdf`` and the benchmark render through
``render_document`` and get the same document.
"""

from __future__ import annotations

import atexit
import datetime
import json
import os
import threading
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from core.numbers import number_text
from records import numbering

PDF_VARIANT = "pdf/a-3b"
ATTACHMENT_NAME = "bien-ban.json"
TEMPLATES = {"minutes": "meetings/minutes/minutes_document.html", "pledge": "meetings/minutes/pledge_document.html"}


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


def _time(value: str | None) -> datetime.time | None:
    return datetime.time.fromisoformat(value) if value else None


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _person_line(person: dict | None) -> str:
    if not person:
        return numbering.DOTS
    return ", ".join(part for part in (person["name"], person.get("title"), person.get("organization")) if part)


def _organizer_upper(organizer: dict) -> str:
    short = organizer.get("short_name") or organizer["name"].replace("Ủy ban nhân dân", "UBND")
    return short.upper()


def keep_last_words(text: str) -> str:
    """The last two words joined by a no-break space, so a wrapped line never leaves one word alone on the
    last line (the left header's "KHỐI THI ĐUA CÁC CƠ QUAN THAM MƯU - TỔNG / HỢP")."""
    words = text.split()
    if len(words) < 3:
        return " ".join(words)
    return " ".join(words[:-2]) + " " + words[-2] + "\u00a0" + words[-1]


def _header(snapshot: dict) -> dict:
    return {
        "parent": keep_last_words(_organizer_upper(snapshot["organizer"])),
        "issuer": keep_last_words(snapshot["bloc"]["name"].upper()),
    }


def _number(snapshot: dict) -> str:
    """The number as printed; a draft has none yet: "…/BB-KTĐ-KTKT"."""
    if snapshot.get("draft"):
        symbol = snapshot["bloc"].get("symbol")
        return f"{numbering.DOTS}/BB-{symbol}" if symbol else numbering.DOTS
    return snapshot["minutes_number"] or numbering.DOTS


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
        "criteria": [
            {
                "code": c["code"],
                "title": c["title"],
                "max_points": number_text(Decimal(c["max_points"]), thousands=True),
            }
            for c in pledge["criteria"]
        ],
        "total_points": number_text(Decimal(pledge["total_points"]), thousands=True)
        if pledge["total_points"] is not None
        else "",
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
    return {
        "draft": bool(snapshot.get("draft")),
        "header": _header(snapshot),
        "number": _number(snapshot),
        "date_line": numbering.date_line(snapshot["organizer"]["place_name"], held_on),
        "title": meeting["title"],
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
        "secretary_name": (snapshot["secretary"] or {}).get("name", ""),
        "chair_name": (snapshot["presiding"][0]["name"] if snapshot["presiding"] else ""),
        "board_name": snapshot["organizer"]["board_name"],
        "pdf_title": _("Biên bản %(title)s") % {"title": meeting["title"]},
        "author": snapshot["bloc"]["name"],
    }


def pledge_context(snapshot: dict) -> dict:
    signed_on = _date(snapshot["signed_on"])
    return {
        "header": _header(snapshot),
        "date_line": numbering.date_line(snapshot["organizer"]["place_name"], signed_on),
        "year": snapshot["year"],
        "bloc_name": snapshot["bloc"]["name"],
        "criteria": [
            {
                "code": c["code"],
                "title": c["title"],
                "max_points": number_text(Decimal(c["max_points"]), thousands=True),
            }
            for c in snapshot["criteria"]
        ],
        "total_points": number_text(Decimal(snapshot["total_points"]), thousands=True),
        "signatories": snapshot["signatories"],
        "pdf_title": _("Giao ước thi đua năm %(year)s") % {"year": snapshot["year"]},
        "author": snapshot["bloc"]["name"],
    }


CONTEXTS = {"minutes": minutes_context, "pledge": pledge_context}


def render_html(snapshot: dict, *, stylesheet: str | None = None, back_url: str = "") -> str:
    """The document's HTML, always in Vietnamese (the language of the record, whoever asked for it).
    ``stylesheet`` and ``back_url``: the draft preview served to a browser (the PDF resolves css/ itself)."""
    document = snapshot["document"]
    with translation.override("vi"):
        context = CONTEXTS[document](snapshot) | {"stylesheet": stylesheet, "back_url": back_url}
        return render_to_string(TEMPLATES[document], context)


def base_url() -> str:
    """Relative URLs in the documents (the stylesheet, its fonts) resolve inside ``static/``."""
    from .fetcher import static_dir

    return static_dir().as_uri() + "/"


_fonts = threading.local()


def font_config():
    """This process's (and thread's) WeasyPrint ``FontConfiguration``: made on first use, then reused by
    every document.

    Left to itself, WeasyPrint makes a new one for each document: a Fontconfig configuration of every
    system font (``FcInitLoadConfigAndFonts``) handed to a new Pango font map, our four fonts copied to a
    temporary folder and scanned again. With Pango 1.50 (Debian 12) the font map, once freed, keeps its
    reference to that configuration, so each document left about 0.2 MB of native memory behind that
    neither the garbage collector nor ``malloc_trim`` gets back: a worker grew by ~0.25 MB a document,
    without end (bench/README.md, "Soak"). Reused, the configuration and the fonts are loaded once per
    process, the growth is gone, and a document renders about 10 % faster.

    What a document adds to it stays for the next ones: only ``@font-face`` rules, and the fetcher serves
    the project's fonts alone, which our one stylesheet already declares. Keyed by process id, so that a
    forked child (Celery's prefork pool) makes its own instead of using its parent's Pango objects; and
    per thread, as nothing in it (Pango's font map, WeasyPrint's caches on it) is guarded by a lock.
    """
    from weasyprint.text.fonts import FontConfiguration

    if getattr(_fonts, "pid", None) != os.getpid():
        _fonts.pid, _fonts.config = os.getpid(), FontConfiguration()
    return _fonts.config


@atexit.register
def release_font_config() -> None:
    """Drop this thread's ``FontConfiguration`` (WeasyPrint then deletes its temporary font folder); the
    next document makes a new one. Called when a Celery pool process stops (records/tasks.py) and at exit."""
    if getattr(_fonts, "pid", None) == os.getpid():
        config = _fonts.config
        del _fonts.config, _fonts.pid
        # Its finalizer deletes the folder (and may run again later: harmless). Called here, not left to
        # the garbage collector: documents already rendered may still hold it in reference cycles.
        config.__del__()


def render_pdf(html: str, *, attachment: dict | None = None) -> bytes:
    """PDF/A-3b of the HTML; ``attachment`` (the interchange document) is embedded as ``bien-ban.json``."""
    # Imported here: WeasyPrint takes a while to load, and only workers and commands render.
    from weasyprint import HTML, Attachment

    from .fetcher import ProjectAssetFetcher

    fetcher = ProjectAssetFetcher()
    attachments = []
    if attachment is not None:
        attachments.append(
            Attachment(
                string=json.dumps(attachment, ensure_ascii=False, indent=2).encode(),
                name=ATTACHMENT_NAME,
                description="emulation-blocs/1",
                relationship="Source",
                url_fetcher=fetcher,
            )
        )
    return HTML(string=html, base_url=base_url(), url_fetcher=fetcher).write_pdf(
        pdf_variant=PDF_VARIANT, attachments=attachments, font_config=font_config()
    )


def render_document(snapshot: dict) -> bytes:
    """The PDF of a snapshot: what the worker stores and ``manage.py minutes_pdf`` writes."""
    return render_pdf(render_html(snapshot), attachment=snapshot.get("interchange"))


def warm_up() -> None:
    """Load WeasyPrint and the fonts once in a fresh worker process, so its first document is not slower."""
    render_pdf('<html lang="vi"><head><link rel="stylesheet" href="css/minutes.css"></head><body>Chữ</body></html>')
