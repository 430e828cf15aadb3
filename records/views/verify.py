"""The public verification pages (no login, rate-limited): what an issued document is and whether it is current,
and a form to check a PDF. CONTRACT (issue 18): the implementation is being written."""

from __future__ import annotations

from django.http import Http404


def verify_lookup(request):
    raise Http404


def verify_document(request, code: str):
    raise Http404
