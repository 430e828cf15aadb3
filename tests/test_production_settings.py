"""Issue 7, done-when 3: `manage.py check --deploy` under config.settings.production reports nothing, and the
production settings refuse to start without SECRET_KEY or ALLOWED_HOSTS.

Each case runs in its own process, as an operator would: the settings module reads the environment once.
DATABASE_URL and REDIS_URL point at ports of this machine where nothing listens: a clean result also shows
that the deployment checks reach neither (scripts/test.sh relies on it).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

PRODUCTION = "config.settings.production"
UNREACHABLE_DATABASE = "postgres://thidua:stand-in@127.0.0.1:1/thidua"
UNREACHABLE_REDIS = "redis://127.0.0.1:2/0"


def production_env(tmp_path, **env) -> dict[str, str]:
    """The environment of a production process; a value None leaves the variable out. Nothing of the test
    run's own (DJANGO_ALLOW_ASYNC_UNSAFE, which the browser tests set, is itself a deployment error)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "CSRF_", "THIDUA_", "AWS_"))
        and key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASE_URL", "REDIS_URL", "STORAGE_BACKEND"}
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": PRODUCTION,
        "THIDUA_VAR_DIR": str(tmp_path),
        "SECRET_KEY": secrets.token_urlsafe(50),  # 67 characters
        "ALLOWED_HOSTS": "thidua.example.vn",
        "DATABASE_URL": UNREACHABLE_DATABASE,
        "REDIS_URL": UNREACHABLE_REDIS,
    }
    for key, value in env.items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    return environment


def run(args: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], env=environment, cwd=django_settings.BASE_DIR,
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def check_deploy(tmp_path, **env) -> subprocess.CompletedProcess:
    return run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path, **env))


def test_check_deploy_reports_nothing(tmp_path):
    result = check_deploy(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr.strip() == ""


def test_check_deploy_is_not_blind(tmp_path):
    """The same command does fail on a weak key and on a site served over plain http."""
    result = check_deploy(tmp_path, SECRET_KEY="ngan-qua", SECURE_SSL_REDIRECT="false")
    assert result.returncode != 0
    assert "security.W009" in result.stderr and "security.W008" in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
@pytest.mark.parametrize("empty", [None, ""], ids=["unset", "empty"])
def test_refuses_to_start_without(missing, empty, tmp_path):
    result = check_deploy(tmp_path, **{missing: empty})
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert f"{missing} phải được đặt trong biến môi trường" in result.stderr


SHOW_SETTINGS = """
import json
from django.conf import settings as s
names = [
    "DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE", "X_FRAME_OPTIONS", "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY", "SECURE_CROSS_ORIGIN_OPENER_POLICY", "CONTENT_SECURITY_POLICY", "MIDDLEWARE",
]
print(json.dumps({name: getattr(s, name) for name in names}))
"""


def test_production_values(tmp_path):
    environment = production_env(
        tmp_path, ALLOWED_HOSTS="thidua.example.vn, www.thidua.example.vn",
        CSRF_TRUSTED_ORIGINS="https://thidua.example.vn:8443",
    )  # fmt: skip
    result = run(["-c", "import django; django.setup();" + SHOW_SETTINGS], environment)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    middleware = shown.pop("MIDDLEWARE")
    assert shown == {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["thidua.example.vn", "www.thidua.example.vn"],
        "CSRF_TRUSTED_ORIGINS": ["https://thidua.example.vn:8443"],
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 365 * 24 * 3600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "CONTENT_SECURITY_POLICY": django_settings.CONTENT_SECURITY_POLICY,  # the policy the tests run under
    }
    for name in (
        "django.middleware.security.SecurityMiddleware", "csp.middleware.CSPMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware", "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ):  # fmt: skip
        assert name in middleware


CACHE_SETTINGS = """
import json
from django.conf import settings as s
print(json.dumps({"engine": s.SESSION_ENGINE, "caches": {
    alias: [c["BACKEND"], c.get("LOCATION", "")] for alias, c in s.CACHES.items() if alias != "default"
}}))
"""


def test_with_redis_sessions_are_kept_there_and_no_page_is_cached(tmp_path):
    result = run(["-c", "import django; django.setup();" + CACHE_SETTINGS], production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "engine": "config.sessions.cached_db",
        # The public pages' limit (core/ratelimit.py) counts in Redis too, for every web process at once.
        "caches": {
            "sessions": ["config.redis_cache.Cache", UNREACHABLE_REDIS],
            "ratelimit": ["config.redis_cache.Cache", UNREACHABLE_REDIS],
        },
    }


def test_without_redis_sessions_stay_in_the_database_and_nothing_is_kept(tmp_path):
    environment = production_env(tmp_path, REDIS_URL=None, DJANGO_SETTINGS_MODULE="config.settings.base")
    result = run(["-c", "import django; django.setup();" + CACHE_SETTINGS], environment)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "engine": "config.sessions.db",
        # Only the public pages' limit, in this process's memory.
        "caches": {"ratelimit": ["django.core.cache.backends.locmem.LocMemCache", "ratelimit"]},
    }


STORAGE_SETTINGS = """
import json, sys
from django.conf import settings as s
imported = sorted(m for m in sys.modules if m == "storages" or m.startswith(("storages.", "boto")))
print(json.dumps({"backend": s.STORAGE_BACKEND, "default": s.STORAGES["default"], "imported": imported}))
"""
S3_ENV = {
    "AWS_STORAGE_BUCKET_NAME": "thidua-tep-luu-tru",
    "AWS_S3_ENDPOINT_URL": "https://s3.quangngai.example.vn",
    "AWS_S3_REGION_NAME": "vn-central-1",
    "AWS_ACCESS_KEY_ID": "khoa-truy-cap",
    "AWS_SECRET_ACCESS_KEY": "bi-mat-khong-duoc-lo",
}


def storage_settings(tmp_path, **env) -> dict:
    result = run(["-c", "import django; django.setup();" + STORAGE_SETTINGS], production_env(tmp_path, **env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_a_bucket_the_files_are_kept_in_media_root(tmp_path):
    assert storage_settings(tmp_path) == {
        "backend": "filesystem",
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "imported": [],
    }


def test_a_bucket_in_the_environment_chooses_the_object_store_without_importing_it(tmp_path):
    """django-storages is named, not imported, while the settings load: it is needed only where chosen, and
    this test runs where it is not installed."""
    shown = storage_settings(tmp_path, **S3_ENV)
    assert shown == {
        "backend": "s3",
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "thidua-tep-luu-tru",
                "endpoint_url": "https://s3.quangngai.example.vn",
                "region_name": "vn-central-1",
                "addressing_style": None,
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
        "imported": [],
    }
    # The keys are left to django-storages, which reads them from the environment: never in the settings.
    assert "khoa-truy-cap" not in json.dumps(shown) and "bi-mat" not in json.dumps(shown)


def test_storage_options_from_the_environment(tmp_path):
    shown = storage_settings(
        tmp_path, STORAGE_BACKEND="S3", AWS_STORAGE_BUCKET_NAME="thidua", AWS_S3_ADDRESSING_STYLE="path",
        AWS_DEFAULT_ACL="",
    )  # fmt: skip
    assert shown["backend"] == "s3"
    options = shown["default"]["OPTIONS"]
    assert options["addressing_style"] == "path" and options["default_acl"] is None  # no ACL sent
    assert options["endpoint_url"] is None and options["region_name"] is None  # Amazon S3 and boto3's defaults


def test_storage_backend_filesystem_wins_over_a_bucket(tmp_path):
    shown = storage_settings(tmp_path, STORAGE_BACKEND="filesystem", **S3_ENV)
    assert shown["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_check_deploy_reports_nothing_with_the_object_store(tmp_path):
    result = check_deploy(tmp_path, **S3_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"STORAGE_BACKEND": "s3"}, "STORAGE_BACKEND=s3 cần AWS_STORAGE_BUCKET_NAME"),
        ({"STORAGE_BACKEND": "ftp"}, "STORAGE_BACKEND phải là “filesystem” hoặc “s3”, không phải “ftp”"),
    ],
    ids=["s3-without-bucket", "unknown"],
)
def test_a_wrong_storage_setting_refuses_to_start(tmp_path, env, message):
    result = check_deploy(tmp_path, **env)
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr and message in result.stderr
