"""The province's setup pages in the browser: the bloc form's symbol follows the name until the user types one,
the member checklist filters as the user types and counts the ticks, and every setup page fits a phone's width."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from blocs.models import Bloc, Membership
from members.models import User
from members.tests.factories import AgencyFactory, OrganizerFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AGENCIES = ["Sở Tài chính", "Sở Nội vụ", "Văn phòng UBND tỉnh", "Cục Thuế tỉnh", "Kho bạc Nhà nước tỉnh"]


@pytest.fixture
def province(transactional_db):
    organizer = OrganizerFactory(code="QNG", name="Ủy ban nhân dân tỉnh Quảng Ngãi")
    agencies = [AgencyFactory(organizer=organizer, name=name) for name in AGENCIES]
    board = UserFactory(role=User.Role.BOARD_STAFF, organizer=organizer, username="bantdkt")
    return organizer, agencies, board


def test_the_symbol_follows_the_name_until_the_user_types_one(page, login, live_server, province):
    login(page, live_server, "bantdkt")
    page.goto(live_server.url + reverse("blocs:bloc_create"))
    symbol = page.locator("#id_symbol")
    page.fill("#id_code", "KTKT")
    page.locator("#id_name").press_sequentially("Khối thi đua Kinh tế - Kỹ thuật")
    expect(symbol).to_have_value("KTĐ-KTKT")
    page.check("input[name=kind][value=cluster]")
    expect(symbol).to_have_value("CTĐ-KTKT")
    symbol.fill("")
    symbol.press_sequentially("ktđ-riêng")  # typed by the user, in lower case: kept, in capitals
    expect(symbol).to_have_value("KTĐ-RIÊNG")
    symbol.fill("KTĐ-KT")
    page.locator("#id_name").press_sequentially(" mới")
    page.wait_for_timeout(600)  # longer than the script's pause before it asks the server
    expect(symbol).to_have_value("KTĐ-KT")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu", exact=True).click()
    bloc = Bloc.objects.get(code="KTKT")
    assert (bloc.kind, bloc.symbol) == ("cluster", "KTĐ-KT")
    assert page.url.endswith(reverse("blocs:membership_add", kwargs={"pk": bloc.pk}))


def test_the_checklist_filters_counts_and_adds_the_ticked_agencies_at_once(page, login, live_server, province):
    organizer, _agencies, _board = province
    bloc = Bloc.objects.create(organizer=organizer, code="TMTH", name="Khối Tham mưu", symbol="KTĐ-TM")
    login(page, live_server, "bantdkt")
    page.goto(live_server.url + reverse("blocs:membership_add", kwargs={"pk": bloc.pk}))
    rows = page.locator("#id_agencies_list [data-filter-text]")
    expect(rows.filter(visible=True)).to_have_count(len(AGENCIES))
    page.fill("#id_agencies_filter", "so ")  # without accents: "Sở …"
    page.locator("#id_agencies_filter").press("Enter")  # filters; does not submit the form half filled in
    expect(rows.filter(visible=True)).to_have_count(2)
    page.get_by_label("Sở Tài chính").check()
    page.get_by_label("Sở Nội vụ").check()
    page.fill("#id_agencies_filter", "kho bac")
    page.get_by_label("Kho bạc Nhà nước tỉnh").check()
    expect(page.locator("[data-checked-count]")).to_have_text("Đã chọn 3 đơn vị")
    page.fill("#id_agencies_filter", "khong co")
    expect(page.locator("[data-filter-empty]")).to_be_visible()
    page.fill("#id_from_year", "2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Thêm vào khối").click()
    added = set(Membership.objects.filter(bloc=bloc, from_year=2026).values_list("agency__name", flat=True))
    assert added == {"Sở Tài chính", "Sở Nội vụ", "Kho bạc Nhà nước tỉnh"}


def test_every_setup_page_fits_a_phone(page, login, live_server, province):
    organizer, agencies, board = province
    bloc = Bloc.objects.create(organizer=organizer, code="TMTH", name="Khối Tham mưu", symbol="KTĐ-TM")
    login(page, live_server, "bantdkt")
    page.set_viewport_size({"width": 390, "height": 844})
    paths = [
        reverse("blocs:agency_list"),
        reverse("blocs:agency_create"),
        reverse("blocs:agency_update", kwargs={"pk": agencies[0].pk}),
        reverse("blocs:bloc_setup_list"),
        reverse("blocs:bloc_create"),
        reverse("blocs:bloc_update", kwargs={"pk": bloc.pk}),
        reverse("blocs:membership_add", kwargs={"pk": bloc.pk}),
        reverse("blocs:secretary_add", kwargs={"pk": bloc.pk}),
        reverse("blocs:user_list"),
        reverse("blocs:user_create"),
        reverse("blocs:user_update", kwargs={"pk": board.pk}),
        reverse("awards:award_type_list"),
        reverse("awards:award_type_create"),
        reverse("awards:legal_basis_list"),
        reverse("awards:legal_basis_create"),
    ]
    too_wide = []
    for path in paths:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide.append(f"{path}: {width}px")
    assert not too_wide, too_wide
