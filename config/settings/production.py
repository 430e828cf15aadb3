"""Production: PostgreSQL (DATABASE_URL), Redis (REDIS_URL), gunicorn behind a TLS proxy, the stored files in
MEDIA_ROOT or an S3-compatible object store (STORAGE_BACKEND).

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

# The stored files (minutes PDFs, imports waiting for confirmation) are read and written only through Django's
# storage API, so that several web and worker machines can share them. STORAGE_BACKEND=filesystem (the
# default): the folder MEDIA_ROOT, on one machine or mounted on every machine (NFS…). STORAGE_BACKEND=s3 (the
# default when AWS_STORAGE_BUCKET_NAME is set): an S3-compatible object store through django-storages[s3],
# imported only when chosen. Its files are private and never linked to: they are served only through the
# permission-checked views (MEDIA_URL is not routed). The keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are
# read from the environment by django-storages itself (or the machine's role when they are unset): they stay
# out of the settings, where a settings dump could show them.
STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "").strip().lower() or (
    "s3" if os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip() else "filesystem"
)
if STORAGE_BACKEND == "filesystem":
    default_files = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif STORAGE_BACKEND == "s3":
    bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        raise ImproperlyConfigured(
            "STORAGE_BACKEND=s3 cần AWS_STORAGE_BUCKET_NAME, tên bucket chứa các tệp lưu trữ "
            "(STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME)."
        )
    default_files = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,  # unset: Amazon S3 itself
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # "path" for stores without a DNS name per bucket (MinIO and the like); unset: boto3 chooses.
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            # An empty AWS_DEFAULT_ACL sends no ACL, for stores that refuse uploads naming one (Amazon S3 buckets
            # with ACLs disabled, "AccessControlListNotSupported"); their objects are private anyway.
            "default_acl": os.environ.get("AWS_DEFAULT_ACL", "private") or None,
            # Any URL the storage makes is signed and expires; the site makes none (see above).
            "querystring_auth": True,
            # Like the folder storage: a name already taken gets another name instead of replacing that file.
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured(
        f"STORAGE_BACKEND phải là “filesystem” hoặc “s3”, không phải “{STORAGE_BACKEND}” "
        "(STORAGE_BACKEND must be filesystem or s3)."
    )
STORAGES = {
    "default": default_files,
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
