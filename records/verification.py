"""What a PDF someone holds is worth: which issued document it is (if any), whether that document is still
current, and whether its signatures hold. The public pages, the signed-copy upload and ``manage.py
verify_document`` all ask ``verify_pdf``.

A file is recognised as an issued version (``MinutesVersion``) in three ways, tried in this order:

- ``file``: its SHA-256 is a version's ``file_sha256``: it is the issued file itself;
- ``revision``: one of its earlier revisions (an incremental update ends after each ``%%EOF``) is the issued file:
  a copy signed after issue by a tool that appends its signature (every PAdES signer does);
- ``record``: the interchange document it carries (``bien-ban.json``) is a version's: a copy printed again and
  signed elsewhere. Every document of a meeting attaches the same record, so several versions may match: the
  verification code found in the file (its link) then says which one; still several, the file is not identified.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from records.models import CODE_ALPHABET, MinutesVersion
from signatures import pdf as signed_pdf
from signatures import services as signatures
from signatures.pdf import SignatureCheck

Status = MinutesVersion.Status
HOW = ("file", "revision", "record")
REVOCATION_LABELS = {
    signed_pdf.NOT_CHECKED: _lazy("chưa kiểm tra thu hồi"),
    signed_pdf.CHECKED: _lazy("chưa bị thu hồi (theo dữ liệu kèm trong tệp)"),
    signed_pdf.REVOKED: _lazy("đã bị thu hồi"),
}

_CODE = re.compile("-".join([f"[{CODE_ALPHABET}]{{4}}"] * 3).encode())  # as new_verification_code writes it
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
# Reading a file's compressed streams for a code: no more than this much decompressed (a zip bomb stops here).
_INFLATE_LIMIT = 16 * 1024 * 1024


@dataclass
class Report:
    """The verdict on one PDF. ``reasons`` (Vietnamese): why it is not ``ok``."""

    version: MinutesVersion | None = None  # the issued version the file is (a copy of), or None
    how: str = ""  # "file" | "revision" | "record" | ""
    current: bool = False
    replaced_by: MinutesVersion | None = None  # the newest version of the same document, when not current
    signatures: list[SignatureCheck] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    ok: bool = False
    sha256: str = ""  # of the file checked

    @property
    def signature_rows(self) -> list[dict]:
        """The signatures as the pages list them: the revocation check in words."""
        return [
            {"check": check, "signer": _signer_name(check), "revocation": REVOCATION_LABELS.get(check.revocation, "")}
            for check in self.signatures
        ]

    @property
    def document(self) -> dict | None:
        return None if self.version is None else document_identity(self.version, self.replaced_by)

    def as_json(self) -> dict:
        """The report as ``manage.py verify_document`` prints it (and a signed copy keeps it)."""
        return {
            "ok": self.ok,
            "document": self.document,
            "signatures": [signature_json(check) for check in self.signatures],
            "reasons": list(self.reasons),
        }


def _iso(moment) -> str | None:
    return None if moment is None else timezone.localtime(moment).isoformat(timespec="seconds")


def signature_json(check: SignatureCheck) -> dict:
    return {
        "field": check.field_name,
        "signer": check.signer,
        "signed_at": _iso(check.signed_at),
        "intact": check.intact,
        "valid": check.valid,
        "trusted": check.trusted,
        "revocation": check.revocation,
        "reasons": list(check.reasons),
    }


def document_identity(version: MinutesVersion, replaced_by: MinutesVersion | None = None) -> dict:
    """What the document is, in the words it prints (its frozen snapshot; the record for what the snapshot
    lacks): province, bloc, meeting, kind, version, issued at, SHA-256, code, current or replaced by."""
    data = version.snapshot or {}
    meeting = version.meeting
    bloc = meeting.bloc
    facts = data.get("meeting") or {}
    return {
        "province": (data.get("organizer") or {}).get("name") or bloc.organizer.name,
        "bloc": (data.get("bloc") or {}).get("name") or bloc.name,
        "meeting": {
            "title": facts.get("title") or meeting.display_title,
            "held_on": facts.get("held_on") or meeting.held_on.isoformat(),
            "year": data.get("year") or facts.get("year") or meeting.year,
        },
        "document": version.document,
        "document_label": str(version.get_document_display()),
        "version": version.number,
        "issued_at": _iso(version.rendered_at),
        "sha256": version.file_sha256,
        "code": version.code,
        "current": replaced_by is None,
        "replaced_by": None if replaced_by is None else {"version": replaced_by.number, "code": replaced_by.code},
    }


def newest_version(version: MinutesVersion) -> MinutesVersion | None:
    """The newest version of the same document when it is not ``version`` (which it then replaces), else None."""
    later = MinutesVersion.objects.filter(
        meeting_id=version.meeting_id, document=version.document, number__gt=version.number
    )
    return later.order_by("-number").first()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def codes_in(data: bytes) -> set[str]:
    """The verification codes a PDF spells out (its link to /xac-minh/<code>/), in its bytes or in its
    compressed streams."""
    found = set(_CODE.findall(data))
    budget = _INFLATE_LIMIT
    for match in _STREAM.finditer(data):
        if budget <= 0:
            break
        inflater = zlib.decompressobj()
        try:
            plain = inflater.decompress(match.group(1), budget)
        except zlib.error:
            continue
        budget -= len(plain)
        found |= set(_CODE.findall(plain))
    return {code.decode() for code in found}


def _ready():
    return MinutesVersion.objects.filter(status=Status.READY).select_related("meeting__bloc__organizer")


def identify(data: bytes, *, version: MinutesVersion | None = None) -> tuple[MinutesVersion | None, str, list[str]]:
    """The issued version ``data`` is (a copy of), how it was recognised, and why none when it is not.
    ``version``: the one expected (an upload for it): preferred when the record alone matches several."""
    digest = _sha256(data)
    found = _ready().filter(file_sha256=digest).first()
    if found is not None:
        return found, "file", []
    # Longest first: a copy signed twice after issue has the issued file as its earliest matching revision, and a
    # province's own signature makes the issued file itself a second revision.
    prefixes = {_sha256(data[:end]): end for end in signed_pdf.revision_ends(data) if 0 < end < len(data)}
    if prefixes:
        matches = sorted(_ready().filter(file_sha256__in=prefixes), key=lambda v: -prefixes[v.file_sha256])
        if matches:
            return matches[0], "revision", []
    record = signed_pdf.embedded_record(data)
    if record is None:
        return None, "", [_("Tệp không phải là văn bản do hệ thống phát hành (không khớp văn bản nào đã phát hành).")]
    matches = list(_ready().filter(record_sha256=_sha256(record)))
    if version is not None and any(m.pk == version.pk for m in matches):
        matches = [m for m in matches if m.pk == version.pk]
    if len(matches) > 1:
        codes = codes_in(data)
        matches = [m for m in matches if m.code in codes] or matches
    if len(matches) == 1:
        return matches[0], "record", []
    if not matches:
        unknown = _("Tệp không phải là văn bản do hệ thống phát hành (dữ liệu đính kèm không khớp văn bản nào).")
        return None, "", [unknown]
    ambiguous = _(
        "Dữ liệu đính kèm của tệp khớp với %(count)s văn bản đã phát hành và tệp không ghi mã xác minh nên không"
        " xác định được là văn bản nào."
    )
    return None, "", [ambiguous % {"count": len(matches)}]


def _signer_name(check: SignatureCheck) -> str:
    return check.signer or check.field_name


def _checks(data: bytes, organizer_id: int | None) -> tuple[list[SignatureCheck], list[str]]:
    try:
        return signed_pdf.validate_pdf(data, anchors=signatures.anchors_for(organizer_id)), []
    except Exception:  # a damaged file pyHanko cannot read: said, never a server error
        return [], [_("Không đọc được cấu trúc PDF của tệp để kiểm tra chữ ký số.")]


def verify_pdf(data: bytes, *, version: MinutesVersion | None = None) -> Report:
    """What the PDF ``data`` is worth. ``version``: the issued version it should be a copy of (a signed-copy
    upload, the public page of one document): any other is a reason.

    ok: it is an issued version, current, and either the issued file itself or a copy whose signatures (at least
    one) are all valid and chain to the province's trust anchors, one of them covering the whole file."""
    report = Report(sha256=_sha256(data))
    if not data.startswith(b"%PDF-"):
        report.reasons.append(_("Tệp không phải là tệp PDF."))
        return report
    try:
        found, how, reasons = identify(data, version=version)
    except Exception:  # a file whose structure the readers choke on: not identified, and said so
        found, how, reasons = None, "", [_("Không đọc được cấu trúc PDF của tệp.")]
    report.version, report.how = found, how
    report.reasons += reasons
    organizer_id = found.meeting.bloc.organizer_id if found is not None else None
    report.signatures, problems = _checks(data, organizer_id)
    report.reasons += problems
    if found is None:
        if report.signatures:  # what its signatures are worth still tells the reader something (a changed file)
            report.reasons += _signature_reasons(report.signatures)
        if version is not None:
            report.reasons.append(
                _("Tệp không phải là bản của %(document)s phiên bản %(number)s (mã %(code)s).")
                % {"document": version.get_document_display().lower(), "number": version.number, "code": version.code}
            )
        return report
    if version is not None and found.pk != version.pk:
        report.reasons.append(
            _("Tệp là bản của văn bản khác: %(document)s phiên bản %(number)s (mã %(code)s).")
            % {"document": found.get_document_display().lower(), "number": found.number, "code": found.code}
        )
    report.replaced_by = newest_version(found)
    report.current = report.replaced_by is None
    if not report.current:
        report.reasons.append(
            _("Văn bản đã được thay thế bởi phiên bản %(number)s (mã %(code)s)")
            % {"number": report.replaced_by.number, "code": report.replaced_by.code}
        )
    if how != "file":
        report.reasons += _signature_reasons(report.signatures)
    report.ok = not report.reasons
    return report


def _signature_reasons(checks: list[SignatureCheck]) -> list[str]:
    """Why the signatures of a copy (not the issued file itself) do not vouch for it."""
    if not checks:
        return [_("Tệp khác với bản đã phát hành và không có chữ ký số nào xác nhận.")]
    reasons = []
    for check in checks:
        if check.valid and check.trusted:
            continue
        # "chưa kiểm tra thu hồi" is said on the signature, never a reason to refuse it (no network is assumed).
        said = [reason for reason in check.reasons if reason != _("chưa kiểm tra thu hồi")] or [
            _("Chữ ký không hợp lệ hoặc không chuỗi tới chứng thư gốc tin cậy.")
        ]
        reasons += [
            _("Chữ ký của “%(signer)s”: %(reason)s") % {"signer": _signer_name(check), "reason": reason}
            for reason in said
        ]
    if not any(check.covers_whole_file for check in checks):
        reasons.append(_("Tệp đã bị thay đổi sau chữ ký số cuối cùng: phần thêm vào không được chữ ký nào bảo vệ."))
    return reasons
