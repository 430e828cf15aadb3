"""Request middleware of the audit trail."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from . import audit


def _admin_prefix() -> str | None:
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return None


class AuditSourceMiddleware:
    """Entries recorded while answering a request say it came through the admin or the web pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefix = _admin_prefix()
        through_admin = prefix is not None and request.path.startswith(prefix)
        with audit.source(audit.Source.ADMIN if through_admin else audit.Source.WEB):
            return self.get_response(request)
