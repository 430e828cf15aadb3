"""Snapshot → HTML (``contexts`` and Django templates, in Vietnamese) → PDF/A-3b (WeasyPrint) with the data
attached.

Pure functions of the snapshot: the worker, ``manage.py minutes_pdf`` and the benchmark render through
``render_document`` and get the same document.
"""

from __future__ import annotations

import atexit
import json
import os
import threading

from django.template.loader import render_to_string
from django.utils import translation

from records.contexts import CONTEXTS

PDF_VARIANT = "pdf/a-3b"
ATTACHMENT_NAME = "bien-ban.json"
TEMPLATES = {
    "minutes": "meetings/minutes/minutes_document.html",
    "pledge": "meetings/minutes/pledge_document.html",
    "vote_count": "meetings/minutes/vote_count_document.html",
    "scores": "meetings/minutes/scores_document.html",
    "letter": "meetings/minutes/letter_document.html",
}


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


def _attachment_json(attachment: dict) -> bytes:
    return json.dumps(attachment, ensure_ascii=False, indent=2).encode()


def attachment_bytes(snapshot: dict) -> bytes | None:
    """The exact bytes the PDF of ``snapshot`` embeds as ``bien-ban.json`` (None: it embeds nothing): what the
    version's ``record_sha256`` is the hash of, so that a copy re-saved or signed elsewhere is still recognised."""
    interchange = snapshot.get("interchange")
    return None if interchange is None else _attachment_json(interchange)


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
                string=_attachment_json(attachment),
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
