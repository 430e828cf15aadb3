"""Vietnamese whatever the browser's language; English only when the user chooses it (issue #15 point 7).
The error pages (404, 403, 500, a refused form) are the site's own, in the page language."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def test_an_english_browser_gets_the_login_page_in_vietnamese(client):
    response = client.get(reverse("login"), **ENGLISH_BROWSER)
    body = response.content.decode()
    assert 'lang="vi"' in body and "Đăng nhập" in body
    assert response["Content-Language"] == "vi"
    assert "Accept-Language" not in response.get("Vary", "")


def test_an_english_browser_gets_a_vietnamese_404(client):
    response = client.get("/khong-co-trang-nay/", **ENGLISH_BROWSER)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_english_once_chosen(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("login")).content.decode()
    assert 'lang="en"' in body and "Đăng nhập" not in body
    assert "Page not found" in client.get("/khong-co-trang-nay/").content.decode()


def test_a_language_the_site_does_not_offer_falls_back_to_vietnamese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert 'lang="vi"' in client.get(reverse("login")).content.decode()


def test_403_in_vietnamese_with_the_reason():
    request = RequestFactory().get("/", **ENGLISH_BROWSER)
    request.user = UserFactory()
    page = defaults.permission_denied(request, PermissionError("Chỉ cán bộ Ban Thi đua - Khen thưởng."))
    assert page.status_code == 403
    body = page.content.decode()
    assert "Không được phép" in body and "Chỉ cán bộ Ban Thi đua - Khen thưởng." in body


def test_500_in_vietnamese_without_the_request():
    page = defaults.server_error(RequestFactory().get("/"))
    assert page.status_code == 500
    body = page.content.decode()
    assert "Lỗi hệ thống" in body and 'lang="vi"' in body


def test_a_form_sent_without_its_token_gets_the_vietnamese_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "a", "password": "b"}, **ENGLISH_BROWSER)
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()
