"""Invalid data typed into each form shows a Vietnamese message beside the field it concerns.

Each form is filled in the browser and submitted with its own button; the message must be the field's
``invalid-feedback`` (``#<field id>_error``), visible, just under the field, and the page showing the messages
must have no critical or serious accessibility violation (axe-core). Where the browser itself would
refuse the value first (a required field left empty, a number below its minimum), the form is submitted
without the browser's checks, as an old browser would, to show the server's message.

Forms with nothing a user can type wrong are left out: confirmations (finalize, withdraw, delete, unassign),
the attendance sheet and the report (free text within the lengths the inputs already enforce).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Error as PlaywrightError

from awards.tests.factories import award
from tests.access_world import YEAR, World, add_next_pledge, build_world
from tests.browser.axe_under_csp import serious_violations, serve_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@dataclass
class Form:
    """A form, who fills it, how, and the messages expected: {field id: words of the message}."""

    name: str
    user: str
    fill: Callable  # (page, world, url) -> None: go to the page, type, submit
    expected: dict[str, str]


def go(page, url: str, path: str) -> None:
    response = page.goto(url + path)
    assert response is not None and response.ok, f"{path}: {response and response.status}"


def submit(page, button: str, *, skip_browser_checks: bool = False) -> None:
    """Click the form's button, as the user would; wait for the page the server answers with."""
    target = page.get_by_role("button", name=button, exact=True).last
    if skip_browser_checks:
        target.evaluate("button => { button.form.noValidate = true; }")
    with page.expect_navigation():
        target.click()


# -- the forms ----------------------------------------------------------------------------------------------


def membership_add(page, world: World, url: str) -> None:
    x = world.a.x
    go(page, url, reverse("blocs:membership_add", args=[x.bloc.pk]))
    page.get_by_label(world.a.lone_agency.name).check()
    page.fill("#id_from_year", "2030")
    page.fill("#id_to_year", "2020")
    submit(page, "Thêm vào khối")


def agency_create(page, world: World, url: str) -> None:
    go(page, url, reverse("blocs:agency_create"))
    page.fill("#id_name", world.a.x.agencies[0].name)  # the province has it already
    page.fill("#id_code", "SO TC")
    submit(page, "Lưu")


def bloc_create(page, world: World, url: str) -> None:
    go(page, url, reverse("blocs:bloc_create"))
    page.fill("#id_name", "Khối thi đua Mới")
    page.fill("#id_code", "X Y")
    page.fill("#id_symbol", "KTĐ/MỚI")
    submit(page, "Lưu")


def user_create(page, world: World, url: str) -> None:
    go(page, url, reverse("blocs:user_create"))
    page.fill("#id_email", "khong-phai-email")
    page.check("input[name=role][value=agency_user]")
    submit(page, "Tạo và gửi thư mời", skip_browser_checks=True)


def award_type_create(page, world: World, url: str) -> None:
    go(page, url, reverse("awards:award_type_create"))
    page.fill("#id_code", "CO_TINH")
    page.fill("#id_name", "Cờ thi đua (trùng mã)")
    submit(page, "Lưu")


def legal_basis_create(page, world: World, url: str) -> None:
    go(page, url, reverse("awards:legal_basis_create"))
    page.fill("#id_number", "12/2025/QĐ-UBND")
    page.fill("#id_valid_from", "31/02/2025")
    submit(page, "Lưu", skip_browser_checks=True)


def password_reset(page, world: World, url: str) -> None:
    go(page, url, reverse("password_reset"))
    page.fill("#id_email", "khong-phai-email")
    submit(page, "Gửi liên kết đặt mật khẩu", skip_browser_checks=True)


def set_password(page, world: World, url: str) -> None:
    member = world.users["member"]
    uid, token = urlsafe_base64_encode(force_bytes(member.pk)), default_token_generator.make_token(member)
    go(page, url, reverse("password_reset_confirm", args=[uid, token]))
    page.fill("#id_new_password1", "Khối thi đua 2026!")
    page.fill("#id_new_password2", "Khối thi đua 2027!")
    submit(page, "Lưu mật khẩu")


def membership_end(page, world: World, url: str) -> None:
    x = world.a.x
    go(page, url, reverse("blocs:membership_end", args=[x.bloc.pk, x.membership.pk]))
    page.fill("#id_to_year", "2000")
    submit(page, "Kết thúc")


def secretary_add(page, world: World, url: str) -> None:
    go(page, url, reverse("blocs:secretary_add", args=[world.a.x.bloc.pk]))
    page.fill("#id_year", "1800")
    page.select_option("#id_user", index=1)
    submit(page, "Phân công")


def leadership_override(page, world: World, url: str) -> None:
    x = world.a.x
    go(page, url, reverse("blocs:detail", args=[x.bloc.pk]) + f"?year={YEAR}")
    page.select_option("#id_chair", label=x.agencies[1].name)
    page.select_option("#id_vice_chair", label=x.agencies[1].name)
    submit(page, "Lưu trưởng, phó khối")


def pledge_create_form(page, world: World, url: str) -> None:
    go(page, url, reverse("pledges:create", args=[world.a.x.bloc.pk]) + f"?year={YEAR + 2}")
    page.fill("#id_signed_on", "31/02/2027")
    page.fill("#id_criteria-0-code", "1")
    page.fill("#id_criteria-0-title", "Thực hiện nhiệm vụ chính trị")
    page.fill("#id_criteria-0-max_points", "abc")
    submit(page, "Tạo giao ước")


def pledge_criteria(page, world: World, url: str) -> None:
    go(page, url, reverse("pledges:criteria", args=[world.a.x.next_pledge.pk]))
    page.fill("#id_criteria-1-code", "1")  # the code of the first criterion
    page.fill("#id_criteria-1-title", "Tiêu chí trùng mã")
    page.fill("#id_criteria-1-max_points", "10")
    submit(page, "Lưu tiêu chí")


def pledge_scores(page, world: World, url: str) -> None:
    x = world.a.x
    criteria = list(x.pledge.criteria.order_by("position"))
    go(page, url, reverse("pledges:scores", args=[x.pledge.pk]))
    page.fill(f"#id_{x.agencies[0].pk}-{criteria[0].pk}", "75")  # the criterion is worth 60
    page.fill(f"#id_{x.agencies[1].pk}-{criteria[1].pk}", "abc")
    submit(page, "Lưu bảng điểm")


def pledge_signatures(page, world: World, url: str) -> None:
    x = world.a.x
    go(page, url, reverse("pledges:signatures", args=[x.pledge.pk]))
    page.fill("#id_signed_on", "ngày mai")
    page.fill(f"#id_{x.agencies[3].pk}-signed_on", "30/02/2025")
    submit(page, "Lưu chữ ký")


def award_type_update(page, world: World, url: str) -> None:
    go(page, url, reverse("awards:award_type_update", args=[award(world.a.organizer, "BK_TINH").pk]))
    page.fill("#id_ratio", "abc")
    page.fill("#id_name", "")
    submit(page, "Lưu", skip_browser_checks=True)


def decision_create(page, world: World, url: str) -> None:
    go(page, url, reverse("awards:decision_create"))
    page.fill("#id_number", world.a.decision.number)
    page.fill("#id_signed_on", "")
    submit(page, "Lưu quyết định", skip_browser_checks=True)


def import_upload(page, world: World, url: str) -> None:
    go(page, url, reverse("interchange:home"))
    not_json = "Biên bản hội nghị, không phải JSON".encode()
    page.set_input_files(
        "#id_document", files=[{"name": "bao-cao.json", "mimeType": "application/json", "buffer": not_json}]
    )
    submit(page, "Tải lên và xem trước")


def login_form(page, world: World, url: str) -> None:
    go(page, url, reverse("login"))
    page.fill("#id_username", "")
    page.fill("#id_password", "mật khẩu")
    submit(page, "Đăng nhập")


def password_change(page, world: World, url: str) -> None:
    go(page, url, reverse("password_change"))
    page.fill("#id_old_password", "không phải mật khẩu cũ")
    page.fill("#id_new_password1", "Mật khẩu mới 2026!")
    page.fill("#id_new_password2", "Mật khẩu khác 2026!")
    submit(page, "Lưu mật khẩu mới")


def meeting_create(page, world: World, url: str) -> None:
    go(page, url, reverse("meetings:create", args=[world.a.x.bloc.pk]) + f"?year={YEAR}")
    page.fill("#id_held_on", "32/13/2025")
    page.fill("#id_year", "1800")
    submit(page, "Tạo hội nghị", skip_browser_checks=True)


def meeting_update(page, world: World, url: str) -> None:
    go(page, url, reverse("meetings:update", args=[world.a.x.draft.pk]))
    page.fill("#id_held_on", "15/07/2019")  # not within the emulation year 2025 or next to it
    submit(page, "Lưu")


def meeting_people(page, world: World, url: str) -> None:
    go(page, url, reverse("meetings:people", args=[world.a.x.draft.pk]))
    page.fill("#id_guests-0-title", "Phó Trưởng ban")  # no name: a group guest, but of no organization
    submit(page, "Lưu thành phần")


def proposal_add(page, world: World, url: str) -> None:
    x = world.a.x
    go(page, url, reverse("meetings:proposal_add", args=[x.draft.pk]))
    page.select_option("#id_nominee", label=x.draft_proposal.nominee.name)  # already proposed for it this year
    page.select_option("#id_award_type", label=x.draft_proposal.award_type.name)
    page.check("input[name=mode][value=none]")
    submit(page, "Thêm đề nghị")


def proposal_votes(page, world: World, url: str) -> None:
    x = world.a.x
    go(page, url, reverse("meetings:proposal_votes", args=[x.draft.pk, x.draft_proposal.pk]))
    page.check("input[name=mode][value=tally]")
    page.fill("#id_votes_for", "")
    submit(page, "Lưu phiếu", skip_browser_checks=True)


def election(page, world: World, url: str) -> None:
    x = world.a.x
    go(page, url, reverse("meetings:election", args=[x.draft.pk]))
    page.select_option("#id_chair", label=x.agencies[2].name)
    page.select_option("#id_vice_chair", label=x.agencies[2].name)
    submit(page, "Lưu kết quả bầu")


def ranking(page, world: World, url: str) -> None:
    x = world.a.x
    go(page, url, reverse("meetings:ranking", args=[x.draft.pk]))
    page.fill(f"#id_{x.agencies[0].pk}-rank", "0")
    submit(page, "Lưu xếp hạng", skip_browser_checks=True)


def meeting_reopen(page, world: World, url: str) -> None:
    go(page, url, reverse("meetings:reopen", args=[world.a.x.meeting.pk]))
    page.fill("#id_reason", "")
    submit(page, "Mở lại hội nghị", skip_browser_checks=True)


YEARS = "1945"  # years run from 1945
DATE = "ngày/tháng/năm"
REQUIRED = "bắt buộc"
SAME = "hai đơn vị khác nhau"

# Grid cells: {a0}-{c0} is the cell of bloc X's first agency and the pledge's first criterion.
FORMS = [
    Form("thêm thành viên", "board", membership_add, {"id_to_year": "không được trước năm bắt đầu"}),
    Form("kết thúc thành viên", "board", membership_end, {"id_to_year": "không được trước năm bắt đầu"}),
    Form("thêm cơ quan, đơn vị", "board", agency_create, {"id_code": "Mã chỉ gồm", "id_name": "cùng tên"}),
    Form("tạo khối", "board", bloc_create, {"id_code": "Mã chỉ gồm", "id_symbol": "Ký hiệu chỉ gồm"}),
    Form("thêm người dùng", "board", user_create, {"id_email": "email"}),
    Form("thêm hình thức khen thưởng", "board", award_type_create, {"id_code": "đã có trong tỉnh"}),
    Form("thêm căn cứ pháp lý", "board", legal_basis_create, {"id_valid_from": DATE, "id_title": REQUIRED}),
    Form("phân công thư ký", "board", secretary_add, {"id_year": YEARS}),
    Form("hình thức khen thưởng", "board", award_type_update, {"id_ratio": "Nhập tỷ lệ", "id_name": REQUIRED}),
    Form("quyết định khen thưởng", "board", decision_create, {"id_number": "đã có", "id_signed_on": REQUIRED}),
    Form("nhập dữ liệu", "board", import_upload, {"id_document": "không phải là tài liệu JSON"}),
    Form("tạo giao ước", "board", pledge_create_form, {"id_signed_on": DATE, "id_criteria-0-max_points": "Nhập số"}),
    Form("mở lại hội nghị", "board", meeting_reopen, {"id_reason": "Cần ghi rõ lý do"}),
    Form("trưởng, phó khối năm sau", "secretary", leadership_override, {"id_vice_chair": SAME}),
    Form("tiêu chí giao ước", "secretary", pledge_criteria, {"id_criteria-1-code": "Mã tiêu chí đã có"}),
    Form("bảng chấm điểm", "secretary", pledge_scores, {"{a0}-{c0}": "vượt quá điểm tối đa", "{a1}-{c1}": "số điểm"}),
    Form("chữ ký giao ước", "secretary", pledge_signatures, {"id_signed_on": DATE, "{a3}-signed_on": DATE}),
    Form("tạo hội nghị", "secretary", meeting_create, {"id_held_on": DATE, "id_year": YEARS}),
    Form("thông tin chung hội nghị", "secretary", meeting_update, {"id_held_on": "trong năm thi đua"}),
    Form("thành phần hội nghị", "secretary", meeting_people, {"id_guests-0-organization": "cần ghi cơ quan, tổ chức"}),
    Form("thêm đề nghị", "secretary", proposal_add, {"id_nominee": "đã được đề nghị"}),
    Form("phiếu của đề nghị", "secretary", proposal_votes, {"id_votes_for": "số phiếu đồng ý"}),
    Form("bầu trưởng, phó khối", "secretary", election, {"id_vice_chair": SAME}),
    Form("xếp hạng", "secretary", ranking, {"{a0}-rank": "từ 1 trở lên"}),
    Form("đăng nhập", "anonymous", login_form, {"id_username": REQUIRED}),
    Form("quên mật khẩu", "anonymous", password_reset, {"id_email": "email"}),
    Form("đặt mật khẩu", "anonymous", set_password, {"id_new_password2": "không giống"}),
    Form(
        "đổi mật khẩu",
        "member",
        password_change,
        {"id_old_password": "không chính xác", "id_new_password2": "không giống"},
    ),
]


@pytest.fixture
def world(transactional_db) -> World:
    world = build_world()
    add_next_pledge(world)
    return world


def field_id(template: str, world: World) -> str:
    """The id of a field: ``id_…`` as is; ``{a0}-{c0}`` and the like, of bloc X's agencies and criteria."""
    x = world.a.x
    criteria = list(x.pledge.criteria.order_by("position"))
    names = {f"a{i}": agency.pk for i, agency in enumerate(x.agencies)} | {
        f"c{i}": c.pk for i, c in enumerate(criteria)
    }
    return template if template.startswith("id_") else "id_" + template.format(**names)


def message_beside(page, field: str) -> tuple[str | None, str]:
    """The text of the field's ``invalid-feedback`` and, if it is not shown just under the field, why."""
    control = page.locator(f"[id='{field}']")
    error = page.locator(f"[id='{field}_error']")
    if control.count() != 1:
        return None, f"no field #{field} on the page"
    if error.count() != 1:
        return None, "no message beside the field"
    if "invalid-feedback" not in (error.get_attribute("class") or ""):
        return None, "the message is not the field's invalid-feedback"
    if not error.is_visible():
        return None, "the message is hidden"
    text = " ".join(error.inner_text().split())
    box, under = control.bounding_box(), error.bounding_box()
    gap = under["y"] - (box["y"] + box["height"])
    overlap = min(box["x"] + box["width"], under["x"] + under["width"]) - max(box["x"], under["x"])
    if not (-1 <= gap <= 40 and overlap > 0):
        return text, f"the message is not just under the field (gap {gap:.0f}px, overlap {overlap:.0f}px)"
    return text, ""


def try_forms(page_of, world: World, live_server, forms: list[Form]) -> list[str]:
    """Fill and submit each form; what is wrong: messages missing or misplaced, and the page with the
    messages having a critical or serious accessibility violation."""
    failures = []
    for form in forms:
        page = page_of(form.user)
        try:
            form.fill(page, world, live_server.url)
        except (AssertionError, PlaywrightError) as error:  # a page or field missing: the other forms still run
            failures.append(f"{form.name}: could not be filled in: {error}")
            continue
        for template, words in form.expected.items():
            field = field_id(template, world)
            text, problem = message_beside(page, field)
            if problem:
                failures.append(f"{form.name} #{field}: {problem} ({text!r})")
            elif words.lower() not in text.lower():
                failures.append(f"{form.name} #{field}: expected a message with {words!r}, got {text!r}")
        for violation in serious_violations(page):
            failures.append(
                f"{form.name}, with its messages: [{violation['impact']}] {violation['id']}: "
                f"{violation['help']} ({', '.join(violation['nodes'])})"
            )
    return failures


@pytest.fixture
def page_of(browser, login, live_server, world):
    """``page_of(user)``: that user's page, logged in once (one context per user)."""
    pages = {}

    def page_of(user: str):
        if user not in pages:
            context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
            context.set_default_timeout(10_000)
            serve_axe(context, live_server.url)
            pages[user] = context.new_page()
            if user != "anonymous":
                login(pages[user], live_server, world.users[user].username)
        return pages[user]

    yield page_of
    for page in pages.values():
        page.context.close()


@pytest.mark.parametrize("user", ["board", "secretary", "anonymous", "member"])
def test_invalid_data_shows_a_vietnamese_message_beside_the_field(page_of, world, live_server, user):
    failures = try_forms(page_of, world, live_server, [form for form in FORMS if form.user == user])
    assert not failures, "\n".join(failures)
