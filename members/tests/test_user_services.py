"""The accounts of a province: created without a password and invited by email, changed, locked and unlocked,
each change in the history."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from core.tasks import send_email
from history.models import AuditEntry
from members.models import User
from members.services import user_activate, user_create, user_deactivate, user_invite, user_update
from members.tests.factories import PASSWORD, AgencyFactory, OrganizerFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Khối thi đua 2026!"


@pytest.fixture
def board(organizer):
    return UserFactory(role=User.Role.BOARD_STAFF, organizer=organizer, first_name="Ban")


@pytest.fixture
def agency(organizer):
    return AgencyFactory(organizer=organizer, name="Sở Tài chính")


def entries_of(user: User):
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=user.pk)


def link_in(body: str) -> str:
    return re.search(r"https?://\S+/dat-mat-khau/\S+/", body).group(0)


def set_password_through(link: str, password: str = NEW_PASSWORD) -> Client:
    """Open the link as the email's reader would, and set a password on the page it leads to."""
    client = Client()
    response = client.get(urlsplit(link).path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_complete")
    return client


# Creating and inviting


def test_a_user_created_without_a_password_has_none_usable_and_signs_in_by_email(organizer, agency, board):
    user = user_create(organizer=organizer, agency=agency, email=" Nguyen.An@SoTaiChinh.gov.vn ", by=board)
    assert user.username == user.email == "nguyen.an@sotaichinh.gov.vn"
    assert not user.has_usable_password()
    assert user.organizer == organizer and user.agency == agency
    entry = entries_of(user).get(action=AuditEntry.Action.CREATE)
    assert entry.actor == board and entry.organizer_id == organizer.pk


def test_the_invitation_is_queued_only_when_the_transaction_commits(
    organizer, agency, board, emails, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        user_create(organizer=organizer, agency=agency, email="an@tc.gov.vn", invite=True, by=board)
    assert emails == [] and len(callbacks) == 1  # nothing sent before the commit

    with django_capture_on_commit_callbacks(execute=True):
        user = user_create(organizer=organizer, agency=agency, email="binh@tc.gov.vn", invite=True, by=board)
    (email,) = emails
    assert email.to == ["binh@tc.gov.vn"]
    assert "Mời bạn đặt mật khẩu" in email.subject
    assert "Tên đăng nhập: binh@tc.gov.vn" in email.body and board.get_full_name() in email.body
    assert organizer.name in email.body and "3 ngày" in email.body
    assert link_in(email.body).startswith("http://127.0.0.1:8000/dat-mat-khau/")
    assert entries_of(user).filter(reason__startswith="Gửi thư mời").exists()


def test_the_invited_user_sets_a_password_through_the_link_then_signs_in(organizer, agency, emails):
    user = user_create(organizer=organizer, agency=agency, email="an@tc.gov.vn")
    link = user_invite(user=user)
    set_password_through(link)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert Client().login(username="an@tc.gov.vn", password=NEW_PASSWORD)
    # The link served once: the token is tied to the password it replaced.
    _uid, token = link.rstrip("/").split("/")[-2:]
    assert not default_token_generator.check_token(user, token)


def test_a_broker_that_is_down_loses_the_email_not_the_account(
    organizer, agency, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise OSError("broker down")

    monkeypatch.setattr(send_email, "apply_async", down)
    with django_capture_on_commit_callbacks(execute=True):
        user = user_create(organizer=organizer, agency=agency, email="an@tc.gov.vn", invite=True)
    assert User.objects.filter(pk=user.pk).exists()
    assert "could not reach the broker" in caplog.text


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"role": User.Role.AGENCY_USER}, "agency", "Hãy chọn cơ quan, đơn vị của người dùng."),
        ({"role": User.Role.AGENCY_USER, "foreign": True}, "agency", "Cơ quan phải thuộc tỉnh của người dùng."),
        ({"role": User.Role.BOARD_STAFF, "email": "khong-phai-email"}, "email", "Nhập địa chỉ email."),
    ],
)
def test_an_account_the_rules_refuse_is_not_created(organizer, fields, field, message):
    agency = AgencyFactory(organizer=OrganizerFactory()) if fields.pop("foreign", False) else None
    fields.setdefault("email", "an@tc.gov.vn")
    with pytest.raises(ValidationError) as refused:
        user_create(organizer=organizer, agency=agency, **fields)
    assert message in refused.value.message_dict[field][0]
    assert not User.objects.filter(email=fields["email"]).exists()


def test_an_email_address_serves_one_account_whatever_its_case(organizer, agency):
    user_create(organizer=organizer, agency=agency, email="an@tc.gov.vn")
    with pytest.raises(ValidationError) as refused:
        user_create(organizer=organizer, agency=agency, email="AN@TC.GOV.VN", username="an-khac")
    assert refused.value.message_dict["email"] == ["Địa chỉ email này đã được dùng cho một người dùng khác."]


def test_board_staff_belong_to_no_agency(organizer, agency):
    user = user_create(organizer=organizer, agency=agency, role=User.Role.BOARD_STAFF, email="ban@tdkt.gov.vn")
    assert user.agency is None and user.is_board_staff


def test_an_invitation_needs_an_address_and_an_active_account(organizer, agency):
    without_email = UserFactory(organizer=organizer, agency=agency)
    with pytest.raises(ValidationError, match="chưa có địa chỉ email"):
        user_invite(user=without_email)
    locked = UserFactory(organizer=organizer, agency=agency, email="khoa@tc.gov.vn", is_active=False)
    with pytest.raises(ValidationError, match="đang bị khoá"):
        user_invite(user=locked)


# Changing


def test_a_username_that_was_the_email_follows_the_new_address(organizer, agency, board):
    user = user_create(organizer=organizer, agency=agency, email="an@tc.gov.vn")
    user_update(user=user, email="an.nguyen@tc.gov.vn", first_name="Nguyễn Văn An",
                role=User.Role.AGENCY_USER, agency=agency, by=board)  # fmt: skip
    user.refresh_from_db()
    assert (user.username, user.email, user.get_full_name()) == (
        "an.nguyen@tc.gov.vn",
        "an.nguyen@tc.gov.vn",
        "Nguyễn Văn An",
    )
    entry = entries_of(user).get(action=AuditEntry.Action.UPDATE)
    assert entry.changes["địa chỉ email"] == ["an@tc.gov.vn", "an.nguyen@tc.gov.vn"]


def test_a_username_of_its_own_stays_when_the_email_changes(organizer, agency):
    user = UserFactory(organizer=organizer, agency=agency, username="vanthu", email="vanthu@tc.gov.vn")
    user_update(user=user, email="moi@tc.gov.vn", first_name="", role=User.Role.AGENCY_USER,
                agency=agency)  # fmt: skip
    user.refresh_from_db()
    assert (user.username, user.email) == ("vanthu", "moi@tc.gov.vn")


def test_an_agency_user_made_board_staff_leaves_the_agency(organizer, agency):
    user = UserFactory(organizer=organizer, agency=agency)
    user_update(user=user, email="", first_name="", role=User.Role.BOARD_STAFF, agency=agency)
    user.refresh_from_db()
    assert user.is_board_staff and user.agency is None


def test_nobody_changes_their_own_role(board):
    with pytest.raises(ValidationError) as refused:
        user_update(user=board, email="", first_name="", role=User.Role.AGENCY_USER,
                    agency=AgencyFactory(organizer=board.organizer), by=board)  # fmt: skip
    assert refused.value.message_dict["role"] == ["Bạn không thể tự đổi vai trò của mình."]
    board.refresh_from_db()
    assert board.is_board_staff


# Locking


def test_a_locked_account_cannot_sign_in_and_its_open_session_ends(organizer, agency, board):
    user = UserFactory(organizer=organizer, agency=agency)
    client = Client()
    client.force_login(user)
    user_deactivate(user=user, by=board)
    assert not Client().login(username=user.username, password=PASSWORD)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    user_activate(user=user, by=board)
    assert Client().login(username=user.username, password=PASSWORD)
    assert [e.changes for e in entries_of(user).order_by("pk")] == [
        {"Kích hoạt": [True, False]},
        {"Kích hoạt": [False, True]},
    ]


def test_nobody_locks_their_own_account(board):
    with pytest.raises(ValidationError, match="tự khoá tài khoản"):
        user_deactivate(user=board, by=board)
    board.refresh_from_db()
    assert board.is_active
