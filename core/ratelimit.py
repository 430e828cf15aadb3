"""A limit on how often one address may use a public page (no login): the document verification and the
public results, which anyone on the internet can reach.

A fixed window per minute and address, counted in the ``ratelimit`` cache (Redis in production, so every web
process counts together; this process's memory in the embedded setup). Over the limit the page answers 429
with a Vietnamese message and a ``Retry-After``. Redis down, the count reads as empty and the page is served:
the limit protects the service, it never takes it down.
"""

from __future__ import annotations

import functools
import time

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from core.client_ip import client_ip

WINDOW = 60  # seconds


def hit(request: HttpRequest, scope: str, *, per_minute: int) -> int:
    """Count this request of ``scope`` from its address; the seconds to wait when it is over the limit, else 0."""
    now = int(time.time())
    window = now // WINDOW
    key = f"ratelimit:{scope}:{client_ip(request) or '-'}:{window}"
    cache = caches["ratelimit"]
    cache.add(key, 0, timeout=WINDOW + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr (or the cache is down): count this one alone
        count = 1
    return (window + 1) * WINDOW - now if count > per_minute else 0


def too_many(request: HttpRequest, wait: int) -> HttpResponse:
    response = HttpResponse(render_to_string("errors/429.html", {"wait": wait}), status=429)
    response["Retry-After"] = str(max(wait, 1))
    return response


def rate_limited(scope: str, *, per_minute: int, methods: tuple[str, ...] = ("GET", "HEAD", "POST")):
    """Decorate a public view: more than ``per_minute`` requests of ``methods`` from one address in a minute
    answer 429. Give a costly action (an upload checked with cryptography) its own, lower scope."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and (wait := hit(request, scope, per_minute=per_minute)):
                return too_many(request, wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
