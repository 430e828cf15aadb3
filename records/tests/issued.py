"""Issued documents for the verification tests: a version made ready with a given PDF (and the hashes the worker
stores with it), a certificate hierarchy whose root the province trusts, and copies signed outside the
application (signatures/tests/pki.py)."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

from records import rendering
from records.models import MinutesVersion
from records.services import meeting_finalize, meeting_reopen
from signatures import pdf as signed_pdf
from signatures import services as signature_services
from signatures.tests import pki

UTC = datetime.UTC


def issue(version: MinutesVersion, pdf: bytes) -> MinutesVersion:
    """``pdf`` stored as the version's issued file, the version ready, with the SHA-256 of the file and of the
    record it carries (as ``records.services.minutes_render`` stores them)."""
    version.file.save("bien-ban", ContentFile(pdf), save=False)
    record = signed_pdf.embedded_record(pdf)
    version.status = MinutesVersion.Status.READY
    version.rendered_at = version.status_changed_at = timezone.now()
    version.file_sha256 = hashlib.sha256(pdf).hexdigest()
    version.record_sha256 = hashlib.sha256(record).hexdigest() if record is not None else ""
    version.save()
    return version


def small_pdf(text: str, *, attachment: dict | None = None) -> bytes:
    """A one-paragraph PDF/A-3b made by the renderer, with ``attachment`` as its bien-ban.json."""
    html = (
        f'<html lang="vi"><head><link rel="stylesheet" href="css/minutes.css"></head><body><p>{text}</p></body></html>'
    )
    return rendering.render_pdf(html, attachment=attachment)


def next_version(meeting, board) -> MinutesVersion:
    """Reopen and finalize again: the minutes' next version (queued)."""
    meeting_reopen(meeting=meeting, reason="Sửa địa điểm", by=board)
    meeting_finalize(meeting=meeting, by=board)
    return MinutesVersion.objects.filter(meeting=meeting, document=MinutesVersion.Document.MINUTES).latest("number")


@dataclass
class Pki:
    root: pki.Identity
    signer: pki.Identity
    stranger: pki.Identity  # a signer under a CA the province does not trust

    def sign(self, pdf: bytes, identity: pki.Identity | None = None, **options) -> bytes:
        return pki.sign(pdf, identity or self.signer, **options)


# Certificates valid from before the example meeting (2018) to well after today.
VALID_FROM = datetime.datetime(2015, 1, 1, tzinfo=UTC)
VALID_TO = datetime.datetime.now(UTC) + datetime.timedelta(days=3650)


def trusted_pki(organizer) -> Pki:
    """A root CA the board of ``organizer`` trusts (``signatures.services.trust_anchor_add``), a signer under it,
    and one under a CA nobody trusts."""
    root = pki.make_ca("Ban Cơ yếu thử nghiệm", not_before=VALID_FROM, not_after=VALID_TO)
    other = pki.make_ca("CA lạ", not_before=VALID_FROM, not_after=VALID_TO)
    signature_services.trust_anchor_add(pem=pki.pem(root), organizer=organizer)
    return Pki(
        root=root,
        signer=pki.make_signer(
            "Nguyễn Văn An", root, organization="Sở Tài chính", not_before=VALID_FROM, not_after=VALID_TO
        ),
        stranger=pki.make_signer(
            "Trần Văn Lạ", other, organization="Không rõ", not_before=VALID_FROM, not_after=VALID_TO
        ),
    )


def issued_minutes(meeting, by, pdf: bytes) -> MinutesVersion:
    """``meeting`` finalized by ``by``, its minutes version 1 issued as ``pdf``."""
    meeting_finalize(meeting=meeting, by=by)
    return issue(MinutesVersion.objects.get(meeting=meeting, document=MinutesVersion.Document.MINUTES), pdf)
