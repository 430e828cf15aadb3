"""Login throttling (django-axes): failed logins lock the username at the address, the right password included.

The test settings turn axes off (client.login() authenticates without a request, which axes refuses);
every test here turns it back on, and the first test checks that the other settings keep it on.
"""

import datetime
import io
import json
import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from members.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOCKED = (
    "Tài khoản tạm thời bị khoá do đăng nhập sai quá nhiều lần. "
    "Vui lòng thử lại sau 15 phút hoặc liên hệ Ban Thi đua - Khen thưởng."
)
OTHER_ADDRESS = "192.0.2.7"  # the test client's own is 127.0.0.1


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True


def attempt(client, username, password, *, url=None, address=None):
    extra = {"REMOTE_ADDR": address} if address else {}
    return client.post(url or reverse("login"), {"username": username, "password": password}, **extra)


def fail(client, username, times, **kwargs):
    return [attempt(client, username, "mat-khau-sai", **kwargs).status_code for _ in range(times)]


def logged_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


def assert_locked_out(response):
    assert response.status_code == 429
    body = response.content.decode()
    assert LOCKED in body
    assert '<html lang="vi">' in body and "Thi đua khối" in body  # the site's own page, extending base.html
    assert f'href="{reverse("login")}"' in body
    assert "_auth_user_id" not in response.wsgi_request.session


SHOW_SETTINGS = """
import json
from django.conf import settings as s
print(json.dumps({
    "enabled": s.AXES_ENABLED, "app": "axes" in s.INSTALLED_APPS, "middleware": s.MIDDLEWARE[-1],
    "backends": s.AUTHENTICATION_BACKENDS, "limit": s.AXES_FAILURE_LIMIT,
    "cooloff": s.AXES_COOLOFF_TIME.total_seconds(), "parameters": s.AXES_LOCKOUT_PARAMETERS,
    "reset_on_success": s.AXES_RESET_ON_SUCCESS, "template": s.AXES_LOCKOUT_TEMPLATE,
}))
"""


def settings_of(module: str, tmp_path, **env) -> dict:
    environment = {
        **os.environ, "DJANGO_SETTINGS_MODULE": module, "THIDUA_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "thidua.example.vn", **env,
    }  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS], env=environment, cwd=django_settings.BASE_DIR,
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)


@pytest.mark.parametrize("module", ["config.settings.base", "config.settings.dev", "config.settings.production"])
def test_throttling_is_on_outside_the_test_settings(module, tmp_path):
    shown = settings_of(module, tmp_path)
    assert shown == {
        "enabled": True, "app": True, "middleware": "axes.middleware.AxesMiddleware",
        "backends": ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"],
        "limit": 5, "cooloff": 15 * 60, "parameters": [["username", "ip_address"]],
        "reset_on_success": True, "template": "registration/locked_out.html",
    }  # fmt: skip


def test_limit_and_cool_off_come_from_the_environment(tmp_path):
    shown = settings_of("config.settings.base", tmp_path, AXES_FAILURE_LIMIT="7", AXES_COOLOFF_MINUTES="30")
    assert (shown["limit"], shown["cooloff"]) == (7, 30 * 60)


def test_one_failure_short_of_the_limit_the_right_password_still_logs_in(client):
    UserFactory(username="thuky")
    limit = django_settings.AXES_FAILURE_LIMIT
    assert fail(client, "thuky", limit - 1) == [200] * (limit - 1)  # the login form again, with its error
    assert logged_in(attempt(client, "thuky", PASSWORD))
    assert not AccessAttempt.objects.exists()  # a success forgets the failures (AXES_RESET_ON_SUCCESS)


@pytest.mark.parametrize("limit", [None, 3])
def test_the_configured_number_of_failures_locks_out_even_the_right_password(client, settings, limit):
    if limit:
        settings.AXES_FAILURE_LIMIT = limit
    limit = settings.AXES_FAILURE_LIMIT
    UserFactory(username="thuky")
    codes = fail(client, "thuky", limit)
    assert codes == [200] * (limit - 1) + [429]
    assert_locked_out(attempt(client, "thuky", PASSWORD))
    assert_locked_out(attempt(client, "thuky", PASSWORD))
    assert client.get(reverse("home")).status_code == 302  # still anonymous


def test_the_lock_holds_the_username_at_that_address_only(client):
    UserFactory(username="thuky")
    UserFactory(username="canbo")
    fail(client, "thuky", django_settings.AXES_FAILURE_LIMIT)
    assert_locked_out(attempt(client, "thuky", PASSWORD))
    # Another user at the same address (an office behind one NAT address) is not locked out...
    assert logged_in(attempt(client, "canbo", PASSWORD))
    client.logout()
    # ...nor is the same user from another address: locking the username alone would let anyone keep them out.
    assert logged_in(attempt(client, "thuky", PASSWORD, address=OTHER_ADDRESS))
    client.logout()
    assert_locked_out(attempt(client, "thuky", PASSWORD))  # the locked pair stays locked


def test_the_lock_ends_after_the_cool_off(client):
    UserFactory(username="thuky")
    fail(client, "thuky", django_settings.AXES_FAILURE_LIMIT)
    cool_off = django_settings.AXES_COOLOFF_TIME

    AccessAttempt.objects.update(attempt_time=timezone.now() - cool_off + datetime.timedelta(minutes=1))
    assert_locked_out(attempt(client, "thuky", PASSWORD))  # one minute before the end; this refusal restarts it

    AccessAttempt.objects.update(attempt_time=timezone.now() - cool_off - datetime.timedelta(seconds=1))
    assert logged_in(attempt(client, "thuky", PASSWORD))


def test_axes_reset_unlocks(client):
    UserFactory(username="thuky")
    fail(client, "thuky", django_settings.AXES_FAILURE_LIMIT)
    assert_locked_out(attempt(client, "thuky", PASSWORD))
    out = io.StringIO()
    call_command("axes_reset", stdout=out)
    assert "attempts removed" in out.getvalue()
    assert logged_in(attempt(client, "thuky", PASSWORD))


def test_the_admin_login_is_throttled_the_same_way(client):
    UserFactory(username="quantri", is_staff=True, is_superuser=True)
    admin_login = reverse("admin:login")
    limit = django_settings.AXES_FAILURE_LIMIT
    assert fail(client, "quantri", limit, url=admin_login) == [200] * (limit - 1) + [429]
    assert_locked_out(attempt(client, "quantri", PASSWORD, url=admin_login))
    assert_locked_out(attempt(client, "quantri", PASSWORD))  # one lock for both login pages


def test_failures_on_both_login_pages_add_up(client):
    UserFactory(username="quantri", is_staff=True)
    limit = django_settings.AXES_FAILURE_LIMIT
    fail(client, "quantri", limit - 1)
    assert attempt(client, "quantri", "mat-khau-sai", url=reverse("admin:login")).status_code == 429
    assert_locked_out(attempt(client, "quantri", PASSWORD))


def test_client_address_is_read_behind_the_configured_number_of_proxies(monkeypatch, rf):
    from core.client_ip import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "10.0.0.1"  # no proxy configured: the peer address
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "1")
    assert client_ip(request) == "203.0.113.7"  # the address our proxy saw, not the forgeable left entry
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "3")
    assert client_ip(request) == "10.0.0.1"  # fewer hops than proxies: fall back to the peer
