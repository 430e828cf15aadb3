"""``Server-Timing: app;dur=…, cpu;dur=…`` on every answer, when ``SERVER_TIMING`` is on (the load benchmark
turns it on; production leaves it off: the figures are for the operator, not for the visitors).

``app`` is the wall time of the request inside Django (every middleware below this one, the view and the
template), ``cpu`` the CPU time of the thread that served it over the same span: what a page costs the web
machine, whatever else runs on it. bench/load_bench.py reports both per page (bench/RESULTS.md).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed


class ServerTimingMiddleware:
    def __init__(self, get_response):
        if not getattr(settings, "SERVER_TIMING", False):
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        started, cpu_started = time.perf_counter(), time.thread_time()
        response = self.get_response(request)
        cpu = (time.thread_time() - cpu_started) * 1000
        wall = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = f"app;dur={wall:.2f}, cpu;dur={cpu:.2f}"
        return response
