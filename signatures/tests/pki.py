"""A certificate hierarchy made by the test (cryptography), and PDFs signed the way an outside tool (a USB token's
software, a remote-signing service) signs them: pyHanko, incremental update, the time the signer reports.

    root = make_ca("Ban Cơ yếu thử")
    signer = make_signer("Nguyễn Văn A", root, organization="Sở Nội vụ")
    copy = sign(blank_pdf(), signer, at=datetime(2026, 12, 6, 3, 15, tzinfo=UTC), crl_of=root)
    stamped = sign(blank_pdf(), signer, timestamp_by=make_tsa("TSA thử", root))  # a signature timestamp
    validate_pdf(copy, anchors=[pem(root)])

EC P-256 keys: a hierarchy costs milliseconds, so each test can make its own.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from asn1crypto import crl as asn1_crl
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.validation.dss import DocumentSecurityStore

from signatures import pdf as signed_pdf

UTC = datetime.UTC
# Wide enough for any signing time a test picks (a certificate expired in 2021 under a CA still valid).
DEFAULT_NOT_BEFORE = datetime.datetime(2015, 1, 1, tzinfo=UTC)
DEFAULT_NOT_AFTER = datetime.datetime(2045, 1, 1, tzinfo=UTC)


@dataclass
class Identity:
    """A private key, its certificate and the certificates above it (issuer first, root last; [] for a root)."""

    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    cert: x509.Certificate
    chain: list[x509.Certificate] = field(default_factory=list)
    revoked_serials: set[int] = field(default_factory=set)  # a CA's: what its CRL lists

    @property
    def subject(self) -> str:
        return self.cert.subject.rfc4514_string()


def _name(common_name: str, organization: str = "") -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organization:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attributes)


def _span(not_before, not_after) -> tuple[datetime.datetime, datetime.datetime]:
    return not_before or DEFAULT_NOT_BEFORE, not_after or DEFAULT_NOT_AFTER


def _build(
    subject, issuer: Identity | None, key, *, ca: bool, not_before, not_after, tsa: bool = False
) -> x509.Certificate:
    start, end = _span(not_before, not_after)
    issuer_name = issuer.cert.subject if issuer else subject
    signing_key = issuer.key if issuer else key
    public = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(signing_key.public_key()), critical=False)
    )
    # A CA signs certificates and CRLs; a signer signs documents (with non-repudiation, as Vietnamese CAs issue).
    usage = {"digital_signature": True, "content_commitment": not ca, "key_cert_sign": ca, "crl_sign": ca}
    if tsa:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    elif not ca:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
    builder = builder.add_extension(
        x509.KeyUsage(
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            encipher_only=False,
            decipher_only=False,
            **usage,
        ),
        critical=True,
    )
    if issuer is not None:
        # Where a real CA publishes its CRL; nothing is fetched (the validation runs offline).
        crl_url = f"http://crl.thu-nghiem.invalid/{issuer.cert.serial_number:x}.crl"
        builder = builder.add_extension(
            x509.CRLDistributionPoints(
                [x509.DistributionPoint([x509.UniformResourceIdentifier(crl_url)], None, None, None)]
            ),
            critical=False,
        )
    return builder.sign(signing_key, hashes.SHA256())


def make_ca(
    name: str,
    *,
    parent: Identity | None = None,
    not_before: datetime.datetime | None = None,
    not_after: datetime.datetime | None = None,
) -> Identity:
    """A root CA (self-signed), or an intermediate one under ``parent``."""
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _build(_name(name), parent, key, ca=True, not_before=not_before, not_after=not_after)
    chain = [parent.cert, *parent.chain] if parent else []
    return Identity(key, cert, chain)


def make_signer(
    name: str,
    ca: Identity,
    *,
    organization: str = "",
    not_before: datetime.datetime | None = None,
    not_after: datetime.datetime | None = None,
) -> Identity:
    """A person's or an organization's signing certificate issued by ``ca``."""
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _build(_name(name, organization), ca, key, ca=False, not_before=not_before, not_after=not_after)
    return Identity(key, cert, [ca.cert, *ca.chain])


def make_tsa(name: str, ca: Identity) -> Identity:
    """A time-stamping authority's certificate issued by ``ca`` (extended key usage: time stamping, critical). RSA:
    pyHanko's test timestamper signs with RSA only."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = _build(_name(name), ca, key, ca=False, not_before=None, not_after=None, tsa=True)
    return Identity(key, cert, [ca.cert, *ca.chain])


def pem(cert: x509.Certificate | Identity) -> bytes:
    """The certificate in PEM (an Identity gives its own certificate)."""
    if isinstance(cert, Identity):
        cert = cert.cert
    return cert.public_bytes(serialization.Encoding.PEM)


def p12(identity: Identity, password: bytes = b"mat-khau") -> bytes:
    """The key, certificate and chain as a PKCS#12 file, the way a CA hands them to an organization."""
    encryption = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    return pkcs12.serialize_key_and_certificates(
        b"to-chuc", identity.key, identity.cert, identity.chain or None, encryption
    )


def crl(ca: Identity, *, at: datetime.datetime | None = None) -> x509.CertificateRevocationList:
    """The CA's CRL issued at ``at`` (now by default), listing ``ca.revoked_serials`` revoked a day before."""
    issued = at or datetime.datetime.now(UTC)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.cert.subject)
        .last_update(issued - datetime.timedelta(minutes=1))
        .next_update(issued + datetime.timedelta(days=30))
        .add_extension(x509.CRLNumber(1), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
    )
    for serial in sorted(ca.revoked_serials):
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(serial)
            .revocation_date(issued - datetime.timedelta(days=1))
            .build()
        )
    return builder.sign(ca.key, hashes.SHA256())


class _ReportedTimePdfSigner(signers.PdfSigner):
    """pyHanko's signer, reporting a chosen signing time (pyHanko takes the clock's)."""

    def __init__(self, *args, at: datetime.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self._at = at

    def init_signing_session(self, pdf_out, existing_fields_only=False):
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._at
        return session


def _timestamper(tsa: Identity, at: datetime.datetime):
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa.cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            tsa.key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
        certs_to_embed=[asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in tsa.chain],
        fixed_dt=at,
    )


def _pyhanko_signer(identity: Identity) -> signers.SimpleSigner:
    data = p12(identity, password=b"")
    return signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=None)


def sign(
    pdf: bytes,
    identity: Identity,
    *,
    at: datetime.datetime | None = None,
    crl_of: Identity | None = None,
    revoked: bool = False,
    field_name: str | None = None,
    timestamp_by: Identity | None = None,
    timestamp_at: datetime.datetime | None = None,
) -> bytes:
    """``pdf`` signed by ``identity`` as an outside tool would (PAdES, invisible, incremental), reporting the
    signing time ``at`` (now by default). ``crl_of=ca`` then embeds that CA's CRL in the document security store
    (listing the signer as revoked when ``revoked``), as a signing tool that collects validation data does.
    ``timestamp_by=tsa`` adds a signature timestamp token from that authority, dated ``timestamp_at``."""
    at = at or datetime.datetime.now(UTC)
    name = field_name or f"Chu ky {identity.cert.serial_number % 100000}"
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    pdf_signer = _ReportedTimePdfSigner(
        signers.PdfSignatureMetadata(field_name=name, subfilter=fields.SigSeedSubFilter.PADES),
        signer=_pyhanko_signer(identity),
        timestamper=_timestamper(timestamp_by, timestamp_at or at) if timestamp_by else None,
        at=at,
    )
    # Through signatures.pdf's runner: pyHanko's synchronous sign_pdf fails where an event loop runs (the browser
    # tests' world is built inside Playwright's).
    signed = signed_pdf.run_coroutine(lambda: pdf_signer.async_sign_pdf(writer)).getvalue()
    if crl_of is None:
        return signed
    if revoked:
        crl_of.revoked_serials.add(identity.cert.serial_number)
    listing = asn1_crl.CertificateList.load(crl(crl_of, at=at).public_bytes(serialization.Encoding.DER))
    output = io.BytesIO(signed)
    DocumentSecurityStore.add_dss(output, sig_contents=None, crls=[listing], strict=False)
    return output.getvalue()


def blank_pdf(text: str = "Van ban thu nghiem") -> bytes:
    """A one-page A4 PDF with one line of text (Helvetica), enough for pyHanko to sign."""
    content = f"BT /F1 12 Tf 72 770 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def png(color: tuple[int, int, int], size: tuple[int, int]) -> bytes:
    """A transparent PNG with a ring of ``color``: a seal's (red) or a signature's (blue) stand-in."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse([4, 4, size[0] - 4, size[1] - 4], outline=(*color, 255), width=10)
    output = io.BytesIO()
    image.save(output, "PNG")
    return output.getvalue()
