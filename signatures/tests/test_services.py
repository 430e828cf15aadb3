"""signatures/services.py: the anchors a province trusts, the organization certificate kept encrypted, the
signing of issued documents, their refusals and their audit trail."""

from __future__ import annotations

import base64
import datetime
import json
import logging

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from history.models import AuditEntry
from members.models import User
from members.tests.factories import OrganizerFactory, UserFactory
from signatures import crypto
from signatures.models import OrganizationSigner, TrustAnchor
from signatures.pdf import validate_pdf
from signatures.services import (
    anchors_for,
    organization_signer_disable,
    organization_signer_set,
    sign_issued,
    trust_anchor_add,
    trust_anchor_remove,
)
from signatures.tests.pki import UTC, blank_pdf, make_ca, make_signer, p12, pem

pytestmark = pytest.mark.django_db

OTHER_KEY = base64.urlsafe_b64encode(b"the key of another installation!").decode()  # 32 bytes: a Fernet key


@pytest.fixture
def province(db):
    return OrganizerFactory(code="QNG", name="Ủy ban nhân dân tỉnh Quảng Ngãi")


@pytest.fixture
def staff(province):
    return UserFactory(username="canbo", role=User.Role.BOARD_STAFF, organizer=province)


def entries(model=None):
    """The audit entries of this app's models (the factories write the province's own)."""
    models = [model] if model else [TrustAnchor, OrganizationSigner]
    return AuditEntry.objects.filter(content_type__in=ContentType.objects.get_for_models(*models).values())


def error_text(error: pytest.ExceptionInfo) -> str:
    return " ".join(str(m) for messages in error.value.message_dict.values() for m in messages)


# -- anchors ------------------------------------------------------------------------------------------------------


def test_anchors_for_a_province_are_the_installations_and_its_own(province, root):
    other = OrganizerFactory(code="BDH")
    installation = trust_anchor_add(pem=pem(root))
    own = trust_anchor_add(pem=pem(make_ca("CA của tỉnh")), organizer=province)
    trust_anchor_add(pem=pem(make_ca("CA của tỉnh khác")), organizer=other)

    assert anchors_for(province.pk) == [installation.certificate_pem.encode(), own.certificate_pem.encode()]
    assert anchors_for(None) == [installation.certificate_pem.encode()]


def test_trust_anchor_add_reads_the_certificate(province, staff):
    ca = make_ca("Ban Cơ yếu Chính phủ")

    anchor = trust_anchor_add(pem=pem(ca), organizer=province, by=staff)

    assert anchor.name == "Ban Cơ yếu Chính phủ"  # the certificate's CN when no name is given
    assert anchor.subject == "Ban Cơ yếu Chính phủ"
    assert anchor.fingerprint_sha256 == ca.cert.fingerprint(hashes.SHA256()).hex()
    assert (anchor.not_before, anchor.not_after, anchor.added_by) == (
        ca.cert.not_valid_before_utc,
        ca.cert.not_valid_after_utc,
        staff,
    )
    entry = entries(TrustAnchor).get(object_id=anchor.pk)
    assert (entry.action, entry.organizer, entry.actor) == (AuditEntry.Action.CREATE, province, staff)
    assert entry.changes["tên"] == [None, "Ban Cơ yếu Chính phủ"]


def test_a_der_file_is_taken_too(root):
    der = root.cert.public_bytes(serialization.Encoding.DER)
    assert trust_anchor_add(pem=der, name="Gốc DER").subject == "Ban Cơ yếu Chính phủ (thử)"


def test_the_installations_anchors_leave_no_audit_entry_but_a_log_line(root, caplog):
    with caplog.at_level(logging.INFO, logger="signatures.services"):
        anchor = trust_anchor_add(pem=pem(root), name="Gốc")
        trust_anchor_remove(anchor=anchor)
    assert not entries().exists()
    assert [r.getMessage().split(":")[0] for r in caplog.records] == ["trust anchor create", "trust anchor delete"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Tệp không phải chứng thư số (PEM hoặc DER)."),
        (b"hello", "Tệp không phải chứng thư số (PEM hoặc DER)."),
        (b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "Tệp không phải chứng thư số"),
        (b"x" * 300_000, "Tệp không phải chứng thư số"),
    ],
    ids=["empty", "text", "bad-pem", "huge"],
)
def test_trust_anchor_add_refuses_what_is_not_a_certificate(data, message):
    with pytest.raises(ValidationError) as error:
        trust_anchor_add(pem=data)
    assert message in error_text(error)
    assert not TrustAnchor.objects.exists()


def test_trust_anchor_add_refuses_a_certificate_that_is_not_a_ca(root):
    with pytest.raises(ValidationError) as error:
        trust_anchor_add(pem=pem(make_signer("Người ký", root)))
    assert "không phải chứng thư của tổ chức cung cấp dịch vụ chứng thực (CA)" in error_text(error)


def test_trust_anchor_add_refuses_two_certificates_in_one_file(root, intermediate):
    with pytest.raises(ValidationError) as error:
        trust_anchor_add(pem=pem(root) + pem(intermediate))
    assert "đúng một chứng thư" in error_text(error)


def test_trust_anchor_add_refuses_a_duplicate_certificate_or_name(province, root):
    trust_anchor_add(pem=pem(root), name="Gốc")
    with pytest.raises(ValidationError) as error:
        trust_anchor_add(pem=pem(root), name="Tên khác", organizer=province)
    assert "Chứng thư này đã có trong danh sách tin cậy." in str(error.value)
    with pytest.raises(ValidationError) as error:
        trust_anchor_add(pem=pem(make_ca("CA khác")), name="Gốc", organizer=province)
    assert "Đã có chứng thư gốc tin cậy mang tên này." in str(error.value)
    assert TrustAnchor.objects.count() == 1


def test_trust_anchor_remove_writes_the_audit_entry(province, staff, root):
    anchor = trust_anchor_add(pem=pem(root), organizer=province, by=staff)

    trust_anchor_remove(anchor=anchor, by=staff)

    assert not TrustAnchor.objects.exists()
    assert list(entries().order_by("pk").values_list("action", flat=True)) == ["create", "delete"]


# -- the organization's certificate -----------------------------------------------------------------------------


def test_organization_signer_set_keeps_the_file_encrypted(province, staff, organization, seal, signature_image):
    data = p12(organization)

    signer = organization_signer_set(
        organizer=province, p12=data, password="mat-khau", seal_png=seal, signature_png=signature_image, by=staff
    )

    stored = OrganizationSigner.objects.get(pk=signer.pk)
    assert bytes(stored.p12_encrypted) != data and data not in bytes(stored.p12_encrypted)
    assert b"mat-khau" not in bytes(stored.password_encrypted)
    assert crypto.decrypt(stored.p12_encrypted) == data
    assert crypto.decrypt(stored.password_encrypted) == b"mat-khau"
    assert (stored.enabled, stored.organization_name) == (True, "UBND tỉnh Quảng Ngãi")
    assert stored.subject == "Ủy ban nhân dân tỉnh Quảng Ngãi, UBND tỉnh Quảng Ngãi"
    assert stored.not_after == organization.cert.not_valid_after_utc
    assert (bytes(stored.seal_png), bytes(stored.signature_png)) == (seal, signature_image)


def test_the_audit_entry_never_holds_the_password_or_the_file(province, staff, organization):
    organization_signer_set(organizer=province, p12=p12(organization), password="mat-khau", by=staff)

    entry = entries().get()
    text = json.dumps(entry.changes, ensure_ascii=False)
    assert entry.action == AuditEntry.Action.CREATE and entry.actor == staff
    assert "mat-khau" not in text and "mã hoá" not in text
    assert entry.changes["chủ thể"] == [None, "Ủy ban nhân dân tỉnh Quảng Ngãi, UBND tỉnh Quảng Ngãi"]


def test_a_new_upload_replaces_the_certificate_and_keeps_the_images(province, organization, intermediate, seal):
    organization_signer_set(organizer=province, p12=p12(organization), password="mat-khau", seal_png=seal)
    renewed = make_signer("Ủy ban nhân dân tỉnh Quảng Ngãi (2027)", intermediate, organization="UBND tỉnh Quảng Ngãi")

    organization_signer_set(organizer=province, p12=p12(renewed, password=b""), password="")

    stored = OrganizationSigner.objects.get()
    assert stored.subject.startswith("Ủy ban nhân dân tỉnh Quảng Ngãi (2027)")
    assert bytes(stored.seal_png) == seal
    assert [entry.action for entry in entries().order_by("pk")] == ["create", "update"]


def _refusal(**kwargs) -> str:
    with pytest.raises(ValidationError) as error:
        organization_signer_set(**kwargs)
    assert not OrganizationSigner.objects.exists()
    return " ".join(str(m) for m in error.value.messages)


def test_a_wrong_password_is_refused(province, organization):
    assert "Mật khẩu không đúng" in _refusal(organizer=province, p12=p12(organization), password="sai")


def test_a_file_that_is_not_pkcs12_is_refused(province):
    assert "Mật khẩu không đúng, hoặc tệp không phải" in _refusal(organizer=province, p12=b"%PDF-1.7", password="")


def test_a_file_without_a_private_key_is_refused(province, organization):
    without_key = pkcs12.serialize_key_and_certificates(
        b"chi-chung-thu", None, organization.cert, None, serialization.BestAvailableEncryption(b"mat-khau")
    )
    assert "không chứa khoá bí mật" in _refusal(organizer=province, p12=without_key, password="mat-khau")


def test_an_expired_certificate_is_refused(province, intermediate):
    expired = make_signer(
        "Hết hạn",
        intermediate,
        not_before=datetime.datetime(2020, 1, 1, tzinfo=UTC),
        not_after=datetime.datetime(2021, 1, 1, tzinfo=UTC),
    )
    message = _refusal(organizer=province, p12=p12(expired), password="mat-khau")
    assert "Chứng thư hết hạn hoặc chưa có hiệu lực (hiệu lực từ 01/01/2020 đến 01/01/2021)." in message


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (b"GIF89a" + b"\0" * 20, "Ảnh phải là tệp PNG hoặc JPEG."),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "Không đọc được ảnh."),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * (1024 * 1024), "Ảnh lớn hơn 1 MB."),
    ],
    ids=["gif", "broken-png", "too-big"],
)
def test_images_that_are_not_png_or_jpeg_or_too_big_are_refused(province, organization, image, message):
    assert message in _refusal(organizer=province, p12=p12(organization), password="mat-khau", seal_png=image)


@override_settings(DOCUMENT_SIGNING_KEY="")
def test_without_a_signing_key_nothing_is_stored(province, organization):
    assert "DOCUMENT_SIGNING_KEY" in _refusal(organizer=province, p12=p12(organization), password="mat-khau")


def test_disable_forgets_the_certificate(province, staff, organization):
    organization_signer_set(organizer=province, p12=p12(organization), password="mat-khau")

    organization_signer_disable(organizer=province, by=staff)

    stored = OrganizationSigner.objects.get()
    assert (stored.enabled, bytes(stored.p12_encrypted), bytes(stored.password_encrypted)) == (False, b"", b"")
    entry = entries().order_by("pk").last()
    assert entry.changes["đang dùng"] == [True, False]
    assert organization_signer_disable(organizer=province, by=staff) == stored  # twice: nothing more happens
    assert entries().count() == 2


# -- signing what is issued ---------------------------------------------------------------------------------------


def test_sign_issued_without_a_signer_returns_the_pdf_in_one_query(province, django_assert_num_queries):
    pdf = blank_pdf()
    with django_assert_num_queries(1):
        assert sign_issued(province.pk, pdf) is pdf


def test_sign_issued_signs_with_the_provinces_certificate(province, organization, root):
    other = OrganizerFactory(code="BDH")
    organization_signer_set(organizer=province, p12=p12(organization), password="mat-khau")

    signed = sign_issued(province.pk, blank_pdf())

    (check,) = validate_pdf(signed, anchors=[pem(root)])
    assert (check.valid, check.trusted, check.signer) == (
        True,
        True,
        "Ủy ban nhân dân tỉnh Quảng Ngãi, UBND tỉnh Quảng Ngãi",
    )
    assert sign_issued(other.pk, blank_pdf()) == blank_pdf()


def test_sign_issued_leaves_the_pdf_when_disabled_expired_or_undecryptable(province, organization, caplog):
    organization_signer_set(organizer=province, p12=p12(organization), password="mat-khau")
    pdf = blank_pdf()

    with override_settings(DOCUMENT_SIGNING_KEY=OTHER_KEY), caplog.at_level(logging.ERROR):
        assert sign_issued(province.pk, pdf) is pdf
    assert "cannot decrypt" in caplog.text

    OrganizationSigner.objects.update(not_after=timezone.now() - datetime.timedelta(days=1))
    assert sign_issued(province.pk, pdf) is pdf

    organization_signer_disable(organizer=province)
    assert sign_issued(province.pk, pdf) is pdf
