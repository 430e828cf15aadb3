""" "Quên mật khẩu": Django's password reset at Vietnamese addresses, its email queued after commit, the same answer
for an address nobody has, and the set-password page shared with the invitations."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from members.models import User
from members.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Khối thi đua 2026!"


@pytest.fixture
def person(organizer):
    return UserFactory(organizer=organizer, email="an@tc.gov.vn", first_name="An")


def ask(client: Client, email: str):
    return client.post(reverse("password_reset"), {"email": email})


def link_in(body: str) -> str:
    return re.search(r"http://\S+/dat-mat-khau/\S+/", body).group(0)


def test_the_pages_are_at_vietnamese_addresses_in_vietnamese(client):
    assert reverse("password_reset") == "/quen-mat-khau/"
    assert reverse("password_reset_done") == "/quen-mat-khau/da-gui/"
    assert reverse("password_reset_complete") == "/dat-mat-khau/xong/"
    html = client.get(reverse("password_reset")).content.decode()
    assert "Quên mật khẩu" in html and "Gửi liên kết đặt mật khẩu" in html
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


def test_the_email_is_queued_only_once_the_request_commits(client, person, emails, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = ask(client, "an@tc.gov.vn")
    assert response["Location"] == reverse("password_reset_done")
    assert emails == [] and len(callbacks) == 1

    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "AN@tc.gov.vn")
    (email,) = emails
    assert email.to == ["an@tc.gov.vn"] and "Đặt lại mật khẩu" in email.subject
    assert "Chào An" in email.body and f"Tên đăng nhập: {person.username}" in email.body
    assert link_in(email.body).startswith("http://127.0.0.1:8000/dat-mat-khau/")  # SITE_URL, not the request's Host


@pytest.mark.parametrize("email", ["khong-ai@tc.gov.vn", "khoa@tc.gov.vn"])
def test_an_unknown_or_locked_address_gets_the_same_answer_and_no_email(
    client, organizer, person, email, emails, django_capture_on_commit_callbacks
):
    UserFactory(organizer=organizer, email="khoa@tc.gov.vn", is_active=False)
    known = ask(client, "an@tc.gov.vn")
    with django_capture_on_commit_callbacks(execute=True):
        unknown = ask(client, email)
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert emails == []
    assert "Nếu địa chỉ email bạn nhập thuộc một tài khoản" in client.get(unknown["Location"]).content.decode()


def test_the_link_sets_a_new_password_once(client, person, emails, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "an@tc.gov.vn")
    path = urlsplit(link_in(emails[0].body)).path
    reader = Client()
    page = reader.get(path, follow=True)
    assert "Đặt mật khẩu cho tài khoản" in page.content.decode()
    form_url = page.redirect_chain[-1][0]
    assert "mat-khau-moi" in form_url  # the token left the address for the session
    response = reader.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("password_reset_complete")
    assert "Mật khẩu của bạn đã được lưu" in reader.get(response["Location"]).content.decode()
    assert Client().login(username=person.username, password=NEW_PASSWORD)
    assert not Client().login(username=person.username, password=PASSWORD)
    again = Client().get(path, follow=True).content.decode()
    assert "Liên kết đặt mật khẩu không còn dùng được" in again


def test_the_password_rules_answer_in_vietnamese(client, person, emails, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "an@tc.gov.vn")
    reader = Client()
    form_url = reader.get(urlsplit(link_in(emails[0].body)).path, follow=True).redirect_chain[-1][0]
    response = reader.post(form_url, {"new_password1": "ngan", "new_password2": "khac"})
    assert response.status_code == 200
    assert "Hai trường mật khẩu không giống nhau." in response.content.decode()


def test_an_invited_user_who_lost_the_invitation_may_ask_again(
    client, organizer, emails, django_capture_on_commit_callbacks
):
    invited = UserFactory(organizer=organizer, email="moi@tc.gov.vn")
    invited.set_unusable_password()
    invited.save()
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "moi@tc.gov.vn")
    assert [email.to for email in emails] == [["moi@tc.gov.vn"]]


def test_a_forged_link_is_refused_with_a_way_to_ask_again(client, person):
    html = client.get(reverse("password_reset_confirm", args=["MQ", "sai-ma"]), follow=True).content.decode()
    assert "không còn dùng được" in html and reverse("password_reset") in html
    assert User.objects.get(pk=person.pk).check_password(PASSWORD)
