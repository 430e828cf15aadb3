"""The board's page ``/chu-ky-so/``: the province's anchors (add, remove after confirming), the installation's
(read only), the organization certificate (upload, disable); board staff of the province only, others 404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from members.models import User
from members.tests.factories import OrganizerFactory, UserFactory
from signatures.models import OrganizationSigner, TrustAnchor
from signatures.services import organization_signer_set, trust_anchor_add
from signatures.tests.pki import make_ca, p12, pem

pytestmark = pytest.mark.django_db

SETTINGS = reverse("signatures:settings")
SIGNER = reverse("signatures:signer")
DISABLE = reverse("signatures:signer_disable")


@pytest.fixture
def province(db):
    return OrganizerFactory(code="QNG", name="Ủy ban nhân dân tỉnh Quảng Ngãi")


@pytest.fixture
def other(db):
    return OrganizerFactory(code="BDH", name="Ủy ban nhân dân tỉnh Bình Định")


def board(client, organizer, username="canbo"):
    client.force_login(UserFactory(username=username, role=User.Role.BOARD_STAFF, organizer=organizer))
    return client


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_the_page_lists_the_provinces_and_the_installations_anchors_only(client, province, other, root):
    trust_anchor_add(pem=pem(root), name="Gốc của hệ thống")
    own = trust_anchor_add(pem=pem(make_ca("CA Quảng Ngãi")), organizer=province)
    trust_anchor_add(pem=pem(make_ca("CA Bình Định")), organizer=other)

    page = board(client, province).get(SETTINGS).content.decode()

    assert "Gốc của hệ thống" in page and "CA Quảng Ngãi" in page
    assert "CA Bình Định" not in page
    assert reverse("signatures:anchor_remove", kwargs={"pk": own.pk}) in page
    assert page.count("/goc-tin-cay/") == 1  # the installation's anchor has no remove button


def test_the_page_reads_in_a_fixed_number_of_queries(client, province, root, django_assert_max_num_queries):
    for index in range(5):
        trust_anchor_add(pem=pem(make_ca(f"CA {index}")), organizer=province)
    board(client, province)
    with django_assert_max_num_queries(12):
        assert client.get(SETTINGS).status_code == 200


def test_adding_an_anchor_from_the_page(client, province, root):
    response = board(client, province).post(SETTINGS, {"pem": upload("goc.pem", pem(root)), "name": ""})

    assert response.status_code == 302
    anchor = TrustAnchor.objects.get()
    assert (anchor.organizer, anchor.name) == (province, "Ban Cơ yếu Chính phủ (thử)")


def test_a_file_that_is_not_a_certificate_is_refused_beside_the_field(client, province):
    response = board(client, province).post(SETTINGS, {"pem": upload("goc.pem", b"hello"), "name": "x"})

    assert response.status_code == 400
    assert "Tệp không phải chứng thư số (PEM hoặc DER)." in response.content.decode()
    assert not TrustAnchor.objects.exists()


def test_removing_an_anchor_asks_first(client, province, root):
    anchor = trust_anchor_add(pem=pem(root), organizer=province)
    url = reverse("signatures:anchor_remove", kwargs={"pk": anchor.pk})
    board(client, province)

    assert "Bỏ chứng thư gốc tin cậy" in client.get(url).content.decode()
    assert TrustAnchor.objects.exists()
    assert client.post(url).status_code == 302
    assert not TrustAnchor.objects.exists()


def test_the_installations_and_another_provinces_anchors_cannot_be_removed(client, province, other, root):
    installation = trust_anchor_add(pem=pem(root))
    theirs = trust_anchor_add(pem=pem(make_ca("CA Bình Định")), organizer=other)
    board(client, province)
    for anchor in (installation, theirs):
        url = reverse("signatures:anchor_remove", kwargs={"pk": anchor.pk})
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert TrustAnchor.objects.count() == 2


@pytest.mark.parametrize("role", ["secretary", "member", "superuser_without_province"])
def test_others_get_404(client, province, role):
    if role == "superuser_without_province":
        user = User.objects.create_superuser(username="quantri", password="x", email="")
    else:
        user = UserFactory(username=role, organizer=province)
    client.force_login(user)
    for url in (SETTINGS, SIGNER, DISABLE):
        assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get(SETTINGS)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_uploading_the_organization_certificate(client, province, organization, root, seal, signature_image):
    board(client, province)
    assert "Chưa dùng" in client.get(SETTINGS).content.decode()

    response = client.post(
        SIGNER,
        {
            "p12": upload("to-chuc.p12", p12(organization)),
            "password": "mat-khau",
            "seal_png": upload("con-dau.png", seal),
            "signature_png": upload("chu-ky.png", signature_image),
        },
    )

    assert response.status_code == 302
    page = client.get(SETTINGS).content.decode()
    assert "Đang dùng: mỗi văn bản ban hành được ký số ngay sau khi tạo." in page
    assert "UBND tỉnh Quảng Ngãi" in page
    image = client.get(reverse("signatures:signer_image", kwargs={"kind": "con-dau"}))
    assert (image["Content-Type"], b"".join(image.streaming_content)) == ("image/png", seal)


def test_a_wrong_password_is_said_beside_the_field(client, province, organization):
    response = board(client, province).post(
        SIGNER, {"p12": upload("to-chuc.p12", p12(organization)), "password": "sai"}
    )
    assert response.status_code == 400
    assert "Mật khẩu không đúng" in response.content.decode()
    assert not OrganizationSigner.objects.exists()


@override_settings(DOCUMENT_SIGNING_KEY="")
def test_without_the_key_the_page_says_signing_is_unavailable_and_refuses_uploads(client, province, organization):
    board(client, province)
    assert "chưa được cấu hình khoá DOCUMENT_SIGNING_KEY" in client.get(SETTINGS).content.decode()

    response = client.post(SIGNER, {"p12": upload("to-chuc.p12", p12(organization)), "password": "mat-khau"})

    assert response.status_code == 400
    assert "Chưa cấu hình khoá DOCUMENT_SIGNING_KEY" in response.content.decode()
    assert not OrganizationSigner.objects.exists()


def test_disabling_asks_first_then_forgets_the_certificate(client, province, organization):
    organization_signer_set(organizer=province, p12=p12(organization), password="mat-khau")
    board(client, province)

    assert "Ngừng ký số văn bản ban hành" in client.get(DISABLE).content.decode()
    assert client.post(DISABLE).status_code == 302

    signer = OrganizationSigner.objects.get()
    assert (signer.enabled, bytes(signer.p12_encrypted)) == (False, b"")
    assert client.get(DISABLE).status_code == 404  # nothing left to disable


def test_another_provinces_staff_see_their_own_signer(client, province, other, organization):
    organization_signer_set(organizer=province, p12=p12(organization), password="mat-khau")
    board(client, other, username="canbo_bdh")

    assert "Chưa dùng" in client.get(SETTINGS).content.decode()
    assert client.get(DISABLE).status_code == 404
    assert client.get(reverse("signatures:signer_image", kwargs={"kind": "con-dau"})).status_code == 404
