"""Views of the installation itself, outside any app."""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def health(request):
    """``/suc-khoe/``: "ok" as plain text, for the load balancer's probe (and the floor of bench/load_bench.py).

    It answers as long as a worker process answers at all: no database, no session, no template. The production
    settings exempt it from the https redirect, so that a probe sent straight to gunicorn over http gets the 200.
    """
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
