"""Production: PostgreSQL (DATABASE_URL), Redis (REDIS_URL), gunicorn behind a TLS proxy.

Refuses to start without SECRET_KEY or ALLOWED_HOSTS. With both set (and DATABASE_URL, REDIS_URL),
`manage.py check --deploy` reports nothing: scripts/test.sh runs it, and tests/test_production_settings.py.
The Content-Security-Policy and X-Frame-Options come from base.py, the same in every environment.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY phải được đặt trong biến môi trường (SECRET_KEY is required).")
# Empty, Django would answer every request "400 Bad Request": refuse to start instead, saying why.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS phải được đặt trong biến môi trường, các tên miền cách nhau bởi dấu phẩy "
        "(ALLOWED_HOSTS is required, e.g. thidua.example.vn)."
    )
# Only for forms posted from another origin (e.g. "https://thidua.example.vn:8443"); the site's own
# origin passes the CSRF check behind the TLS proxy thanks to SECURE_PROXY_SSL_HEADER.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The TLS proxy in front of gunicorn must set X-Forwarded-Proto (and strip any the client sent).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Redirect http:// to https://; SECURE_SSL_REDIRECT=false only where the proxy already does it.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Except the health check (config/views.py): the load balancer probes gunicorn directly, over http.
SECURE_REDIRECT_EXEMPT = [r"^suc-khoe/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))  # one year
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
