"""The province's agencies, set up by its board staff: the list (searched, paginated), adding, correcting, and
recording a successor (the agency's open memberships move to it)."""

import datetime

import pytest
from django.urls import reverse

from blocs.models import Membership
from blocs.services import agency_edit
from core.tests.html import error_text
from history.models import AuditEntry
from members.models import Agency
from members.tests.factories import AgencyFactory
from portal.tests.blocs_world import ROLES, body, build_world

pytestmark = pytest.mark.django_db

LIST = reverse("blocs:agency_list")
CREATE = reverse("blocs:agency_create")


@pytest.fixture
def world():
    return build_world()


def update_url(agency: Agency) -> str:
    return reverse("blocs:agency_update", kwargs={"pk": agency.pk})


def edit_data(agency: Agency, **changes) -> dict:
    return {"code": agency.code, "name": agency.name, "short_name": agency.short_name} | changes


# Who


@pytest.mark.parametrize("role", ROLES)
def test_only_board_staff_reach_the_agency_pages_each_of_their_own_province(world, role):
    for url in (LIST, CREATE, update_url(world.members[0])):
        response = world.client(role).get(url)
        if role == "anonymous":
            assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        elif role == "other_province_staff":
            assert response.status_code == (404 if url == update_url(world.members[0]) else 200)
            assert "Sở Nội vụ" not in body(response)
        else:
            assert response.status_code == (200 if role == "board" else 404), (url, role)


def test_an_agency_of_another_province_cannot_be_edited(world):
    assert world.client("board").get(update_url(world.foreign_agency)).status_code == 404
    response = world.client("board").post(update_url(world.foreign_agency), edit_data(world.foreign_agency, name="X"))
    assert response.status_code == 404
    assert Agency.objects.get(pk=world.foreign_agency.pk).name != "X"


# The list


def test_the_list_holds_the_province_agencies_in_vietnamese_order(world):
    html = body(world.client("board").get(LIST))
    names = [a.name for a in Agency.objects.filter(organizer=world.province)]
    assert all(name in html for name in names) and "Tỉnh Khác" not in html
    assert html.index("Ban Dân tộc") < html.index("Cục Thuế tỉnh") < html.index("Đơn vị Bí mật Ba")


def test_the_search_ignores_diacritics(world):
    html = body(world.client("board").get(LIST, {"q": "so tai chinh"}))
    assert "Sở Tài chính" in html and "Sở Nội vụ" not in html
    assert "Không tìm thấy" in body(world.client("board").get(LIST, {"q": "khong co don vi nay"}))


def test_the_list_is_paginated_and_keeps_the_search(world):
    for n in range(55):
        AgencyFactory(organizer=world.province, name=f"Phòng Thử {n:02d}", code=f"PT{n:02d}")
    first = body(world.client("board").get(LIST, {"q": "phong thu"}))
    assert "Trang 1/2" in first and "Phòng Thử 49" in first and "Phòng Thử 50" not in first
    assert "?q=phong%20thu&amp;page=2" in first
    second = body(world.client("board").get(LIST, {"q": "phong thu", "page": 2}))
    assert "Phòng Thử 54" in second and "Phòng Thử 00" not in second


def test_the_list_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = world.client("board")
    client.get(LIST)
    with django_assert_max_num_queries(8):
        client.get(LIST)
    successor = AgencyFactory(organizer=world.province, name="Sở Mới")
    for _ in range(40):
        AgencyFactory(organizer=world.province, successor=successor, until=datetime.date(2025, 6, 30))
    with django_assert_max_num_queries(8):
        assert "Đã sáp nhập" in body(client.get(LIST))


# Adding


def test_board_adds_an_agency_and_the_history_records_it(world):
    response = world.client("board").post(CREATE, {"code": "SO-KHCN", "name": "Sở Khoa học và Công nghệ"})
    assert response["Location"] == LIST
    agency = Agency.objects.get(organizer=world.province, code="SO-KHCN")
    assert AuditEntry.objects.filter(object_id=agency.pk, action=AuditEntry.Action.CREATE, object_repr=agency.name)


def test_save_and_add_another_opens_an_empty_form(world):
    response = world.client("board").post(CREATE, {"code": "SO-YT", "name": "Sở Y tế", "them-tiep": "1"})
    assert response["Location"] == CREATE


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"code": "SO TC", "name": "Sở Mới"}, "code", "Mã chỉ gồm chữ không dấu"),
        ({"code": "NEW", "name": "Sở Tài chính"}, "name", "Tỉnh đã có một cơ quan, đơn vị cùng tên."),
        ({"code": "NEW", "name": ""}, "name", "Trường này là bắt buộc."),
    ],
)
def test_a_refused_agency_is_explained_beside_the_field(world, data, field, message):
    count = Agency.objects.count()
    response = world.client("board").post(CREATE, data)
    assert response.status_code == 200
    assert message in error_text(body(response), f"id_{field}_error")
    assert Agency.objects.count() == count


def test_a_code_already_used_in_the_province_is_refused_beside_the_code(world):
    response = world.client("board").post(CREATE, {"code": world.members[0].code, "name": "Sở Mới"})
    assert "Mã cơ quan này đã có trong tỉnh." in error_text(body(response), "id_code_error")


# Correcting and succeeding


def test_board_corrects_the_names_and_the_code(world):
    agency = world.members[1]
    response = world.client("board").post(
        update_url(agency), edit_data(agency, code="SNV", name="Sở Nội vụ tỉnh", short_name="SNV")
    )
    assert response["Location"] == LIST
    agency.refresh_from_db()
    assert (agency.code, agency.name, agency.short_name) == ("SNV", "Sở Nội vụ tỉnh", "SNV")


def test_a_successor_takes_over_the_open_memberships_from_the_year_of_the_last_day(world):
    merged, successor = world.members[4], world.lone_agency
    response = world.client("board").post(
        update_url(merged), edit_data(merged, successor=successor.pk, until="30/06/2027")
    )
    assert response.status_code == 302
    merged.refresh_from_db()
    assert (merged.successor, merged.until) == (successor, datetime.date(2027, 6, 30))
    old = Membership.objects.get(bloc=world.bloc, agency=merged)
    new = Membership.objects.get(bloc=world.bloc, agency=successor)
    assert (old.to_year, new.from_year, new.to_year) == (2026, 2027, None)


def test_a_successor_without_a_last_day_is_refused_beside_the_day(world):
    agency = world.members[4]
    response = world.client("board").post(update_url(agency), edit_data(agency, successor=world.lone_agency.pk))
    assert "phải được nhập cùng nhau" in error_text(body(response), "id_until_error")
    assert Agency.objects.get(pk=agency.pk).successor is None


def test_the_successor_is_chosen_among_the_province_active_agencies(world):
    agency = world.members[4]
    html = body(world.client("board").get(update_url(agency)))
    assert world.lone_agency.name in html and "Tỉnh Khác" not in html
    response = world.client("board").post(
        update_url(agency), edit_data(agency, successor=world.foreign_agency.pk, until="30/06/2027")
    )
    assert response.status_code == 200 and "Hãy chọn" in error_text(body(response), "id_successor_error")


def test_a_recorded_succession_is_shown_not_edited_again(world):
    merged = world.members[4]
    agency_edit(
        agency=merged, code=merged.code, name=merged.name, short_name="", successor=world.lone_agency,
        until=datetime.date(2027, 6, 30),
    )  # fmt: skip
    html = body(world.client("board").get(update_url(merged)))
    assert "Đơn vị đã sáp nhập, đổi tên thành Trung tâm Lẻ loi" in html and 'name="successor"' not in html


def test_a_name_error_leaves_the_succession_unrecorded(world):
    merged = world.members[4]
    response = world.client("board").post(
        update_url(merged), edit_data(merged, name="Sở Tài chính", successor=world.lone_agency.pk, until="30/06/2027")
    )
    assert response.status_code == 200
    merged.refresh_from_db()
    assert merged.successor is None and merged.name == "Kho bạc Nhà nước tỉnh"
    assert not Membership.objects.filter(agency=world.lone_agency).exists()
