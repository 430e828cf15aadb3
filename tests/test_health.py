"""The health check ``/suc-khoe/``: a constant "ok" that reads nothing, for the load balancer (and the floor
of bench/load_bench.py), also sent straight to gunicorn over plain http under the production settings."""

from __future__ import annotations

import subprocess
import sys

from django.conf import settings as django_settings
from django.urls import reverse

from tests.test_production_settings import production_env


def test_health_answers_ok_without_the_database(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


def test_health_refuses_writes(client):
    assert client.post(reverse("health")).status_code == 405


PROBE = """
from django.test import Client
client = Client(HTTP_HOST="thidua.example.vn")
health, home = client.get("/suc-khoe/"), client.get("/")
print(health.status_code, health.content.decode(), home.status_code, home["Location"])
"""


def test_production_probe_over_http_is_not_redirected(tmp_path):
    """The probe over http gets the 200 (every other page the redirect to https), with the database out of reach."""
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + PROBE],
        env=production_env(tmp_path), cwd=django_settings.BASE_DIR,
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "ok", "301", "https://thidua.example.vn/"]
