"""core/ratelimit.py: a fixed window per minute and address."""

from types import SimpleNamespace

from django.http import HttpResponse
from django.test import RequestFactory

from core import ratelimit


@ratelimit.rate_limited("sample", per_minute=3)
def page(request):
    return HttpResponse("ok")


def get(address: str = "198.51.100.1"):
    return page(RequestFactory().get("/", REMOTE_ADDR=address))


def test_the_limit_counts_per_address_and_opens_again_in_the_next_minute(monkeypatch):
    now = [1_800_000_000.0 + 50]  # 10 s before a minute ends
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: now[0]))

    assert [get().status_code for _ in range(3)] == [200, 200, 200]
    refused = get()
    assert refused.status_code == 429 and refused["Retry-After"] == "10"
    assert "Quá nhiều yêu cầu" in refused.content.decode()
    assert get("198.51.100.2").status_code == 200  # another address has its own count

    now[0] += 10  # the next minute
    assert get().status_code == 200


def test_methods_outside_the_list_are_not_counted(monkeypatch):
    limited = ratelimit.rate_limited("post-only", per_minute=1, methods=("POST",))(lambda request: HttpResponse())

    for _ in range(5):
        assert limited(RequestFactory().get("/")).status_code == 200
    assert limited(RequestFactory().post("/")).status_code == 200
    assert limited(RequestFactory().post("/")).status_code == 429
