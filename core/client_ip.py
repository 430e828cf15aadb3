"""The client's address as login throttling sees it.

Behind the TLS proxy of a production install every request comes from the proxy, so the lock on
(username, address) would become a lock on the username alone, which anyone could use to keep a
secretary out. With ``TRUSTED_PROXY_COUNT`` set to the number of proxies in front of the application,
the address is read from X-Forwarded-For, counting from the right: entries further left are written
by the client and can be forged.
"""

from __future__ import annotations

import os

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    proxies = int(os.environ.get("TRUSTED_PROXY_COUNT", "0") or 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    return hops[-proxies] if len(hops) >= proxies else remote
