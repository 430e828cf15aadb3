"""No page has a critical or serious accessibility violation, by axe-core (vendored), on a laptop and a phone.

Every page is visited as a user who may see it, in the world of tests/access_world.py; the import preview
after an upload. axe is read from static/vendor and loaded into each page under the site's Content-Security-
Policy (axe_under_csp.py): no network, and the pages are checked as sent.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from awards.tests.factories import award
from interchange.exporter import export_organizer
from tests.access_world import PDF, YEAR, add_next_pledge, build_world
from tests.browser.axe_under_csp import serious_violations, serve_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"laptop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def pages(world) -> list[tuple[str, str]]:
    """(user, address) of every page; the first of each user chooses the year the others show."""
    x, a = world.a.x, world.a
    next_pledge = x.next_pledge
    decision = a.decision
    r = reverse
    member = world.users["member"]
    uid, token = urlsafe_base64_encode(force_bytes(member.pk)), default_token_generator.make_token(member)
    return [
        ("anonymous", r("login")),
        ("anonymous", r("password_reset")),
        ("anonymous", r("password_reset_done")),
        ("anonymous", r("password_reset_confirm", args=[uid, token])),  # the form the emailed link opens
        ("anonymous", r("password_reset_confirm", args=[uid, "ma-gia-mao"])),  # a link no longer valid
        ("anonymous", r("password_reset_complete")),
        ("anonymous", r("public_results", args=[a.organizer.code, YEAR])),  # the published year, no login
        # The verification pages a document's QR code opens (no login)
        ("anonymous", r("verify:lookup")),
        ("anonymous", r("verify:document", args=[x.meeting.minutes_versions.get(document="minutes", number=2).code])),
        # An agency user reads their blocs
        ("member", r("home") + f"?year={YEAR}"),
        ("member", r("blocs:detail", args=[x.bloc.pk])),
        ("member", r("members:detail", args=[x.agencies[3].pk])),
        ("member", r("members:tasks")),
        ("member", r("members:pledge_sign", args=[x.pledge.pk])),
        ("member", r("meetings:ballot", args=[x.draft.pk])),
        ("member", r("password_change")),
        ("member", r("password_change_done")),
        ("member", r("search") + "?q=dai+bieu"),  # people: the representatives at the bloc's meetings
        ("member", r("search") + "?q=khong+co+ai"),  # nothing found: what was searched, and tips
        ("member", r("notifications")),
        # The secretary enters the bloc's year
        ("secretary", r("blocs:detail", args=[x.bloc.pk]) + f"?year={YEAR}"),
        ("secretary", r("pledges:criteria", args=[next_pledge.pk])),
        ("secretary", r("pledges:signatures", args=[x.pledge.pk])),
        ("secretary", r("pledges:scores", args=[x.pledge.pk])),
        ("secretary", r("pledges:bands", args=[x.pledge.pk])),
        ("member", r("pledges:self_score", args=[x.pledge.pk])),
        ("secretary", r("pledges:scoring", args=[x.pledge.pk])),
        ("secretary", r("pledges:scoring_review", args=[x.pledge.pk, x.submitted.pk])),
        ("secretary", r("meetings:create", args=[x.bloc.pk]) + f"?year={YEAR}"),
        ("secretary", r("meetings:detail", args=[x.draft.pk])),
        ("secretary", r("meetings:update", args=[x.draft.pk])),
        ("secretary", r("meetings:content", args=[x.draft.pk])),
        ("secretary", r("meetings:attendance", args=[x.draft.pk])),
        ("secretary", r("meetings:online_voting", args=[x.draft.pk])),
        ("secretary", r("meetings:people", args=[x.draft.pk])),
        ("secretary", r("meetings:proposal_add", args=[x.draft.pk])),
        ("secretary", r("meetings:proposal_votes", args=[x.draft.pk, x.draft_proposal.pk])),
        ("secretary", r("meetings:proposal_withdraw", args=[x.draft.pk, x.draft_proposal.pk])),
        ("secretary", r("meetings:election", args=[x.draft.pk])),
        ("secretary", r("meetings:ranking", args=[x.draft.pk])),
        ("secretary", r("meetings:finalize", args=[x.draft.pk])),
        ("secretary", r("meetings:minutes_preview", args=[x.draft.pk])),
        ("secretary", r("meetings:voting", args=[x.draft.pk])),
        ("secretary", r("dossiers:dossier", args=[x.bloc.pk, YEAR])),
        ("secretary", r("dossiers:letter_preview", args=[x.bloc.pk, YEAR])),
        ("secretary", r("meetings:news_draft", args=[x.meeting.pk])),
        # Board staff do the province's work
        ("board", r("home") + f"?year={YEAR}"),
        ("board", r("search") + "?q=xanh"),
        ("board", r("search") + "?q=15%2Fqd"),  # the province's award decision
        ("board", r("blocs:detail", args=[x.bloc.pk])),
        ("board", r("blocs:membership_add", args=[x.bloc.pk])),
        ("board", r("blocs:membership_end", args=[x.bloc.pk, x.membership.pk])),
        ("board", r("blocs:membership_delete", args=[x.bloc.pk, x.newcomer.pk])),
        ("board", r("blocs:memberships_move", args=[x.bloc.pk])),
        ("board", r("blocs:secretary_add", args=[x.bloc.pk])),
        ("board", r("blocs:secretary_delete", args=[x.bloc.pk, x.assignment.pk])),
        ("board", r("members:detail", args=[x.agencies[1].pk])),
        ("board", r("members:history", args=["khoi", x.bloc.pk])),
        ("board", r("pledges:detail", args=[x.pledge.pk])),
        ("board", r("pledges:create", args=[x.bloc.pk]) + f"?year={YEAR + 2}"),
        ("board", r("awards:award_type_list")),
        ("board", r("awards:award_type_update", args=[award(a.organizer, "BK_TINH").pk])),
        ("board", r("awards:award_type_create")),
        ("board", r("awards:legal_basis_list")),
        ("board", r("awards:legal_basis_create")),
        ("board", r("awards:legal_basis_update", args=[a.legal_basis.pk])),
        ("board", r("awards:legal_basis_delete", args=[a.legal_basis.pk])),
        ("board", r("awards:board_names")),
        ("board", r("awards:award_policy")),
        ("board", r("awards:hold_list")),
        ("board", r("awards:women_shares") + f"?year={YEAR}"),
        # Digital signatures: the province's anchors and organization certificate
        ("board", r("signatures:settings")),
        ("board", r("signatures:anchor_remove", args=[a.signing.anchor.pk])),
        ("board", r("signatures:signer")),
        ("board", r("signatures:signer_disable")),
        # The province's setup
        ("board", r("blocs:agency_list")),
        ("board", r("blocs:agency_list") + "?q=khong+co"),  # nothing found
        ("board", r("blocs:agency_create")),
        ("board", r("blocs:agency_update", args=[x.agencies[1].pk])),
        ("board", r("blocs:bloc_setup_list")),
        ("board", r("blocs:bloc_create")),
        ("board", r("blocs:bloc_update", args=[x.bloc.pk])),
        ("board", r("blocs:bloc_successor", args=[x.bloc.pk])),
        ("board", r("blocs:user_list")),
        ("board", r("blocs:user_create")),
        ("board", r("blocs:user_update", args=[world.users["member"].pk])),
        ("board", r("blocs:user_deactivate", args=[world.users["member"].pk])),
        ("board", r("awards:decision_list")),
        ("board", r("awards:decision_create")),
        ("board", r("awards:decision_detail", args=[decision.pk])),
        ("board", r("awards:decision_update", args=[decision.pk])),
        ("board", r("awards:decision_award_remove", args=[decision.pk, x.decision_award.pk])),
        ("board", r("interchange:home")),
        ("board", r("dossiers:overview") + f"?year={YEAR}"),
        ("board", r("dossiers:dossier", args=[x.bloc.pk, YEAR])),
        ("board", r("dossiers:return", args=[x.dossier.pk])),
        ("board", r("dossiers:receive", args=[x.dossier.pk])),
        ("board", r("dossiers:decision_start")),
        ("board", r("meetings:detail", args=[x.meeting.pk])),
        ("board", r("meetings:minutes_status", args=[x.meeting.pk, "bien-ban"])),
        ("board", r("meetings:reopen", args=[x.meeting.pk])),
        ("board", r("public_settings") + f"?year={YEAR}"),
    ]


@pytest.fixture
def world(transactional_db):
    world = build_world()
    add_next_pledge(world)
    return world


def violations_text(violations: list[dict]) -> str:
    return "\n".join(f"  [{v['impact']}] {v['id']}: {v['help']}\n    {', '.join(v['nodes'])}" for v in violations)


def test_no_page_has_a_serious_accessibility_violation(browser, login, live_server, world):
    """Each page is loaded once and checked at both widths: the layout follows the width without a reload."""
    pages_of: dict = {}
    found = []

    def page_of(user: str):
        if user not in pages_of:
            context = browser.new_context(locale="vi-VN", viewport=VIEWPORTS["laptop"])
            serve_axe(context, live_server.url)
            page = context.new_page()
            if user != "anonymous":
                login(page, live_server, world.users[user].username)
            pages_of[user] = page
        return pages_of[user]

    def check(page, where: str) -> None:
        for viewport, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            if violations := serious_violations(page):
                found.append(f"{where} ({viewport} {size['width']}×{size['height']}):\n{violations_text(violations)}")
        page.set_viewport_size(VIEWPORTS["laptop"])

    try:
        for user, path in pages(world):
            page = page_of(user)
            response = page.goto(live_server.url + path)
            assert response is not None and response.ok, f"{path} as {user}: {response and response.status}"
            check(page, f"{path} as {user}")

        # The import preview answers an upload: the board uploads the province's own export.
        page = page_of("board")
        page.goto(live_server.url + reverse("interchange:home"))
        document = json.dumps(export_organizer(world.a.organizer), ensure_ascii=False).encode()
        page.set_input_files(
            "input[name=document]", files=[{"name": "du-lieu.json", "mimeType": "application/json", "buffer": document}]
        )
        with page.expect_navigation():
            page.locator("form:has(input[name=document]) [type=submit]").click()
        assert "xem trước" in page.locator("h1").inner_text().lower()
        check(page, "import preview as board")

        # The verification report answers a PDF checked on the public page.
        page = page_of("anonymous")
        page.goto(live_server.url + reverse("verify:lookup"))
        page.set_input_files(
            "input[name=file]", files=[{"name": "ban-sao.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        with page.expect_navigation():
            page.locator("form:has(input[name=file]) [type=submit]").click()
        assert page.locator("#ket-qua").count() == 1
        check(page, "verification report as anonymous")
    finally:
        for page in pages_of.values():
            page.context.close()
    assert not found, f"{len(found)} serious accessibility violations:\n" + "\n".join(found)
