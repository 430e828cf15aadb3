"""Snapshot → Word (.docx, python-docx): the same document as the PDF, for those who must edit or re-file it.

Built from the context the PDF's templates read (``rendering.CONTEXTS``), section by section in the order of
the templates in ``templates/meetings/minutes/`` (``minutes.py``: the minutes and the pledge; ``dossier.py``:
the vote count, the score table and the letter), so that the .docx says every fact the PDF says. The layout
(``layout.py``) follows Nghị định 30/2020/NĐ-CP, Phụ lục I, with the values of ``static/css/minutes.css``: A4
portrait (the score table of many criteria landscape); margins top 20, bottom 20, left 30, right 15 mm; Times
New Roman 13 pt (the CSS's Liberation Serif has Times New Roman's metrics); page numbers centred at the top
from page 2; the two-column header and the signature blocks as borderless tables; an issued version's
verification code and QR code in page 1's footer (``layout._verification``), where the PDF prints them at the foot
of page 1's text.

The wording fixed by the templates is written here as it is there, in Vietnamese: the document is the record,
in the language of the record whoever asks for it (``rendering.render_html`` renders under "vi" too). The
context is read with ``.get`` so that a part the context leaves out is simply not printed, as in the template.
"""

from __future__ import annotations

import datetime
import io
import zipfile

from django.utils import translation

from records import rendering

from .dossier import _letter, _scores, _vote_count
from .layout import _new, _verification, _watermark
from .minutes import _minutes, _pledge

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Zip entries dated this moment: the same snapshot gives the same bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

# ---- Entry point ----------------------------------------------------------------------------------------

BUILDERS = {"minutes": _minutes, "pledge": _pledge, "vote_count": _vote_count, "scores": _scores, "letter": _letter}


def _dated(snapshot: dict) -> datetime.date | None:
    value = snapshot.get("dated") or (snapshot.get("meeting") or {}).get("held_on") or snapshot.get("signed_on")
    return datetime.date.fromisoformat(value) if value else None


def _stable_zip(data: bytes) -> bytes:
    """The same package with every entry dated ``ZIP_DATE``: python-docx stamps each with the current time."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(zipfile.ZipInfo(entry.filename, ZIP_DATE), source.read(entry), zipfile.ZIP_DEFLATED)
    return output.getvalue()


def render_docx(snapshot: dict) -> bytes:
    """The Word file of a snapshot: what the worker stores beside the PDF and ``minutes_pdf -o x.docx`` writes."""
    kind = snapshot["document"]
    with translation.override("vi"):
        context = rendering.CONTEXTS[kind](snapshot)
        document = _new(
            str(context.get("pdf_title", "")),
            str(context.get("author", "")),
            _dated(snapshot),
            landscape=bool(context.get("landscape")),
        )
        BUILDERS[kind](document, context)
        if context.get("verification"):
            _verification(document, context["verification"])
        if context.get("draft"):
            _watermark(document, "DỰ THẢO")
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())
