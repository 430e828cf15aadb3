"""Issuing a version (issue 18): the worker signs the rendered PDF with the province's organization certificate
(``signatures.services.sign_issued``) and stores it with the SHA-256 of the file and of the attached record, by
which a copy is recognised; a signing failure fails the version as a rendering failure does; PDF/A-3b holds after
signing."""

from __future__ import annotations

import hashlib
import io
import json

import pypdf
import pytest
from django.core.files.storage import default_storage

from records import rendering
from records.models import MinutesVersion
from records.rendering import ATTACHMENT_NAME
from records.services import meeting_finalize, minutes_render, minutes_version_retry
from records.tests.layout import pdfa_part
from signatures import pdf as signature_pdf
from signatures import services as signing
from signatures.tests import pki

pytestmark = pytest.mark.django_db
Status = MinutesVersion.Status


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def attachment_of(pdf: bytes) -> bytes:
    (data,) = pypdf.PdfReader(io.BytesIO(pdf)).attachments[ATTACHMENT_NAME]
    return data


@pytest.fixture(scope="module")
def organization():
    """The province's organization certificate, under a CA the test makes."""
    return pki.make_signer("UBND tỉnh Quảng Ngãi", pki.make_ca("Ban Cơ yếu thử"), organization="UBND tỉnh Quảng Ngãi")


def test_the_attachment_bytes_are_the_bytes_the_pdf_embeds(example_snapshot, example_pdf):
    data = rendering.attachment_bytes(example_snapshot)
    assert data == attachment_of(example_pdf)
    assert json.loads(data) == example_snapshot["interchange"]
    assert rendering.attachment_bytes({k: v for k, v in example_snapshot.items() if k != "interchange"}) is None


def test_a_version_is_stored_with_the_sha256_of_its_file_and_of_its_attached_record(example_meeting):
    meeting_finalize(meeting=example_meeting)
    version = minutes_render(version_id=MinutesVersion.objects.get(document="minutes").pk)
    stored = default_storage.open(version.file.name).read()
    version.refresh_from_db()
    assert version.status == Status.READY
    assert version.file_sha256 == sha256(stored)
    assert version.record_sha256 == sha256(attachment_of(stored))
    assert version.record_sha256 == sha256(rendering.attachment_bytes(version.snapshot))


def test_the_stored_file_is_the_one_the_province_signed(example_meeting, monkeypatch, organization):
    calls = []

    def sign_issued(organizer_id: int, pdf: bytes) -> bytes:
        calls.append((organizer_id, pdf))
        return pki.sign(pdf, organization)

    monkeypatch.setattr(signing, "sign_issued", sign_issued)
    meeting_finalize(meeting=example_meeting)
    version = minutes_render(version_id=MinutesVersion.objects.get(document="minutes").pk)
    stored = default_storage.open(version.file.name).read()
    ((organizer_id, rendered),) = calls
    assert organizer_id == example_meeting.bloc.organizer_id
    assert stored != rendered and stored.startswith(rendered)  # an incremental update of the rendered file
    version.refresh_from_db()
    assert version.file_sha256 == sha256(stored)
    assert version.record_sha256 == sha256(attachment_of(stored)) == sha256(attachment_of(rendered))


def test_a_signing_failure_fails_the_version_with_the_reason_and_it_can_be_made_again(
    example_meeting, monkeypatch, people, media
):
    def broken(organizer_id: int, pdf: bytes) -> bytes:
        raise ValueError("chứng thư của tổ chức không mở được")

    monkeypatch.setattr(signing, "sign_issued", broken)
    meeting_finalize(meeting=example_meeting)
    version = minutes_render(version_id=MinutesVersion.objects.get(document="minutes").pk)
    version.refresh_from_db()
    assert version.status == Status.FAILED
    assert version.error == "Không ký số được tệp PDF: ValueError: chứng thư của tổ chức không mở được"
    assert not version.file and version.file_sha256 == version.record_sha256 == ""
    assert not (media / "minutes").exists()  # nothing unsigned was stored
    monkeypatch.undo()
    minutes_version_retry(version=version, by=people["board"])
    version = minutes_render(version_id=version.pk)
    assert version.status == Status.READY and version.error == "" and version.file_sha256


def _fonts(resources, found: list) -> None:
    """(name, embedded?) of every font used by ``resources`` and the forms they draw."""
    resources = resources.get_object() if resources is not None else {}
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        if font.get("/Subtype") == "/Type0":
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font["/FontDescriptor"].get_object()
        found.append((font["/BaseFont"], any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))))
    for form in (resources.get("/XObject") or {}).values():
        form = form.get_object()
        if form.get("/Subtype") == "/Form":
            _fonts(form.get("/Resources"), found)


def test_pdf_a_3b_holds_after_the_organizations_signature(example_pdf, organization):
    signed = signature_pdf.sign_pdf(
        example_pdf, p12=pki.p12(organization), password=b"mat-khau", organization="UBND tỉnh Quảng Ngãi"
    )
    assert signed.startswith(example_pdf)  # incremental: the issued revision is kept byte for byte
    reader = pypdf.PdfReader(io.BytesIO(signed))
    assert pdfa_part(signed) == ("3", "B")
    catalog = reader.trailer["/Root"]
    assert catalog["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    assert attachment_of(signed) == attachment_of(example_pdf)
    assert "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2017" in reader.metadata.title
    # Every font embedded (the signature's appearance too), every annotation printed (PDF/A-3, 6.2.11.4, 6.3.2).
    fonts = []
    for page in reader.pages:
        _fonts(page.get("/Resources"), fonts)
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            assert int(annotation.get("/F", 0)) & 4, annotation.get("/Subtype")
            if "/AP" in annotation:
                _fonts(annotation["/AP"].get_object()["/N"].get_object().get("/Resources"), fonts)
    assert fonts and all(embedded for _name, embedded in fonts), fonts
    assert reader.get_fields() and any(f.get("/FT") == "/Sig" for f in reader.get_fields().values())
