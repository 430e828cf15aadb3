"""Server-Timing on every answer only when SERVER_TIMING is on (the load benchmark's CPU per page)."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse


@pytest.mark.django_db
def test_off_by_default(client):
    assert "Server-Timing" not in client.get(reverse("health"))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["health", "login"])
def test_on_it_gives_the_wall_and_cpu_milliseconds(url):
    with override_settings(SERVER_TIMING=True):
        response = Client().get(reverse(url))
    match = re.fullmatch(r"app;dur=(\d+\.\d\d), cpu;dur=(\d+\.\d\d)", response["Server-Timing"])
    assert match, response["Server-Timing"]
    assert float(match.group(1)) > 0
