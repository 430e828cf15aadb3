"""Phones, laptops and paper (#15 point 8): at 1366 px the menu holds on one line for board staff; at 390 px the
dashboard's rows are cards whose every column shows, and a table wider than the screen says that it scrolls;
printing leaves the site's navigation and buttons out, and "In xếp hạng" prints the ranking alone.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from meetings.models import Ranking
from pledges.models import Criterion
from tests.access_world import YEAR, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world(transactional_db):
    world = build_world()
    meeting = world.a.x.meeting
    Ranking.objects.bulk_create(
        Ranking(meeting=meeting, agency=agency, rank=n) for n, agency in enumerate(world.a.x.agencies, 1)
    )
    return world


def test_the_menu_holds_on_one_line_at_1366_px_for_board_staff(page, live_server, login, world):
    page.set_viewport_size(LAPTOP)
    login(page, live_server, world.users["board"].username)
    page.goto(f"{live_server.url}{reverse('home')}?year={YEAR}")
    layout = page.evaluate(
        """() => {
            const nav = document.querySelector("nav.navbar-main");
            const menu = document.getElementById("nav-main");
            const links = [...menu.querySelectorAll(":scope > ul > li > .nav-link")];
            const line = parseFloat(getComputedStyle(links[0]).lineHeight);
            const items = [...menu.children];
            const middle = e => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2);
            return {
                height: nav.getBoundingClientRect().height,
                shown: getComputedStyle(menu).display !== "none" && menu.getBoundingClientRect().height > 0,
                wrapped: links.filter(a => a.getBoundingClientRect().height > 2 * line).map(a => a.textContent.trim()),
                rows: new Set(items.map(middle)).size,
                overflow: menu.scrollWidth - menu.clientWidth,
                right: Math.max(...items.map(e => e.getBoundingClientRect().right)),
                width: document.documentElement.clientWidth,
                space: items[1].getBoundingClientRect().left - items[0].getBoundingClientRect().right,
            };
        }"""
    )
    assert layout["shown"], "the menu is collapsed behind its button at 1366 px"
    assert layout["wrapped"] == [], layout
    assert layout["rows"] == 1 and layout["height"] < 70, layout  # one row: the bar of a single line is 56 px
    assert layout["overflow"] <= 0 and layout["right"] <= layout["width"], layout
    # The menu's links keep clear of the year, search, notifications and user (room for a badge or two).
    assert layout["space"] >= 40, layout
    # Screen readers still read the whole label of a link shortened on a laptop.
    assert page.get_by_role("link", name="Quyết định khen thưởng").is_visible()


def test_on_a_phone_the_dashboards_rows_are_cards_showing_every_column(page, live_server, login, world):
    page.set_viewport_size(PHONE)
    login(page, live_server, world.users["board"].username)
    page.goto(f"{live_server.url}{reverse('home')}?year={YEAR}")
    table = page.locator("table.table-stack")
    cells = table.locator("tbody tr").first.locator("td")
    labels = cells.evaluate_all("cells => cells.map(c => c.dataset.label)")
    assert labels == [
        "Trưởng khối", "Phó trưởng khối", "Thành viên", "Sơ kết 6 tháng", "Tổng kết", "Đề nghị đạt", "Chờ quyết định",
    ]  # fmt: skip
    # Every cell, the status columns included, lies within the screen, under its column's name.
    for box in cells.evaluate_all("cells => cells.map(c => c.getBoundingClientRect().toJSON())"):
        assert box["left"] >= 0 and box["right"] <= PHONE["width"], box
    label = cells.nth(4).evaluate("c => getComputedStyle(c, '::before').content")
    assert label == '"Tổng kết"'
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The column headings are kept for screen readers, out of sight.
    assert table.locator("thead").bounding_box()["height"] <= 1


def test_a_table_wider_than_the_phone_says_it_scrolls(page, live_server, login, world):
    pledge = world.a.x.pledge  # six criteria: the score sheet is wider than a phone
    Criterion.objects.bulk_create(
        Criterion(pledge=pledge, code=str(n), title=f"Tiêu chí {n}", max_points=10, position=n) for n in range(3, 7)
    )
    page.set_viewport_size(PHONE)
    login(page, live_server, world.users["member"].username)
    page.goto(f"{live_server.url}{reverse('pledges:detail', args=[world.a.x.pledge.pk])}")
    box = page.locator(".table-responsive:has(table.table-wide)")
    hint = page.locator(".scroll-hint")
    assert box.get_attribute("data-scroll") == "start"
    assert hint.is_visible() and hint.inner_text().strip() == "Vuốt ngang để xem thêm"
    assert box.evaluate("b => getComputedStyle(b).maskImage || getComputedStyle(b).webkitMaskImage") != "none"
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    page.wait_for_function("b => b.dataset.scroll === 'end'", arg=box.element_handle())
    # A name keeps its words on a line or two, not one word a line.
    name = page.locator("table.table-wide tbody th").first
    assert name.bounding_box()["width"] >= 150
    # On a laptop the same table fits: no fade, no hint.
    page.set_viewport_size(LAPTOP)
    page.wait_for_function("b => !b.hasAttribute('data-scroll')", arg=box.element_handle())
    assert not hint.is_visible()


def test_print_leaves_the_site_out_and_the_ranking_prints_alone(page, live_server, login, world):
    page.set_viewport_size(LAPTOP)
    login(page, live_server, world.users["member"].username)
    page.goto(f"{live_server.url}{reverse('meetings:detail', args=[world.a.x.meeting.pk])}")
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
    visible = "s => [...document.querySelectorAll(s)].filter(e => getComputedStyle(e).display !== 'none').length"

    # On screen: the print buttons work (JavaScript shows them), the workbook is offered beside the ranking.
    assert page.get_by_role("button", name="In", exact=True).is_visible()
    ranking_xlsx = reverse("meetings:ranking_xlsx", args=[world.a.x.meeting.pk])
    assert page.locator(f'#xep-hang a[href="{ranking_xlsx}"]').is_visible()

    page.emulate_media(media="print")
    assert page.evaluate(visible, "header .navbar, footer, #main .btn, #main form") == 0
    assert page.evaluate(visible, "#main section") > 3  # the whole record
    border = page.eval_on_selector("#proposals td", "c => getComputedStyle(c).borderTopStyle")
    assert border == "solid"

    page.emulate_media(media="screen")
    page.get_by_role("button", name="In xếp hạng").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    assert page.evaluate(visible, "#main > section") == 1
    assert page.locator("#xep-hang").is_visible() and page.locator("h1").is_visible()
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate(visible, "#main > section") > 3  # printing the whole page again
