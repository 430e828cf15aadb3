"""PDF signatures with pyHanko: signing an issued document as the organization, checking every signature of a
PDF against trust anchors, and reading what a copy carries of its origin (its revisions, its attached record).

records/ calls these four functions; they know nothing of the database. pyHanko is imported inside the functions
that use it (a heavy import the web processes that never sign or check a PDF don't pay for).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime
import functools
import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

NOT_CHECKED = "not_checked"  # no revocation data embedded: "chưa kiểm tra thu hồi"
CHECKED = "checked"  # the embedded CRL/OCSP say the certificate was good
REVOKED = "revoked"

ATTACHMENT_NAME = "bien-ban.json"  # records.rendering.ATTACHMENT_NAME (records sits above this app)
FIELD_NAME = "Chu ky to chuc"
FONT = "LiberationSerif-Regular.ttf"
MM = 72 / 25.4


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
    # It signs the whole file, or what follows its revision only adds validation data (DSS, document timestamps).
    covers_whole_file: bool = False


def run_coroutine(coroutine_of):
    """The result of pyHanko's coroutine ``coroutine_of()``, from synchronous code. pyHanko's own synchronous
    wrappers call ``asyncio.run``, which refuses to run inside a thread that already runs an event loop (an ASGI
    server, a test driving a browser): there, the coroutine runs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine_of())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine_of())).result()


# --- checking -------------------------------------------------------------------------------------------------


def validate_pdf(data: bytes, *, anchors: list[bytes]) -> list[SignatureCheck]:
    """Every signature of the PDF ``data``, checked against ``anchors`` (PEM or DER certificates); [] when it
    has none or is no readable PDF. No network: revocation only from the data embedded in the file. Each
    signature is judged at its signing time: its timestamp token's when it has one, else the time the signer
    reported."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except Exception:  # a damaged or foreign file: no signature can be read from it
        return []
    roots = _load_certificates(anchors)
    revinfo = _file_revinfo(reader)
    return [_check(signature, roots, revinfo) for signature in embedded]


@dataclass
class _Revinfo:
    certs: list
    crls: list
    ocsps: list


def _load_certificates(blobs: list[bytes]) -> list:
    from pyhanko.keys import load_certs_from_pemder_data

    certificates = []
    for blob in blobs:
        try:
            certificates.extend(load_certs_from_pemder_data(blob))
        except ValueError:
            continue  # a damaged anchor trusts nothing; the others still count
    return certificates


def _file_revinfo(reader) -> _Revinfo:
    """The certificates, CRLs and OCSP responses of the document security store (/DSS)."""
    from asn1crypto import crl as asn1_crl
    from asn1crypto import ocsp as asn1_ocsp
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko.sign.validation.errors import NoDSSFoundError

    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except (NoDSSFoundError, PdfReadError, ValueError, KeyError, TypeError):
        return _Revinfo([], [], [])
    crls = [asn1_crl.CertificateList.load(ref.get_object().data) for ref in dss.crls]
    ocsps = [asn1_ocsp.OCSPResponse.load(ref.get_object().data) for ref in dss.ocsps]
    return _Revinfo(list(dss.load_certs()), crls, ocsps)


def _archival_revinfo(signer_info) -> tuple[list, list]:
    """CRLs and OCSP responses the signer put among the signed attributes (Adobe's revocation archival)."""
    from pyhanko.sign.general import (
        MultivaluedAttributeError,
        NonexistentAttributeError,
        find_unique_cms_attribute,
    )

    try:
        archival = find_unique_cms_attribute(signer_info["signed_attrs"], "adobe_revocation_info_archival")
    except (NonexistentAttributeError, MultivaluedAttributeError):
        return [], []
    return list(archival["crl"] or []), list(archival["ocsp"] or [])


def _timestamp_time(signature) -> datetime.datetime | None:
    """The time of the signature's timestamp token (RFC 3161), if it has one."""
    from pyhanko.sign.validation.generic_cms import extract_tst_data_iter

    for token in extract_tst_data_iter(signature.signer_info, signed=False):
        return token["encap_content_info"]["content"].parsed["gen_time"].native
    return None


def _readable_subject(certificate) -> str:
    """``CN, O`` of a certificate (asn1crypto), the way people name the signer."""
    subject = certificate.subject.native
    parts = [subject.get("common_name"), subject.get("organization_name")]
    parts = [part if isinstance(part, str) else ", ".join(part) for part in parts if part]
    return ", ".join(parts) or certificate.subject.human_friendly


def _date(moment: datetime.datetime) -> str:
    return moment.astimezone(_local_zone()).strftime("%d/%m/%Y")


def _local_zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo(settings.TIME_ZONE)


def _covers_revocation(certificate, crls: list, ocsps: list) -> bool:
    """Is there, among the embedded data, a CRL of the certificate's issuer or an OCSP response about it?"""
    issuer = certificate.issuer
    if any(listing["tbs_cert_list"]["issuer"] == issuer for listing in crls):
        return True
    serial = certificate.serial_number
    for response in ocsps:
        try:
            basic = response["response_bytes"]["response"].parsed
            for single in basic["tbs_response_data"]["responses"]:
                if single["cert_id"]["serial_number"].native == serial:
                    return True
        except (KeyError, ValueError, TypeError):
            continue
    return False


def _check(signature, roots: list, revinfo: _Revinfo) -> SignatureCheck:
    from pyhanko.sign.ades.report import AdESIndeterminate
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.policy_decl import (
        CertRevTrustPolicy,
        RevocationCheckingPolicy,
        RevocationCheckingRule,
    )

    check = SignatureCheck(field_name=signature.field_name or "")
    try:
        byte_range = [int(value) for value in signature.byte_range]
        check.signed_length = byte_range[2] + byte_range[3]
        certificate = signature.signer_cert
        check.signer = _readable_subject(certificate)
        stamped_at, reported_at = _timestamp_time(signature), signature.self_reported_timestamp
    except Exception:  # a damaged signature dictionary or CMS: say so, don't crash the report
        check.reasons.append(_("Chữ ký bị hỏng, không đọc được"))
        return check

    archived_crls, archived_ocsps = _archival_revinfo(signature.signer_info)
    crls, ocsps = revinfo.crls + archived_crls, revinfo.ocsps + archived_ocsps
    revocation_known = _covers_revocation(certificate, crls, ocsps)
    # With data about the signer's certificate in the file, that data must settle it; without, nothing is
    # checked and the report says so (no network is assumed). The CAs above: checked when the file has data.
    policy = CertRevTrustPolicy(
        RevocationCheckingPolicy(
            ee_certificate_rule=(
                RevocationCheckingRule.CRL_OR_OCSP_REQUIRED if revocation_known else RevocationCheckingRule.NO_CHECK
            ),
            intermediate_ca_cert_rule=RevocationCheckingRule.CHECK_IF_DECLARED_SOFT,
        )
    )
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)

    def validated_at(moment):
        context = ValidationContext(
            trust_roots=roots,
            other_certs=revinfo.certs,
            crls=crls,
            ocsps=ocsps,
            moment=moment,
            allow_fetching=False,
            revinfo_policy=policy,
            # Validation data added after signing (a DSS written later, as LTV tools do) still says whether the
            # certificate was revoked at the signing time: the CRL entry carries the date of the revocation.
            retroactive_revinfo=True,
        )
        return run_coroutine(
            lambda: async_validate_pdf_signature(signature, signer_validation_context=context, key_usage_settings=usage)
        )

    moment = stamped_at or reported_at
    try:
        status = validated_at(moment)
        token = status.timestamp_validity
        if stamped_at is not None and not (token is not None and token.valid and token.trusted):
            # A timestamp no anchor vouches for proves no time: the signer's own word is all there is.
            check.reasons.append(
                _("Dấu thời gian không hợp lệ hoặc không chuỗi tới chứng thư gốc tin cậy: dùng thời điểm người ký ghi")
            )
            moment = reported_at
            status = validated_at(moment)
    except Exception:  # pyHanko refuses a malformed signature outright
        check.reasons.append(_("Chữ ký bị hỏng, không đọc được"))
        return check
    check.signed_at = moment

    check.intact = bool(status.intact and status.valid)
    if not check.intact:
        check.reasons.append(_("Nội dung đã bị sửa sau khi ký"))
    diff = status.diff_result
    level = getattr(diff, "modification_level", None)
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        check.covers_whole_file = True
    elif status.coverage == SignatureCoverageLevel.ENTIRE_REVISION:
        check.covers_whole_file = level is not None and level <= ModificationLevel.LTA_UPDATES
        if diff is not None and level is None:  # pyHanko's SuspiciousModification
            check.intact = False
            check.reasons.append(_("Tệp đã bị sửa sau khi ký, ngoài những thay đổi được phép"))
    else:
        check.intact = False
        check.reasons.append(_("Chữ ký không bao trọn phiên bản tài liệu đã ký"))

    indication = status.trust_problem_indic
    in_period = moment is None or (certificate.not_valid_before <= moment <= certificate.not_valid_after)
    revoked = status.revocation_details is not None or indication in (
        AdESIndeterminate.REVOKED_NO_POE,
        AdESIndeterminate.REVOKED_CA_NO_POE,
    )
    no_chain = status.validation_path is None or indication in (
        AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND,
        AdESIndeterminate.CHAIN_CONSTRAINTS_FAILURE,
    )
    check.trusted = check.intact and not no_chain
    if no_chain:
        check.reasons.append(_("Chứng thư không chuỗi tới chứng thư gốc tin cậy nào"))
    if not in_period:
        check.reasons.append(
            _("Chứng thư đã hết hạn hoặc chưa có hiệu lực vào thời điểm ký (hiệu lực từ %(start)s đến %(end)s)")
            % {"start": _date(certificate.not_valid_before), "end": _date(certificate.not_valid_after)}
        )
    unsettled = False  # the file has revocation data about the certificate, and it doesn't settle it
    if revoked:
        check.revocation = REVOKED
        details = status.revocation_details
        if details is not None and details.ca_revoked:
            check.reasons.append(_("Chứng thư của tổ chức cấp đã bị thu hồi"))
        else:
            when = f" ({_date(details.revocation_date)})" if details is not None else ""
            check.reasons.append(_("Chứng thư đã bị thu hồi") + when)
    elif revocation_known and indication is None:
        check.revocation = CHECKED
    elif revocation_known and not no_chain and in_period:
        unsettled = True
        check.reasons.append(_("Không kiểm tra được tình trạng thu hồi từ dữ liệu trong tệp"))
    else:
        check.reasons.append(_("chưa kiểm tra thu hồi"))

    other_problem = indication is not None and not (no_chain or revoked or unsettled or not in_period)
    if other_problem and check.intact:
        check.reasons.append(_("Chứng thư không dùng được để ký vào thời điểm ký (%(why)s)") % {"why": indication.name})
    check.valid = check.intact and in_period and not (revoked or unsettled or other_problem)
    return check


# --- what a copy carries of its origin ------------------------------------------------------------------------

_REVISION_END = re.compile(rb"startxref\s+\d+\s+%%EOF(\r\n|\r|\n)?")


def revision_ends(data: bytes) -> list[int]:
    """The lengths of the file's revisions, first to last (each ends after a ``%%EOF`` and its end of line)."""
    return [match.end() for match in _REVISION_END.finditer(data)]


def embedded_record(data: bytes) -> bytes | None:
    """The bytes of the attached ``bien-ban.json`` (the interchange document), or None."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        names = reader.root["/Names"]["/EmbeddedFiles"]
        for spec in _name_tree_values(names, ATTACHMENT_NAME):
            return spec["/EF"]["/F"].get_object().data
    except Exception:  # no attachment, or a file that isn't a readable PDF
        return None
    return None


def _name_tree_values(node, key: str, depth: int = 0):
    """The values named ``key`` in a PDF name tree (/Names pairs, /Kids below)."""
    node = node.get_object()
    pairs = node.get("/Names")
    if pairs is not None:
        pairs = pairs.get_object()
        for index in range(0, len(pairs) - 1, 2):
            if str(pairs[index]) == key:
                yield pairs[index + 1].get_object()
    if depth < 16:
        for kid in node.get("/Kids", []):
            yield from _name_tree_values(kid, key, depth + 1)


def blank_page_pdf() -> bytes:
    """A one-page A4 PDF with nothing on it (a trial signature signs it)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << >> >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# --- signing --------------------------------------------------------------------------------------------------


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
    """``data`` signed by the organization's certificate (PAdES baseline B, incremental update: PDF/A-3b holds),
    with its visible appearance at the top right of page 1, in the 20 mm top margin Nghị định 30 leaves above
    the text (15 mm from the right edge): the seal over the left third of the signature image, and the
    organization's name and the signing time in Liberation Serif (embedded)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    at = (at or datetime.datetime.now(datetime.UTC)).astimezone(_local_zone()).replace(microsecond=0)
    signer = signers.SimpleSigner.load_pkcs12_data(p12, other_certs=[], passphrase=password or None)
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    # pyHanko would append itself to the Producer of the Info dictionary and write another one into the XMP
    # metadata: the two would disagree, which PDF/A forbids. The signature changes neither what the document
    # is nor who made it; the metadata stays as WeasyPrint wrote it.
    writer._update_meta = lambda: None
    pdf_signer = _timed_signer_class()(
        signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            name=organization,
        ),
        signer=signer,
        stamp_style=_stamp_style(seal_png, signature_png),
        new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=0, box=_stamp_box(writer)),
        at=at,
    )
    text = {"organization": organization, "time": at.isoformat()}
    output = run_coroutine(lambda: pdf_signer.async_sign_pdf(writer, appearance_text_params=text))
    return output.getvalue()


@functools.cache
def _timed_signer_class():
    """pyHanko's ``PdfSigner`` reporting the given signing time (pyHanko reads the clock): the same instant is
    in the signature's /M and on its appearance."""
    from pyhanko.sign import signers

    class TimedPdfSigner(signers.PdfSigner):
        def __init__(self, *args, at: datetime.datetime, **kwargs):
            super().__init__(*args, **kwargs)
            self.at = at

        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
            session.system_time = self.at
            return session

    return TimedPdfSigner


STAMP_WIDTH = 80 * MM
STAMP_HEIGHT = 15 * MM


def _stamp_box(writer) -> tuple[float, float, float, float]:
    """The box in page 1's top margin (20 mm), right edge 15 mm from the page's right edge."""
    page = writer.root["/Pages"]
    page = _first_page(page)
    _left, _bottom, right, top = (float(value) for value in page["/MediaBox"])
    x2 = right - 15 * MM
    y2 = top - 3 * MM
    return (x2 - STAMP_WIDTH, y2 - STAMP_HEIGHT, x2, y2)


def _first_page(node):
    node = node.get_object()
    while node.get("/Type") == "/Pages":
        node = node["/Kids"][0].get_object()
    return node


FONT_SIZE = 8
# What the appearance may write: Latin with Vietnamese (precomposed and combining), punctuation, the đồng sign.
FONT_RANGES = ((0x20, 0x250), (0x300, 0x370), (0x1E00, 0x1F00), (0x2000, 0x2070), (0x20AB, 0x20AC))


@functools.cache
def _font_bytes() -> bytes:
    """Liberation Serif cut to the characters of Vietnamese and scaled to 1000 units per em, once per process.

    pyHanko writes a TrueType font's glyph widths (/W) and kerning in the font's own units, where PDF reads
    thousandths of an em: with Liberation's 2048 units, each letter would stand twice its width from the next.
    Scaled to 1000 units the numbers mean what PDF reads (and a PDF/A validator finds /W equal to the embedded
    font's widths). The cut makes the per-document subsetting cheap."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    font = TTFont(Path(settings.BASE_DIR) / "static" / "fonts" / FONT)
    options = subset.Options()
    options.hinting = False  # scaled outlines make the hinting instructions wrong; a PDF viewer needs none
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # FontForge's timestamps: fontTools cannot subset it and says so
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[code for start, end in FONT_RANGES for code in range(start, end)])
    subsetter.subset(font)
    scale_upem(font, 1000)
    output = io.BytesIO()
    font.save(output)
    return output.getvalue()


@functools.cache
def _font_factory_class():
    from pyhanko.pdf_utils.font.api import FontEngineFactory
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator

    # fontTools tells each table it subsets at INFO: some twenty lines per signed document in the worker's log.
    logging.getLogger("fontTools.subset").setLevel(logging.WARNING)

    class ScaledFontFactory(FontEngineFactory):
        """pyHanko's ``GlyphAccumulatorFactory``, reading the font from memory (``_font_bytes``)."""

        def create_font_engine(self, writer, obj_stream=None):
            if obj_stream is None and writer.stream_xrefs:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(
                writer=writer, font_handle=io.BytesIO(_font_bytes()), font_size=FONT_SIZE, obj_stream=obj_stream
            )

    return ScaledFontFactory


def _stamp_style(seal_png: bytes | None, signature_png: bytes | None):
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    image = _composite_image(seal_png, signature_png)
    text_left = 4.0
    background = None
    background_layout = None
    if image is not None:
        from pyhanko.pdf_utils.images import PdfImage

        # The images take the left part of the box at full height; the text the rest.
        image_width = min(STAMP_WIDTH * 0.45, (STAMP_HEIGHT - 2) * image.width / image.height)
        text_left = image_width + 6
        background = PdfImage(image)
        background_layout = layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(left=1, right=STAMP_WIDTH - image_width - 1, top=1, bottom=1),
        )
    text = TextBoxStyle(
        font=_font_factory_class()(),
        font_size=FONT_SIZE,
        leading=10,
        border_width=0,
    )
    style = {
        "border_width": 0,
        # The document's language, whoever signs it (as records.rendering renders it in Vietnamese).
        "stamp_text": "%(organization)s\nThời gian ký: %(time)s",
        "text_box_style": text,
        "background_opacity": 1.0,
        "inner_content_layout": layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(left=text_left, right=2, top=2, bottom=2),
        ),
    }
    if background is not None:
        style |= {"background": background, "background_layout": background_layout}
    return TextStampStyle(**style)


def _composite_image(seal_png: bytes | None, signature_png: bytes | None):
    """One RGBA image: the signature (blue), and the seal (red) over its left third (Nghị định 30, Phụ lục I)."""
    from PIL import Image

    images = [Image.open(io.BytesIO(blob)).convert("RGBA") for blob in (signature_png, seal_png) if blob]
    if not images:
        return None
    height = 240
    images = [image.resize((max(1, round(image.width * height / image.height)), height)) for image in images]
    if len(images) == 1:
        return images[0]
    signature, seal = images
    # The seal's right edge lies a third into the signature.
    signature_left = max(0, seal.width - signature.width // 3)
    seal_left = signature_left + signature.width // 3 - seal.width
    canvas = Image.new("RGBA", (signature_left + signature.width, height), (255, 255, 255, 0))
    canvas.alpha_composite(signature, (signature_left, 0))
    canvas.alpha_composite(seal, (max(0, seal_left), 0))
    return canvas
