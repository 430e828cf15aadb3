"""Fixtures of the browser tests: Debian's chromium driven by Playwright (sync API) against pytest-django's
``live_server``, a login helper and an axe-core runner.

- ``browser`` (session): one headless chromium for the run.
- ``page``: a fresh context (cookies, storage) and page per test, Vietnamese, phone-or-laptop width.
- ``login(page, live_server, username)``: logs in through the login page as a user would.
- ``axe_violations(page)``: injects the vendored axe-core and returns the critical and serious violations.

Playwright's sync API runs an event loop in the test's thread; Django refuses ORM calls from a thread with
a running loop unless told that this is deliberate, hence DJANGO_ALLOW_ASYNC_UNSAFE, set before Django runs.
"""

from __future__ import annotations

import os

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from members.tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_STATIC = "vendor/axe-core-4.14.1/axe.min.js"
TIMEOUT_MS = 20_000


def pytest_collection_modifyitems(config, items):
    """Every test in this folder drives the browser. With ``BROWSER_TESTS=0`` (the PostgreSQL pass of .ci/run,
    after the first pass drove every page in the browser) they are left out: deselected, not skipped."""
    here = Path(__file__).parent
    ours = [item for item in items if Path(str(item.fspath)).is_relative_to(here)]
    for item in ours:
        item.add_marker(pytest.mark.browser)
    if os.environ.get("BROWSER_TESTS") == "0" and ours:
        config.hook.pytest_deselected(items=ours)
        items[:] = [item for item in items if item not in ours]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def _login(page, live_server, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Đăng nhập").click()
    # The navigation is only there for a logged-in user (collapsed behind its toggler on a phone).
    page.wait_for_selector("#nav-main", state="attached")


@pytest.fixture
def login():
    """``login(page, live_server, username)``: log in through the login page (password of the factories)."""
    return _login


def _axe_violations(page) -> list[dict]:
    # A click on a link returns before the next page has loaded: axe reads the page once it has (CI once
    # injected axe into a document that had no <head> yet). A test that clicks waits for the new page first.
    page.wait_for_load_state("load")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # From the site's own static files: the Content-Security-Policy (script-src 'self') refuses the
        # inline <script> that add_script_tag(path=…) would write, as it should refuse any inline script.
        origin = urlsplit(page.url)
        page.add_script_tag(url=f"{origin.scheme}://{origin.netloc}{settings.STATIC_URL}{AXE_STATIC}")
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5),
            }));
        }"""
    )
    return [v for v in violations if v["impact"] in ("critical", "serious")]


@pytest.fixture
def axe_violations():
    """``axe_violations(page)``: the critical and serious axe-core violations of the page as shown."""
    return _axe_violations
