"""signatures/pdf.py: every signature of a PDF checked against the anchors, offline, at its signing time; the
organization's signature on an issued document (visible, PDF/A-3b kept); what a copy carries of its origin."""

from __future__ import annotations

import asyncio
import datetime
import io
import json
import re

import pypdf
import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from records.rendering import ATTACHMENT_NAME, attachment_bytes
from records.tests.layout import pdfa_part
from signatures.pdf import CHECKED, NOT_CHECKED, REVOKED, embedded_record, revision_ends, sign_pdf, validate_pdf
from signatures.tests.pki import UTC, blank_pdf, make_ca, make_signer, make_tsa, p12, pem, sign

pytestmark = pytest.mark.django_db  # the example minutes are built from the database once per run

AT = datetime.datetime(2026, 12, 6, 3, 15, 30, tzinfo=UTC)
EXPIRED = "Chứng thư đã hết hạn hoặc chưa có hiệu lực vào thời điểm ký (hiệu lực từ 01/01/2020 đến 01/01/2021)"


@pytest.fixture(scope="module")
def signer(intermediate):
    return make_signer("Nguyễn Văn An", intermediate, organization="Sở Nội vụ tỉnh Quảng Ngãi")


def only(checks):
    assert len(checks) == 1
    return checks[0]


# -- checking ------------------------------------------------------------------------------------------------


def test_a_copy_signed_by_a_trusted_signer_is_valid_and_trusted(root, signer):
    copy = sign(blank_pdf(), signer, at=AT)

    check = only(validate_pdf(copy, anchors=[pem(root)]))

    assert (check.intact, check.valid, check.trusted, check.covers_whole_file) == (True, True, True, True)
    assert check.signer == "Nguyễn Văn An, Sở Nội vụ tỉnh Quảng Ngãi"
    assert check.signed_at == AT
    assert check.signed_length == len(copy)
    # No revocation data in the file: said, not refused.
    assert (check.revocation, check.reasons) == (NOT_CHECKED, ["chưa kiểm tra thu hồi"])


def test_one_byte_changed_in_the_signed_content_is_not_intact(root, signer):
    copy = bytearray(sign(blank_pdf(), signer, at=AT))
    at = copy.index(b"Van ban thu nghiem")
    copy[at] = ord("X")

    check = only(validate_pdf(bytes(copy), anchors=[pem(root)]))

    assert (check.intact, check.valid, check.trusted) == (False, False, False)
    assert "Nội dung đã bị sửa sau khi ký" in check.reasons


def test_a_signer_from_an_untrusted_ca_is_not_trusted(signer):
    copy = sign(blank_pdf(), signer, at=AT)

    check = only(validate_pdf(copy, anchors=[pem(make_ca("CA khác"))]))

    assert (check.intact, check.trusted) == (True, False)
    assert "Chứng thư không chuỗi tới chứng thư gốc tin cậy nào" in check.reasons


def test_without_any_anchor_nothing_is_trusted(signer):
    check = only(validate_pdf(sign(blank_pdf(), signer, at=AT), anchors=[]))

    assert check.trusted is False
    assert "Chứng thư không chuỗi tới chứng thư gốc tin cậy nào" in check.reasons


def test_a_certificate_expired_at_signing_time_is_not_valid(root, intermediate):
    expired = make_signer(
        "Hết hạn",
        intermediate,
        not_before=datetime.datetime(2020, 1, 1, tzinfo=UTC),
        not_after=datetime.datetime(2021, 1, 1, tzinfo=UTC),
    )

    check = only(validate_pdf(sign(blank_pdf(), expired, at=AT), anchors=[pem(root)]))

    assert (check.intact, check.valid) == (True, False)
    assert EXPIRED in check.reasons


def test_a_certificate_valid_at_signing_time_stays_valid_after_it_expires(root, intermediate):
    """Judged at the signing time the signer reported, not today."""
    old = make_signer(
        "Đã hết hạn sau khi ký",
        intermediate,
        not_before=datetime.datetime(2020, 1, 1, tzinfo=UTC),
        not_after=datetime.datetime(2021, 1, 1, tzinfo=UTC),
    )
    copy = sign(blank_pdf(), old, at=datetime.datetime(2020, 6, 1, tzinfo=UTC))

    check = only(validate_pdf(copy, anchors=[pem(root)]))

    assert (check.valid, check.trusted) == (True, True)


def test_revoked_by_the_crl_embedded_in_the_file(root):
    ca = make_ca("CA có CRL", parent=root)
    revoked = make_signer("Bị thu hồi", ca)

    check = only(validate_pdf(sign(blank_pdf(), revoked, at=AT, crl_of=ca, revoked=True), anchors=[pem(root)]))

    assert (check.intact, check.valid, check.revocation) == (True, False, REVOKED)
    assert "Chứng thư đã bị thu hồi (05/12/2026)" in check.reasons


def test_an_embedded_crl_not_listing_the_signer_checks_revocation(root):
    ca = make_ca("CA có CRL sạch", parent=root)
    good = make_signer("Còn hiệu lực", ca)

    copy = sign(blank_pdf(), good, at=AT, crl_of=ca)
    check = only(validate_pdf(copy, anchors=[pem(root)]))

    assert (check.valid, check.trusted, check.revocation, check.reasons) == (True, True, CHECKED, [])
    # The CRL came in a revision of its own after the signature: validation data, so still the whole file.
    assert check.signed_length < len(copy)
    assert check.covers_whole_file


def test_a_change_after_the_signature_is_not_covered(root, signer):
    signed = sign(blank_pdf(), signer, at=AT)
    # Another signature appended: the first one no longer covers the whole file, the second does.
    twice = sign(signed, make_signer("Người ký thứ hai", make_ca("CA thứ hai")), at=AT, field_name="Chu ky 2")

    first, second = validate_pdf(twice, anchors=[pem(root)])

    assert (first.valid, first.trusted, first.covers_whole_file, first.signed_length) == (
        True,
        True,
        False,
        len(signed),
    )
    assert (second.intact, second.trusted, second.covers_whole_file) == (True, False, True)


@pytest.mark.parametrize(
    "data", [b"", b"hello", b"%PDF-1.7\n garbage", blank_pdf()], ids=["empty", "text", "bad", "unsigned"]
)
def test_no_signature_or_no_pdf_gives_an_empty_list(data, root):
    assert validate_pdf(data, anchors=[pem(root)]) == []


def test_a_damaged_anchor_is_ignored(root, signer):
    check = only(validate_pdf(sign(blank_pdf(), signer, at=AT), anchors=[b"not a certificate", pem(root)]))
    assert check.trusted


# -- what a copy carries of its origin -------------------------------------------------------------------------


def test_revision_ends_gives_each_revision_length(root, signer):
    original = blank_pdf()
    once = sign(original, signer, at=AT)
    twice = sign(once, signer, at=AT, field_name="Lan hai")

    assert revision_ends(original) == [len(original)]
    assert revision_ends(twice) == [len(original), len(once), len(twice)]
    assert revision_ends(b"no pdf") == []


def test_revision_ends_of_a_rendered_document(minutes_pdf, organization, intermediate):
    signed = sign_pdf(minutes_pdf, p12=p12(organization), password=b"mat-khau", organization="UBND tỉnh Quảng Ngãi")

    ends = revision_ends(signed)
    assert ends[-1] == len(signed)
    assert len(minutes_pdf) in ends
    assert signed[: len(minutes_pdf)] == minutes_pdf


def test_embedded_record_is_the_attached_interchange_document(minutes_pdf, minutes_snapshot):
    assert embedded_record(minutes_pdf) == attachment_bytes(minutes_snapshot)
    assert json.loads(embedded_record(minutes_pdf)) == minutes_snapshot["interchange"]


def test_embedded_record_survives_a_signature(minutes_pdf, minutes_snapshot, signer):
    assert embedded_record(sign(minutes_pdf, signer, at=AT)) == attachment_bytes(minutes_snapshot)


@pytest.mark.parametrize("data", [b"", b"hello", blank_pdf()], ids=["empty", "text", "no-attachment"])
def test_embedded_record_is_none_without_one(data):
    assert embedded_record(data) is None


# -- the organization's signature --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def signed_minutes(minutes_pdf, organization, seal, signature_image) -> bytes:
    return sign_pdf(
        minutes_pdf,
        p12=p12(organization),
        password=b"mat-khau",
        organization="UBND tỉnh Quảng Ngãi",
        seal_png=seal,
        signature_png=signature_image,
        at=AT,
    )


def test_the_signed_document_validates_against_its_anchor(signed_minutes, minutes_pdf, root):
    check = only(validate_pdf(signed_minutes, anchors=[pem(root)]))

    assert (check.intact, check.valid, check.trusted, check.covers_whole_file) == (True, True, True, True)
    assert check.signer == "Ủy ban nhân dân tỉnh Quảng Ngãi, UBND tỉnh Quảng Ngãi"
    assert check.signed_at == AT
    # An incremental update: the issued bytes come first, unchanged.
    assert signed_minutes.startswith(minutes_pdf)


def test_the_signature_is_pades(signed_minutes):
    (signature,) = PdfFileReader(io.BytesIO(signed_minutes)).embedded_signatures
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"


def test_pdf_a_3b_holds_after_signing(signed_minutes, minutes_pdf, minutes_snapshot):
    """The checks records/tests/test_pdfa.py makes of an issued document, on the signed one."""
    assert pdfa_part(signed_minutes) == ("3", "B")
    reader = pypdf.PdfReader(io.BytesIO(signed_minutes))
    assert reader.xmp_metadata is not None
    catalog = reader.trailer["/Root"]
    assert catalog["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    assert list(reader.attachments) == [ATTACHMENT_NAME]
    assert json.loads(reader.attachments[ATTACHMENT_NAME][0]) == minutes_snapshot["interchange"]
    filespecs = {spec.idnum: spec.get_object() for spec in catalog["/AF"]}
    assert [spec["/AFRelationship"] for spec in filespecs.values()] == ["/Source"]
    assert "/Encrypt" not in reader.trailer
    # The Info dictionary and the XMP metadata agree (PDF/A), as the issued document had them.
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    producer = re.search(r'pdf:Producer(?:="|>)([^"<]*)', xmp).group(1)
    assert reader.metadata.producer == producer
    assert dict(reader.metadata) == dict(pypdf.PdfReader(io.BytesIO(minutes_pdf)).metadata)


def _widget(reader: pypdf.PdfReader):
    (field,) = [f for f in reader.trailer["/Root"]["/AcroForm"]["/Fields"] if f.get_object().get("/FT") == "/Sig"]
    return field.get_object()


def test_the_appearance_is_printed_with_its_fonts_embedded(signed_minutes):
    reader = pypdf.PdfReader(io.BytesIO(signed_minutes))
    widget = _widget(reader)
    flags = int(widget["/F"])
    assert flags & 4 and not flags & (1 | 2 | 32)  # Print; not Invisible, Hidden or NoView (PDF/A)
    appearance = widget["/AP"]["/N"].get_object()
    fonts = list(appearance["/Resources"]["/Font"].values())
    assert fonts
    for font in fonts:
        font = font.get_object()
        descendant = font["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"]
        assert "LiberationSerif" in font["/BaseFont"]
        assert "/ToUnicode" in font


def test_the_appearance_sits_top_right_of_page_one_in_the_margin(signed_minutes):
    reader = pypdf.PdfReader(io.BytesIO(signed_minutes))
    widget = _widget(reader)
    page = reader.pages[0]
    assert widget["/P"].get_object() == page.get_object() or widget.indirect_reference in [
        annotation.indirect_reference for annotation in page["/Annots"]
    ]
    mm = 72 / 25.4
    left, bottom, right, top = (float(value) for value in widget["/Rect"])
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert right == pytest.approx(width - 15 * mm, abs=0.5)  # 15 mm from the right edge
    assert bottom >= height - 20 * mm  # within the 20 mm top margin, above the text
    assert top <= height and left > width / 2


def test_the_appearance_says_the_organization_and_the_time(signed_minutes):
    reader = pypdf.PdfReader(io.BytesIO(signed_minutes))
    appearance = _widget(reader)["/AP"]["/N"].get_object()
    content = appearance.get_data().decode("latin-1")
    # The text is written glyph by glyph; ActualText carries it for copy and search (UTF-16).
    decoded = _actual_texts(content)
    assert "UBND tỉnh Quảng Ngãi" in decoded
    assert "Thời gian ký: 2026-12-06T10:15:30+07:00" in decoded
    assert "/Im" in content  # the seal and signature image


def _actual_texts(content: str) -> list[str]:
    """The /ActualText strings of a content stream (PDF literal strings in UTF-16BE with octal escapes)."""
    found = []
    for literal in re.findall(r"/ActualText \((.*?)\)\n", content, flags=re.S):
        raw = re.sub(rb"\\([0-7]{1,3})", lambda m: bytes([int(m.group(1), 8)]), literal.encode("latin-1"))
        raw = raw.replace(b"\\(", b"(").replace(b"\\)", b")").replace(b"\\\\", b"\\")
        found.append(raw.decode("utf-16"))
    return found


def test_signing_without_images_writes_the_text_alone(minutes_pdf, organization, root):
    signed = sign_pdf(minutes_pdf, p12=p12(organization), password=b"mat-khau", organization="Sở Nội vụ", at=AT)
    check = only(validate_pdf(signed, anchors=[pem(root)]))
    assert (check.valid, check.trusted) == (True, True)
    content = _widget(pypdf.PdfReader(io.BytesIO(signed)))["/AP"]["/N"].get_object().get_data().decode("latin-1")
    assert "Sở Nội vụ" in _actual_texts(content)
    assert "/Im" not in content


def test_signing_and_checking_work_inside_a_running_event_loop(root, signer, organization):
    """An ASGI server, or a test driving a browser, runs an event loop in the thread that calls us."""
    copy = sign(blank_pdf(), signer, at=AT)

    async def inside_a_loop():
        signed = sign_pdf(blank_pdf(), p12=p12(organization), password=b"mat-khau", organization="UBND", at=AT)
        return validate_pdf(copy, anchors=[pem(root)]), validate_pdf(signed, anchors=[pem(root)])

    checked, own = asyncio.run(inside_a_loop())
    assert only(checked).valid and only(own).valid


def test_a_timestamp_token_sets_the_signing_time(root, intermediate):
    """The TSA's time, not the one the signer reported, is when the certificate must have been valid."""
    short = make_signer(
        "Hết hạn trước giờ đóng dấu thời gian",
        intermediate,
        not_before=datetime.datetime(2020, 1, 1, tzinfo=UTC),
        not_after=datetime.datetime(2021, 1, 1, tzinfo=UTC),
    )
    tsa = make_tsa("Dịch vụ cấp dấu thời gian (thử)", root)
    reported = datetime.datetime(2020, 6, 1, tzinfo=UTC)  # what the signer's clock said: within the validity

    late = only(
        validate_pdf(sign(blank_pdf(), short, at=reported, timestamp_by=tsa, timestamp_at=AT), anchors=[pem(root)])
    )
    on_time = only(
        validate_pdf(
            sign(blank_pdf(), short, at=reported, timestamp_by=tsa, timestamp_at=reported), anchors=[pem(root)]
        )
    )

    assert (late.signed_at, late.valid) == (AT, False)
    assert EXPIRED in late.reasons
    assert (on_time.signed_at, on_time.valid, on_time.trusted) == (reported, True, True)


def test_a_timestamp_no_anchor_vouches_for_is_not_taken(root, intermediate):
    short = make_signer(
        "Hết hạn, dấu thời gian lạ",
        intermediate,
        not_before=datetime.datetime(2020, 1, 1, tzinfo=UTC),
        not_after=datetime.datetime(2021, 1, 1, tzinfo=UTC),
    )
    stranger = make_tsa("Dấu thời gian không tin cậy", make_ca("CA lạ"))
    reported = datetime.datetime(2022, 6, 1, tzinfo=UTC)  # after the certificate expired

    check = only(
        validate_pdf(
            sign(
                blank_pdf(),
                short,
                at=reported,
                timestamp_by=stranger,
                timestamp_at=datetime.datetime(2020, 6, 1, tzinfo=UTC),
            ),
            anchors=[pem(root)],
        )
    )

    assert (check.signed_at, check.valid) == (reported, False)
    assert EXPIRED in check.reasons
    assert any(reason.startswith("Dấu thời gian không hợp lệ") for reason in check.reasons)
