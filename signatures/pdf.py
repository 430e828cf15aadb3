"""PDF signatures with pyHanko: signing an issued document as the organization, checking every signature of a
PDF against trust anchors, and reading what a copy carries of its origin (its revisions, its attached record).

CONTRACT (issue 18, fixed names; the implementation is being written): records/ calls these four functions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

NOT_CHECKED = "not_checked"  # no revocation data embedded: "chưa kiểm tra thu hồi"
CHECKED = "checked"  # the embedded CRL/OCSP say the certificate was good
REVOKED = "revoked"


@dataclass
class SignatureCheck:
    """What one signature of a PDF is worth. ``reasons``: Vietnamese, why it is not valid or not trusted."""

    field_name: str
    signer: str = ""  # the certificate's subject as people read it: "CN, O"
    signed_at: datetime.datetime | None = None
    intact: bool = False  # the bytes it covers are unchanged
    valid: bool = False  # intact, the certificate valid at signing time, not revoked
    trusted: bool = False  # the certificate chains to one of the anchors
    revocation: str = NOT_CHECKED
    reasons: list[str] = field(default_factory=list)
    signed_length: int = 0  # the length of the revision it signs (the end of its ByteRange)
    covers_whole_file: bool = False


def validate_pdf(data: bytes, *, anchors: list[bytes]) -> list[SignatureCheck]:
    """Every signature of the PDF ``data``, checked against ``anchors`` (PEM or DER certificates); [] when it
    has none. No network: revocation only from the data embedded in the file."""
    return []


def sign_pdf(
    data: bytes,
    *,
    p12: bytes,
    password: bytes,
    organization: str,
    seal_png: bytes | None = None,
    signature_png: bytes | None = None,
    at: datetime.datetime | None = None,
) -> bytes:
    """``data`` signed by the organization's certificate (PAdES, incremental update: PDF/A-3b holds), with its
    visible appearance at the top right of page 1."""
    raise NotImplementedError


def revision_ends(data: bytes) -> list[int]:
    """The lengths of the file's revisions, first to last (each ends after a ``%%EOF``)."""
    return []


def embedded_record(data: bytes) -> bytes | None:
    """The bytes of the attached ``bien-ban.json`` (the interchange document), or None."""
    return None
