"""Import in the browser (upload → preview → confirm) and the export download, for board staff only."""

import datetime
import json

import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from blocs.models import Bloc, SecretaryAssignment
from blocs.tests.factories import bloc_with_members
from decisions.models import Decision, DecisionAward
from imports.importer import import_document
from imports.views import PENDING_SESSION_KEY
from interchange.exporter import export_organizer
from meetings.models import Meeting, Proposal
from members.models import Agency, Organizer, User
from members.tests.factories import AgencyFactory, OrganizerFactory, UserFactory

pytestmark = pytest.mark.django_db

HOME = reverse("interchange:home")
CONFIRM = reverse("interchange:import_confirm")
DOWNLOAD = reverse("interchange:export_download")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def qng():
    return OrganizerFactory(code="QNG", name="Ủy ban nhân dân tỉnh Quảng Ngãi", place_name="Quảng Ngãi")


@pytest.fixture
def staff(qng):
    return UserFactory(role=User.Role.BOARD_STAFF, organizer=qng)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def upload(client, content: bytes | str, name: str = "qng.json", content_type: str = "application/json", reopen=False):
    if isinstance(content, str):
        content = content.encode("utf-8")
    data = {"document": SimpleUploadedFile(name, content, content_type=content_type)}
    return client.post(HOME, data | ({"reopen": "on"} if reopen else {}))


def counts() -> tuple[int, ...]:
    return (
        Organizer.objects.count(),
        Agency.objects.count(),
        Bloc.objects.count(),
        Meeting.objects.count(),
        Proposal.objects.count(),
    )


def summary(response) -> dict[str, tuple[int, int, int]]:
    return {kind: (c, u, s) for kind, c, u, s in response.context["summary"]}


def stored_uploads(media) -> list:
    folder = media / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# -- the landing page ----------------------------------------------------------------------------------------


def test_board_staff_landing_page_has_upload_download_and_excel_links(staff_client, qng):
    bloc, _members = bloc_with_members(3, organizer=qng, name="Khối thi đua Nội chính")
    response = staff_client.get(HOME)
    body = response.content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert "Tệp dữ liệu (JSON)" in body
    assert DOWNLOAD in body
    assert reverse("awards:proposals_year_xlsx") in body
    assert reverse("awards:bloc_xlsx", args=[bloc.pk]) in body
    assert "Nhập / xuất dữ liệu" in body  # the nav link, shown to board staff
    assert response.context["selected_year"] == timezone.localdate().year - 1  # nothing entered yet


def test_excel_year_select_defaults_to_the_latest_year_with_proposals(staff_client, example):
    import_document(example)
    response = staff_client.get(HOME)
    assert 2017 in response.context["years"]
    assert response.context["selected_year"] == 2017
    assert '<option value="2017" selected>' in response.content.decode()


# -- upload, preview, confirm --------------------------------------------------------------------------------


def test_preview_of_the_example_shows_counts_and_writes_nothing(staff_client, example_text, media):
    before = counts()
    response = upload(staff_client, example_text)
    assert response.status_code == 200
    assert response.templates[0].name == "blocs/interchange/import_preview.html"
    rows = summary(response)
    assert rows["cơ quan, đơn vị"] == (11, 0, 0)
    assert rows["khối, cụm"] == (1, 0, 0)
    assert rows["hội nghị"] == (1, 0, 0)
    body = response.content.decode()
    assert "thêm mới" in body and "Sở Kế hoạch và Đầu tư" in body  # the details list
    assert "Xác nhận nhập" in body
    assert counts() == before
    assert len(stored_uploads(media)) == 1
    pending = staff_client.session[PENDING_SESSION_KEY]
    assert pending["token"] in body
    assert stored_uploads(media)[0].name == f"{pending['token']}.json"


def test_confirm_imports_the_previewed_document(staff_client, example_text, media):
    upload(staff_client, example_text)
    token = staff_client.session[PENDING_SESSION_KEY]["token"]
    response = staff_client.post(CONFIRM, {"token": token})
    assert response.status_code == 302 and response["Location"] == HOME
    assert Agency.objects.filter(organizer__code="QNG").count() == 11
    assert Meeting.objects.get().proposals.count() == 4
    [message] = messages_of(response)
    assert message.startswith("Đã nhập xong.")
    assert "cơ quan, đơn vị: 11 thêm mới, 0 cập nhật, 0 không đổi" in message
    assert stored_uploads(media) == []
    assert PENDING_SESSION_KEY not in staff_client.session


def test_the_upload_waits_in_the_storage_not_in_a_folder(staff_client, example_text, media, settings):
    """Through the storage API only (production may use an object store shared by several machines): with an
    in-memory storage nothing is written under MEDIA_ROOT, and the upload is gone once imported."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    upload(staff_client, example_text)
    pending = staff_client.session[PENDING_SESSION_KEY]
    assert default_storage.listdir("imports") == ([], [f"{pending['token']}.json"])
    with default_storage.open(pending["name"], "rb") as handle:
        assert handle.read() == example_text.encode()
    response = staff_client.post(CONFIRM, {"token": pending["token"]})
    assert response.status_code == 302
    assert Agency.objects.filter(organizer__code="QNG").count() == 11
    assert default_storage.listdir("imports") == ([], [])
    assert not media.exists()


def test_a_token_imports_once(staff_client, example_text):
    upload(staff_client, example_text)
    token = staff_client.session[PENDING_SESSION_KEY]["token"]
    staff_client.post(CONFIRM, {"token": token})
    response = staff_client.post(CONFIRM, {"token": token})
    assert response.status_code == 302
    assert "Hãy tải tệp lên lại" in messages_of(response)[-1]


def test_uploading_the_same_document_again_previews_as_unchanged(staff_client, example_text):
    upload(staff_client, example_text)
    staff_client.post(CONFIRM, {"token": staff_client.session[PENDING_SESSION_KEY]["token"]})
    response = upload(staff_client, example_text)
    rows = summary(response)
    assert rows["cơ quan, đơn vị"] == (0, 0, 11)
    assert rows["hội nghị"] == (0, 0, 1)
    assert all(created == 0 and changed == 0 for created, changed, _unchanged in rows.values())
    assert response.context["details"] == []
    assert "không đổi" in response.content.decode()


def test_invalid_document_lists_problems_with_paths_and_offers_no_confirmation(staff_client, example, media):
    example["blocs"][0]["meetings"][0]["proposals"][0]["agency"] = "SO-XYZ"
    before = counts()
    response = upload(staff_client, json.dumps(example, ensure_ascii=False))
    assert response.status_code == 200
    body = response.content.decode()
    paths = [p.path for p in response.context["report"].problems]
    assert "blocs[0].meetings[0].proposals[0].agency" in paths
    assert "blocs[0].meetings[0].proposals[0].agency" in body and "SO-XYZ" in body
    assert "Không có gì được ghi vào cơ sở dữ liệu." in body
    assert "Xác nhận nhập" not in body and response.context["confirm_form"] is None
    assert counts() == before
    assert stored_uploads(media) == []
    assert PENDING_SESSION_KEY not in staff_client.session


def test_document_that_breaks_the_schema_is_previewed_with_its_problems(staff_client):
    response = upload(staff_client, '{"format": "emulation-blocs/1"}')
    assert response.status_code == 200
    assert "organizer" in [p.path for p in response.context["report"].problems]
    assert "Xác nhận nhập" not in response.content.decode()


def test_file_over_20_mb_is_refused_beside_the_field(staff_client, media):
    before = counts()
    response = upload(staff_client, b" " * (20 * 1024 * 1024 + 1))
    assert response.status_code == 200
    [error] = response.context["form"].errors["document"]
    assert "vượt quá giới hạn 20 MB" in error
    assert "vượt quá giới hạn 20 MB" in response.content.decode()
    assert counts() == before and stored_uploads(media) == []


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("anh.png", PNG, "image/png"),
        ("anh.json", PNG, "application/json"),  # the extension is only a hint
        ("du-lieu.json", b'{"format": "emulation-blocs/1",', "application/json"),
        ("bang.csv", "Mã,Tên\nSTC,Sở Tài chính\n".encode(), "text/csv"),
    ],
)
def test_file_that_is_not_json_is_refused_beside_the_field(staff_client, name, content, content_type):
    before = counts()
    response = upload(staff_client, content, name=name, content_type=content_type)
    assert response.status_code == 200
    [error] = response.context["form"].errors["document"]
    assert error.startswith("Tệp không phải là tài liệu JSON")
    assert counts() == before


def test_empty_upload_is_refused_beside_the_field(staff_client):
    response = staff_client.post(HOME, {})
    assert response.status_code == 200
    assert response.context["form"].errors["document"]


def test_document_of_another_organizer_is_refused(staff_client, example, media):
    example["organizer"]["code"] = "BDH"
    before = counts()
    response = upload(staff_client, json.dumps(example, ensure_ascii=False))
    assert response.status_code == 200
    [error] = response.context["form"].errors["document"]
    assert "Tài liệu này thuộc tỉnh BDH, không phải tỉnh của bạn" in error
    assert counts() == before and stored_uploads(media) == []


@pytest.mark.parametrize("token", ["0" * 32, "not-a-token", ""])
def test_unknown_or_malformed_token_imports_nothing(staff_client, example_text, token):
    upload(staff_client, example_text)
    before = counts()
    response = staff_client.post(CONFIRM, {"token": token})
    assert response.status_code == 302
    assert "Hãy tải tệp lên lại" in messages_of(response)[-1]
    assert counts() == before


def test_upload_altered_in_storage_after_preview_is_not_imported(staff_client, example, media):
    upload(staff_client, json.dumps(example, ensure_ascii=False))
    pending = staff_client.session[PENDING_SESSION_KEY]
    example["agencies"][0]["name"] = "Cơ quan chen vào"
    with default_storage.open(pending["name"], "wb") as handle:
        handle.write(json.dumps(example, ensure_ascii=False).encode())
    before = counts()
    response = staff_client.post(CONFIRM, {"token": pending["token"]})
    assert response.status_code == 302
    assert "Hãy tải tệp lên lại" in messages_of(response)[-1]
    assert counts() == before
    assert stored_uploads(media) == []


def test_board_staff_of_another_organizer_cannot_confirm_someone_elses_upload(
    staff_client, client_factory, example_text
):
    upload(staff_client, example_text)
    token = staff_client.session[PENDING_SESSION_KEY]["token"]
    other = client_factory(UserFactory(role=User.Role.BOARD_STAFF, organizer=OrganizerFactory()))
    before = counts()
    response = other.post(CONFIRM, {"token": token})
    assert response.status_code == 302
    assert counts() == before
    # the uploader can still confirm their own preview
    assert staff_client.post(CONFIRM, {"token": token}).status_code == 302
    assert Agency.objects.filter(organizer__code="QNG").count() == 11


def test_import_that_fails_at_confirmation_shows_the_problems(staff_client, example):
    """The preview passed, then a decision awarded a proposal the document withdraws."""
    import_document(example, by=None)
    withdrawn = Proposal.objects.get(nominee__code="KBNN")
    del example["blocs"][0]["meetings"][0]["proposals"][3]
    preview = upload(staff_client, json.dumps(example, ensure_ascii=False), reopen=True)
    assert preview.context["report"].ok
    decision = Decision.objects.create(
        organizer=withdrawn.bloc.organizer, number="12/QĐ-UBND", signed_on=datetime.date(2018, 3, 1)
    )
    DecisionAward.objects.create(decision=decision, proposal=withdrawn)
    response = staff_client.post(CONFIRM, {"token": staff_client.session[PENDING_SESSION_KEY]["token"]})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Không nhập được" in body and "Dữ liệu đã thay đổi từ lúc xem trước" in body
    assert "Đề nghị đã có quyết định khen thưởng, không thể xoá." in body
    assert Proposal.objects.filter(pk=withdrawn.pk).exists()
    assert Meeting.objects.get().proposals.count() == 4


def test_a_new_upload_replaces_the_pending_one(staff_client, example_text, media):
    upload(staff_client, example_text)
    first = staff_client.session[PENDING_SESSION_KEY]["token"]
    upload(staff_client, example_text)
    second = staff_client.session[PENDING_SESSION_KEY]["token"]
    assert first != second
    assert [p.name for p in stored_uploads(media)] == [f"{second}.json"]


# -- the export download -------------------------------------------------------------------------------------


def test_board_staff_download_the_export_of_their_organizer(staff_client, example, qng):
    import_document(example)
    response = staff_client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="QNG-emulation-blocs.json"'
    text = response.content.decode("utf-8")
    assert "Ủy ban nhân dân tỉnh Quảng Ngãi" in text  # not \\u escapes
    assert text.startswith('{\n  "format"')
    qng.refresh_from_db()
    assert json.loads(text) == export_organizer(qng)


# -- who may use these pages ---------------------------------------------------------------------------------


@pytest.fixture
def client_factory(db):
    from django.test import Client

    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def others(qng):
    """Users of the same organizer who are not board staff: outsider, member, secretary."""
    bloc, members = bloc_with_members(3, organizer=qng)
    outsider = UserFactory(organizer=qng, agency=AgencyFactory(organizer=qng))
    member = UserFactory(organizer=qng, agency=members[0])
    secretary = UserFactory(organizer=qng, agency=members[1])
    SecretaryAssignment.objects.create(bloc=bloc, year=2017, user=secretary)
    return {"outsider": outsider, "member": member, "secretary": secretary}


@pytest.mark.parametrize("who", ["outsider", "member", "secretary"])
def test_users_who_are_not_board_staff_get_404(client_factory, others, example_text, who):
    c = client_factory(others[who])
    assert c.get(HOME).status_code == 404
    assert upload(c, example_text).status_code == 404
    assert c.post(CONFIRM, {"token": "0" * 32}).status_code == 404
    assert c.get(DOWNLOAD).status_code == 404
    assert Agency.objects.filter(code="STC").count() == 0


def test_anonymous_is_sent_to_login(client, example_text):
    login = reverse("login")
    for response in (client.get(HOME), upload(client, example_text), client.post(CONFIRM), client.get(DOWNLOAD)):
        assert response.status_code == 302 and response["Location"].startswith(login)
    assert Agency.objects.count() == 0


def test_nav_link_is_for_board_staff_only(client_factory, others, staff):
    assert "Nhập / xuất dữ liệu" in client_factory(staff).get(reverse("home")).content.decode()
    assert "Nhập / xuất dữ liệu" not in client_factory(others["member"]).get(reverse("home")).content.decode()
