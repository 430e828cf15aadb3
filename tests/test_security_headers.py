"""Issue 7: every response carries the Content-Security-Policy and X-Frame-Options: DENY (config/settings/base.py,
the same in every environment), and no template served as a page holds what the policy refuses: inline
<script> code, on…= attributes, style="…" attributes or <style> blocks (tests/browser/test_csp.py shows the
pages themselves in chromium).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from blocs.tests.factories import BlocFactory
from members.tests.factories import OrganizerFactory, UserFactory

POLICY = (
    "default-src 'self'; script-src 'self'; object-src 'none'; style-src 'self'; font-src 'self'; "
    "img-src 'self' data:; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; connect-src 'self'"
)


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.fixture
def board_client(client, db):
    organizer = OrganizerFactory()
    BlocFactory(organizer=organizer)
    user = UserFactory(role="board_staff", organizer=organizer, is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", ["login", "home", "search", "awards:award_type_list", "interchange:home",
                                  "admin:index", "admin:blocs_bloc_changelist"])  # fmt: skip
def test_pages_carry_the_policy_and_deny_framing(board_client, name):
    if name == "login":
        board_client.logout()
    response = board_client.get(reverse(name))
    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"]) == directives(POLICY)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_errors_and_redirects_carry_them_too(client, db):
    for response in (client.get("/khong-co-trang-nay/"), client.get(reverse("home"))):
        assert response.status_code in (302, 404)
        assert directives(response["Content-Security-Policy"]) == directives(POLICY)
        assert response["X-Frame-Options"] == "DENY"


# Rendered to PDF by WeasyPrint, never served as pages: their inline styles are not under the policy.
PDF_TEMPLATES = {"meetings/minutes/minutes_document.html", "meetings/minutes/pledge_document.html",
                 "meetings/minutes/_document_header.html"}  # fmt: skip
REFUSED = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on…= attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def page_templates() -> list[Path]:
    root = Path(settings.BASE_DIR) / "templates"
    return [path for path in sorted(root.rglob("*.html")) if path.relative_to(root).as_posix() not in PDF_TEMPLATES]


def test_no_page_template_holds_what_the_policy_refuses():
    root = Path(settings.BASE_DIR) / "templates"
    found = []
    for path in page_templates():
        text = path.read_text(encoding="utf-8")
        for pattern, what in REFUSED:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(root)}:{line}: {what}: {match.group(0).strip()}")
    assert not found, "move these to static/js or static/css:\n" + "\n".join(found)
    assert len(page_templates()) > 40  # the scan saw the templates
