"""The test hierarchy (pki.py) is what it says: the other tests of issue 18 rely on it."""

from __future__ import annotations

import datetime
import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from pyhanko.pdf_utils.reader import PdfFileReader

from signatures.tests.pki import UTC, blank_pdf, crl, make_ca, make_signer, p12, pem, sign


def test_an_intermediate_chains_up_to_its_root():
    root = make_ca("Gốc thử")
    intermediate = make_ca("Trung gian thử", parent=root)
    signer = make_signer("Nguyễn Văn A", intermediate, organization="Sở Nội vụ")

    assert signer.chain == [intermediate.cert, root.cert]
    assert signer.cert.issuer == intermediate.cert.subject
    assert intermediate.cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert not signer.cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert "O=Sở Nội vụ" in signer.subject
    assert x509.load_pem_x509_certificate(pem(root)) == root.cert


def test_validity_span_is_the_one_asked():
    root = make_ca("Gốc thử")
    start = datetime.datetime(2020, 1, 1, tzinfo=UTC)
    end = datetime.datetime(2021, 1, 1, tzinfo=UTC)
    signer = make_signer("Hết hạn", root, not_before=start, not_after=end)

    assert (signer.cert.not_valid_before_utc, signer.cert.not_valid_after_utc) == (start, end)


def test_p12_opens_with_its_password_only():
    root = make_ca("Gốc thử")
    signer = make_signer("Tổ chức", root)

    key, cert, others = pkcs12.load_key_and_certificates(p12(signer), b"mat-khau")
    assert cert == signer.cert and others == [root.cert] and key is not None
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(p12(signer), b"sai")


def test_sign_appends_a_revision_reporting_the_time_asked():
    root = make_ca("Gốc thử")
    signer = make_signer("Nguyễn Văn A", root)
    original = blank_pdf()
    at = datetime.datetime(2026, 1, 5, 3, 0, tzinfo=UTC)

    signed = sign(original, signer, at=at)

    assert signed.startswith(original)
    (signature,) = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    assert signature.self_reported_timestamp == at
    assert signature.signer_cert.dump() == signer.cert.public_bytes(Encoding.DER)


def test_crl_of_embeds_the_ca_crl_listing_the_revoked_signer():
    root = make_ca("Gốc thử")
    signer = make_signer("Bị thu hồi", root)

    signed = sign(blank_pdf(), signer, crl_of=root, revoked=True)

    reader = PdfFileReader(io.BytesIO(signed))
    (stream,) = reader.root["/DSS"]["/CRLs"]
    listing = x509.load_der_x509_crl(stream.get_object().data)
    assert listing.get_revoked_certificate_by_serial_number(signer.cert.serial_number) is not None
    assert listing.is_signature_valid(root.key.public_key())
    assert crl(make_ca("Khác")).get_revoked_certificate_by_serial_number(signer.cert.serial_number) is None
