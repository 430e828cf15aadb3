"""Issue 7: the pages satisfy their Content-Security-Policy (config/settings/base.py, the same in every
environment): chromium reports no violation on the main pages, visited as board staff, and the scripts
that moved out of the HTML (static/js/app.js, minutes-status.js, meeting.js) still work under the policy.

A violation is caught twice: chromium's console message ("Refused to … because it violates the following
Content Security Policy directive …") and the page's own ``securitypolicyviolation`` events, collected in
``window.__cspViolations`` by a script Playwright adds to every document before the page's own (init
scripts are not subject to the page's policy).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from awards.tests.factories import award
from records.models import MinutesVersion
from tests.access_world import YEAR, add_next_pledge, build_world
from tests.project import RECORD_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push({
    directive: event.effectiveDirective, blocked: event.blockedURI, source: event.sourceFile,
    line: event.lineNumber, sample: event.sample,
  });
});
"""


@pytest.fixture
def world(transactional_db):
    world = build_world()
    add_next_pledge(world)
    board = world.users["board"]
    board.is_staff = True  # the admin too, as the board's staff use it
    board.save(update_fields=["is_staff"])
    board.user_permissions.set(Permission.objects.filter(content_type__app_label__in=RECORD_APPS))
    # The pledge PDF of bloc X's year-end review is being rendered: its status page polls the server.
    MinutesVersion.objects.filter(meeting=world.a.x.meeting, document=MinutesVersion.Document.PLEDGE).update(
        status=MinutesVersion.Status.RENDERING, error=""
    )
    return world


def main_pages(world) -> list[str]:
    x, a = world.a.x, world.a
    r = reverse
    return [
        r("home") + f"?year={YEAR}",
        r("search") + "?q=xanh",
        r("blocs:detail", args=[x.bloc.pk]),
        r("members:detail", args=[x.agencies[1].pk]),
        r("pledges:detail", args=[x.pledge.pk]),
        r("pledges:scores", args=[x.pledge.pk]),
        r("pledges:signatures", args=[x.pledge.pk]),
        r("pledges:criteria", args=[x.next_pledge.pk]),
        r("awards:award_type_list"),
        r("awards:award_type_update", args=[award(a.organizer, "BK_TINH").pk]),
        r("awards:decision_list"),
        r("awards:decision_detail", args=[a.decision.pk]),
        r("awards:decision_create"),
        r("interchange:home"),
        r("meetings:detail", args=[x.meeting.pk]),
        r("meetings:detail", args=[x.draft.pk]),
        r("meetings:attendance", args=[x.draft.pk]),
        r("meetings:people", args=[x.draft.pk]),
        r("meetings:proposal_add", args=[x.draft.pk]),
        r("meetings:proposal_votes", args=[x.draft.pk, x.draft_proposal.pk]),
        r("meetings:minutes_status", args=[x.meeting.pk, "bien-ban"]),
        r("members:history", args=["khoi", x.bloc.pk]),
        r("password_change"),
        r("admin:index"),
        r("admin:blocs_bloc_changelist"),
        r("admin:meetings_meeting_changelist"),
        r("admin:blocs_bloc_change", args=[x.bloc.pk]),
    ]


class Watch:
    """What chromium said about the policy (console) and what the documents heard (events)."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        self.errors: list[str] = []
        page.add_init_script(COLLECT_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def visit(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.ok, f"{url}: {response and response.status}"
        self.page.wait_for_load_state("networkidle")

    def found(self, where: str) -> list[str]:
        events = self.page.evaluate("window.__cspViolations || []")
        found = [f"{where}: console: {text}" for text in self.console]
        found += [f"{where}: event: {event}" for event in events]
        found += [f"{where}: script error: {text}" for text in self.errors]
        self.console.clear()
        self.errors.clear()
        return found


def test_the_policy_is_sent_and_enforced(page, live_server, world):
    """The header is there, and chromium enforces it: an inline script added to the page is refused and
    reported both ways (so that the other tests' silence means something)."""
    watch = Watch(page)
    response = page.goto(f"{live_server.url}{reverse('login')}")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__inlineRan = true;";
            document.body.appendChild(script);
            const box = document.createElement("div");
            box.setAttribute("style", "color: red");
            document.body.appendChild(box);
        }"""
    )
    page.wait_for_function("window.__cspViolations.length >= 2")
    assert page.evaluate("window.__inlineRan === undefined")
    found = watch.found("login")
    assert any("script-src" in line for line in found if "event" in line), found
    assert any("style-src" in line for line in found if "event" in line), found
    assert any("console" in line for line in found), found


def test_no_main_page_violates_the_policy(page, live_server, login, world):
    watch = Watch(page)
    found = []
    watch.visit(f"{live_server.url}{reverse('login')}")
    found += watch.found("login")
    login(page, live_server, world.users["board"].username)
    found += watch.found("after login")
    for path in main_pages(world):
        watch.visit(live_server.url + path)
        found += watch.found(path)
    assert not found, f"{len(found)} Content-Security-Policy violations or script errors:\n" + "\n".join(found)


def test_the_scripts_moved_out_of_the_html_still_work(page, live_server, login, world):
    watch = Watch(page)
    login(page, live_server, world.users["board"].username)
    x = world.a.x

    # static/js/app.js: choosing a year in the navigation bar shows that year (the <noscript> button is
    # for browsers without JavaScript).
    watch.visit(f"{live_server.url}{reverse('home')}?year={YEAR}")
    with page.expect_navigation():
        page.select_option("#nav-year", str(YEAR - 1))
    assert f"year={YEAR - 1}" in page.url
    assert page.locator("#nav-year").input_value() == str(YEAR - 1)

    # static/css/app.css: what were style="…" attributes (white navigation text on the primary blue).
    white = "rgb(255, 255, 255)"
    assert page.eval_on_selector("#nav-main .nav-link", "e => getComputedStyle(e).color") == white
    assert page.eval_on_selector("#user-menu", "e => getComputedStyle(e).color") == white

    # Bootstrap's bundle: the user menu opens (Popper places it through the CSSOM, which the policy allows).
    page.locator("#user-menu").click()
    page.wait_for_selector("#user-menu + .dropdown-menu.show")

    # static/js/minutes-status.js: a PDF being rendered is asked about every 2 s.
    status = reverse("meetings:minutes_status", args=[x.meeting.pk, "giao-uoc"])
    with page.expect_response(lambda response: "/trang-thai/" in response.url and response.ok, timeout=10_000):
        watch.visit(live_server.url + status)

    # static/js/meeting.js: the outcome of a proposal is asked from the server as the votes are typed.
    votes = reverse("meetings:proposal_votes", args=[x.draft.pk, x.draft_proposal.pk])
    watch.visit(live_server.url + votes)
    if page.locator("input[name=mode][value=tally]").count():
        page.check("input[name=mode][value=tally]")
    count = len(x.agencies)
    with page.expect_response(lambda response: "/de-nghi/ket-qua/" in response.url and response.ok):
        page.fill("[name=votes_for]", str(count))
        page.fill("[name=votes_against]", "0")
        page.fill("[name=votes_abstain]", "0")
    page.wait_for_selector("#outcome[data-outcome=passed]")

    found = watch.found("scripts")
    assert not found, "\n".join(found)
