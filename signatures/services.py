"""The board's trust anchors and organization certificate, and what records/ asks of them.

records/ calls ``anchors_for`` (which certificates a document of a province must chain to) and ``sign_issued``
(the worker, right after rendering). The board's page, the admin and ``manage.py trust_anchors`` change the
anchors and the certificate through the other functions, each writing its audit entry (never the password or
the key: only what the certificate says of itself)."""

from __future__ import annotations

import datetime
import hashlib
import io
import logging

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.locks import for_update
from core.uploads import JPEG, PNG
from core.validation import atomic_retried, validate
from history import audit
from members.models import Organizer, User

from . import crypto
from .models import OrganizationSigner, TrustAnchor
from .pdf import blank_page_pdf, sign_pdf

logger = logging.getLogger(__name__)

TRUST_ANCHOR_FIELDS = ("name", "subject", "fingerprint_sha256", "not_before", "not_after")
SIGNER_FIELDS = ("enabled", "organization_name", "subject", "not_after")
IMAGE_MAX_BYTES = 1024 * 1024
PEM_MAX_BYTES = 256 * 1024
P12_MAX_BYTES = 256 * 1024


# --- what records/ asks ---------------------------------------------------------------------------------------


def anchors_for(organizer_id: int | None) -> list[bytes]:
    """The PEM certificates a document of this province must chain to: the installation's and the province's."""
    scope = Q(organizer__isnull=True)
    if organizer_id is not None:
        scope |= Q(organizer_id=organizer_id)
    pems = TrustAnchor.objects.filter(scope).order_by("pk").values_list("certificate_pem", flat=True)
    return [text.encode("ascii") for text in pems]


def sign_issued(organizer_id: int, pdf: bytes) -> bytes:
    """``pdf`` signed by the province's organization certificate when the board set one up and enabled it;
    otherwise ``pdf`` unchanged. One query when the province has none.

    A certificate that cannot be used now (the key changed since it was uploaded, it expired), or a document
    pyHanko cannot sign, leaves the document unsigned and says so in the log (the board's page shows the
    certificate's state): issuing goes on."""
    signer = OrganizationSigner.objects.filter(organizer_id=organizer_id, enabled=True).first()
    if signer is None:
        return pdf
    if signer.not_after is not None and signer.not_after <= timezone.now():
        logger.warning("organization certificate of organizer %s expired on %s", organizer_id, signer.not_after)
        return pdf
    try:
        p12 = crypto.decrypt(signer.p12_encrypted)
        password = crypto.decrypt(signer.password_encrypted)
    except crypto.InvalidToken:
        logger.error("organization certificate of organizer %s: DOCUMENT_SIGNING_KEY cannot decrypt it", organizer_id)
        return pdf
    try:
        return sign_pdf(
            pdf,
            p12=p12,
            password=password,
            organization=signer.organization_name,
            seal_png=bytes(signer.seal_png) if signer.seal_png else None,
            signature_png=bytes(signer.signature_png) if signer.signature_png else None,
        )
    except Exception:  # the document is issued all the same, unsigned; the log keeps why (pyHanko's error)
        logger.exception("signing a document of organizer %s failed; issued unsigned", organizer_id)
        return pdf


# --- trust anchors ----------------------------------------------------------------------------------------------


def _load_certificate(data: bytes) -> x509.Certificate:
    if not data or len(data) > PEM_MAX_BYTES:
        raise ValidationError({"pem": _("Tệp không phải chứng thư số (PEM hoặc DER).")})
    try:
        if b"-----BEGIN" in data:
            certificates = x509.load_pem_x509_certificates(data)
        else:
            certificates = [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise ValidationError({"pem": _("Tệp không phải chứng thư số (PEM hoặc DER).")}) from None
    if len(certificates) != 1:
        raise ValidationError({"pem": _("Tệp phải chứa đúng một chứng thư; hãy thêm từng chứng thư một.")})
    return certificates[0]


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return False
    return constraints.ca


def _common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(values[0].value) if values else ""


def _organization(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)
    return str(values[0].value) if values else ""


def readable_subject(certificate: x509.Certificate) -> str:
    """``CN, O`` as people name a certificate's holder (the RFC 4514 string when it has neither)."""
    parts = [part for part in (_common_name(certificate.subject), _organization(certificate.subject)) if part]
    return ", ".join(parts) or certificate.subject.rfc4514_string()


@atomic_retried
def trust_anchor_add(
    *, pem: bytes, name: str = "", organizer: Organizer | None = None, by: User | None = None
) -> TrustAnchor:
    """Trust a CA certificate: the province's (``organizer``) or, without one, the installation's. Refuses what
    is not one certificate, a certificate that is not a CA's, and a name or certificate already listed."""
    certificate = _load_certificate(pem)
    if not _is_ca(certificate):
        raise ValidationError(
            {
                "pem": _(
                    "Đây không phải chứng thư của tổ chức cung cấp dịch vụ chứng thực (CA): không làm gốc tin cậy được."
                )
            }
        )
    fingerprint = certificate.fingerprint(hashes.SHA256()).hex()
    anchor = TrustAnchor(
        organizer=organizer,
        name=(name or "").strip() or _common_name(certificate.subject) or fingerprint[:16],
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        subject=readable_subject(certificate)[:1000],
        fingerprint_sha256=fingerprint,
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        added_by=by if by is not None and by.is_authenticated else None,
    )
    validate(anchor)
    anchor.save()
    _record_anchor(audit.Action.CREATE, anchor, by)
    return anchor


@transaction.atomic
def trust_anchor_remove(*, anchor: TrustAnchor, by: User | None = None) -> None:
    """Stop trusting a CA certificate. The signed copies already accepted stay (their report keeps what was
    checked then); new uploads chained to it are refused."""
    anchor = for_update(TrustAnchor.objects).get(pk=anchor.pk)
    _record_anchor(audit.Action.DELETE, anchor, by)
    anchor.delete()


def _record_anchor(action: str, anchor: TrustAnchor, by: User | None) -> None:
    state = audit.snapshot(anchor, TRUST_ANCHOR_FIELDS)
    changes = audit.diff({}, state) if action == audit.Action.CREATE else audit.diff(state, {})
    if anchor.organizer_id is None:
        # The trail is a province's; the installation's anchors (the command's) are told in the log.
        logger.info("trust anchor %s: %s %s", action, anchor.name, anchor.fingerprint_sha256)
        return
    audit.record(action=action, instance=anchor, changes=changes, by=by)


# --- the organization's certificate ----------------------------------------------------------------------------


def _image_problem(data: bytes | None) -> str | None:
    if not data:
        return None
    if len(data) > IMAGE_MAX_BYTES:
        return _("Ảnh lớn hơn 1 MB.")
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        return _("Ảnh phải là tệp PNG hoặc JPEG.")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return _("Không đọc được ảnh.")
    return None


def image_type(data: bytes) -> str:
    """The image's type for a download of it (PNG or JPEG, as the upload checked)."""
    return PNG if data.startswith(b"\x89PNG") else JPEG


def _open_p12(data: bytes, password: str):
    if not data or len(data) > P12_MAX_BYTES:
        raise ValidationError({"p12": _("Tệp không phải tệp chứng thư PKCS#12 (.p12, .pfx).")})
    try:
        key, certificate, _others = pkcs12.load_key_and_certificates(data, password.encode("utf-8") or None)
    except ValueError:
        raise ValidationError(
            {"password": _("Mật khẩu không đúng, hoặc tệp không phải tệp chứng thư PKCS#12 (.p12, .pfx).")}
        ) from None
    if key is None:
        raise ValidationError({"p12": _("Tệp không chứa khoá bí mật: không thể ký bằng tệp này.")})
    if certificate is None:
        raise ValidationError({"p12": _("Tệp không chứa chứng thư số.")})
    return certificate


@atomic_retried
def organization_signer_set(
    *,
    organizer: Organizer,
    p12: bytes,
    password: str,
    seal_png: bytes | None = None,
    signature_png: bytes | None = None,
    by: User | None = None,
) -> OrganizationSigner:
    """The province's organization certificate, kept encrypted, with the images of its seal and signature (a new
    upload without images keeps the previous ones); from now on every document it issues is signed with it.
    Refuses: no key to encrypt with, a wrong password, a file with no private key, a certificate not valid now,
    images that are not PNG or JPEG or are over 1 MB."""
    if not crypto.available():
        raise ValidationError(_("Chưa cấu hình khoá DOCUMENT_SIGNING_KEY: ứng dụng không thể lưu chứng thư để ký."))
    certificate = _open_p12(p12, password)
    now = timezone.now()
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
        raise ValidationError(
            {
                "p12": _("Chứng thư hết hạn hoặc chưa có hiệu lực (hiệu lực từ %(start)s đến %(end)s).")
                % {"start": _day(certificate.not_valid_before_utc), "end": _day(certificate.not_valid_after_utc)}
            }
        )
    errors = {
        field: problem
        for field, problem in (("seal_png", _image_problem(seal_png)), ("signature_png", _image_problem(signature_png)))
        if problem
    }
    if errors:
        raise ValidationError(errors)
    organization = _organization(certificate.subject) or _common_name(certificate.subject) or organizer.name
    try:
        # A trial signature: a key pyHanko cannot sign with is refused now, not in the worker.
        sign_pdf(
            blank_page_pdf(),
            p12=p12,
            password=password.encode("utf-8"),
            organization=organization,
            seal_png=seal_png,
            signature_png=signature_png,
        )
    except Exception:  # whatever pyHanko objects to, the board hears it in one sentence
        logger.exception("trial signature with the organization certificate of organizer %s failed", organizer.pk)
        message = _("Không ký thử được bằng chứng thư này (loại khoá không được hỗ trợ?).")
        raise ValidationError({"p12": message}) from None

    signer = for_update(OrganizationSigner.objects).filter(organizer=organizer).first()
    before = _signer_state(signer) if signer is not None else {}
    if signer is None:
        signer = OrganizationSigner(organizer=organizer)
    signer.enabled = True
    signer.organization_name = organization[:500]
    signer.p12_encrypted = crypto.encrypt(p12)
    signer.password_encrypted = crypto.encrypt(password.encode("utf-8"))
    signer.certificate_pem = certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
    signer.subject = readable_subject(certificate)[:1000]
    signer.not_after = certificate.not_valid_after_utc
    if seal_png:
        signer.seal_png = seal_png
    if signature_png:
        signer.signature_png = signature_png
    signer.updated_by = by if by is not None and by.is_authenticated else None
    signer.updated_at = now
    validate(signer)
    signer.save()
    action = audit.Action.UPDATE if before else audit.Action.CREATE
    audit.record(action=action, instance=signer, changes=audit.diff(before, _signer_state(signer)), by=by)
    return signer


@transaction.atomic
def organization_signer_disable(*, organizer: Organizer, by: User | None = None) -> OrganizationSigner | None:
    """Stop signing the province's documents, and forget the certificate file and its password (signing again
    means uploading it again). None when there was nothing to disable."""
    signer = for_update(OrganizationSigner.objects).filter(organizer=organizer).first()
    if signer is None or not signer.enabled:
        return signer
    before = _signer_state(signer)
    signer.enabled = False
    signer.p12_encrypted = b""
    signer.password_encrypted = b""
    signer.updated_by = by if by is not None and by.is_authenticated else None
    signer.updated_at = timezone.now()
    signer.save(update_fields=["enabled", "p12_encrypted", "password_encrypted", "updated_by", "updated_at"])
    audit.record(action=audit.Action.UPDATE, instance=signer, changes=audit.diff(before, _signer_state(signer)), by=by)
    return signer


def _signer_state(signer: OrganizationSigner) -> dict:
    state = audit.snapshot(signer, SIGNER_FIELDS)
    # What the images are, not their bytes: a fingerprint tells a new image from the previous one.
    for field in ("seal_png", "signature_png"):
        data = getattr(signer, field)
        state[audit.label(OrganizationSigner, field)] = hashlib.sha256(bytes(data)).hexdigest()[:16] if data else None
    return state


def _day(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y")


def signer_status(signer: OrganizationSigner | None) -> str:
    """What the board's page says of the province's signing: one of ``STATUS_*``."""
    if not crypto.available():
        return STATUS_UNAVAILABLE
    if signer is None or not signer.enabled:
        return STATUS_OFF
    if signer.not_after is not None and signer.not_after <= timezone.now():
        return STATUS_EXPIRED
    try:
        crypto.decrypt(signer.password_encrypted)
    except crypto.InvalidToken:
        return STATUS_UNREADABLE
    return STATUS_ON


STATUS_UNAVAILABLE = "unavailable"  # no DOCUMENT_SIGNING_KEY
STATUS_OFF = "off"
STATUS_ON = "on"
STATUS_EXPIRED = "expired"
STATUS_UNREADABLE = "unreadable"  # the key changed since the upload
