"""Signed copies: an issued version signed outside the application (a USB token, a remote-signing service),
uploaded by whoever enters the bloc's records of the year, checked by ``verification.verify_pdf`` and kept as
the version's official copy (the download serves the newest one)."""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from blocs.access import can_edit_bloc_year
from core.locks import for_update
from core.uploads import size_problem
from core.validation import validate
from history import audit
from members.models import User
from records.models import SIGNED_COPY_MAX_BYTES, MinutesVersion, SignedCopy
from records.verification import newest_version, signature_json, verify_pdf


def official_copy(version: MinutesVersion) -> SignedCopy | None:
    """The copy the download serves instead of the issued file: the newest valid signed copy, if any."""
    return version.signed_copies.select_related("uploaded_by").order_by("-uploaded_at", "-pk").first()


def can_upload_signed_copy(user: User, version: MinutesVersion) -> bool:
    """The bloc's secretaries of the version's year and the province's board staff."""
    meeting = version.meeting
    return can_edit_bloc_year(user, meeting.bloc, meeting.year)


def _issued_and_current(version: MinutesVersion) -> None:
    if not version.is_ready:
        raise ValidationError({"file": _("Phiên bản này chưa có tệp đã phát hành để ký.")})
    if (newer := newest_version(version)) is not None:
        raise ValidationError(
            {"file": _("Phiên bản %(number)s đã được thay thế bởi phiên bản %(newer)s; hãy ký bản mới.")
             % {"number": version.number, "newer": newer.number}}
        )  # fmt: skip


def _read(upload: UploadedFile) -> bytes:
    if problem := size_problem(upload, SIGNED_COPY_MAX_BYTES):
        raise ValidationError({"file": problem})
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not data.startswith(b"%PDF-"):
        raise ValidationError({"file": _("Tệp không phải là tệp PDF.")})
    return data


def signed_copy_upload(*, version: MinutesVersion, upload: UploadedFile, by: User) -> SignedCopy:
    """Keep ``upload`` as the official copy of ``version`` (ready and current) when it is a valid signed copy of
    this very version whose signatures chain to the province's trust anchors; else ValidationError with the
    reasons, and nothing is stored."""
    version = MinutesVersion.objects.select_related("meeting__bloc__organizer").get(pk=version.pk)
    if not can_upload_signed_copy(by, version):
        raise PermissionDenied(
            _("Chỉ thư ký khối của năm hoặc Ban Thi đua - Khen thưởng được tải lên bản có chữ ký số.")
        )
    _issued_and_current(version)
    data = _read(upload)
    # Checked before any lock: the signatures' cryptography takes a while and needs no row.
    report = verify_pdf(data, version=version)
    if report.version is not None and report.version.pk == version.pk and report.how == "file":
        raise ValidationError({"file": _("Tệp là chính bản đã phát hành, chưa có chữ ký số nào được thêm vào.")})
    if not report.ok or report.version is None or report.version.pk != version.pk:
        raise ValidationError({"file": report.reasons or [_("Tệp không phải là bản có chữ ký số hợp lệ.")]})
    return _store(version=version, data=data, report=report.as_json(), signers=report.signatures, by=by)


@transaction.atomic
def _store(*, version: MinutesVersion, data: bytes, report: dict, signers: list, by: User) -> SignedCopy:
    # Again under the lock: a new version may have been made while the file was checked.
    version = for_update(MinutesVersion.objects.select_related("meeting__bloc"), of=("self",)).get(pk=version.pk)
    _issued_and_current(version)
    copy = SignedCopy(
        version=version,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        signers=[{"signer": s["signer"], "signed_at": s["signed_at"]} for s in map(signature_json, signers)],
        report=report,
        uploaded_by=by,
    )
    try:
        validate(copy, exclude=["file"])  # before the file is written: a refusal leaves nothing in storage
    except ValidationError as error:
        raise ValidationError({"file": [m for messages in error.message_dict.values() for m in messages]}) from None
    copy.file.save("ban-ky-so.pdf", ContentFile(data), save=False)
    try:
        copy.save()
    except Exception:  # the row is refused (the same file stored by a parallel upload): no file left behind
        copy.file.storage.delete(copy.file.name)
        raise
    names = "; ".join(f"{s['signer']} ({s['signed_at'] or '—'})" for s in copy.signers)
    audit.record(
        action=audit.Action.CREATE,
        instance=copy,
        changes={_("Bản có chữ ký số"): [None, names]},
        by=by,
        object_repr=f"{version}: {_('bản có chữ ký số')}",
    )
    return copy
