"""Several agencies join a bloc in one submission: ticked in a filtered list, all added or none, each refusal
naming its agency."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from blocs.models import Membership
from blocs.services import memberships_add
from core.tests.html import error_text
from history.models import AuditEntry
from members.tests.factories import AgencyFactory
from portal.tests.blocs_world import body, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    world.newcomers = [
        AgencyFactory(organizer=world.province, name=name)
        for name in ("Sở Khoa học và Công nghệ", "Sở Y tế", "Sở Giáo dục và Đào tạo")
    ]
    return world


def add_url(world) -> str:
    return reverse("blocs:membership_add", kwargs={"pk": world.bloc.pk})


# The service


def test_the_agencies_join_from_the_year_each_with_its_history_entry(world):
    added = memberships_add(bloc=world.bloc, agencies=world.newcomers, from_year=2027, to_year=2030)
    assert {(m.agency, m.from_year, m.to_year) for m in added} == {(a, 2027, 2030) for a in world.newcomers}
    assert Membership.objects.filter(bloc=world.bloc, agency__in=world.newcomers).count() == 3
    created = AuditEntry.objects.filter(bloc_id=world.bloc.pk, action=AuditEntry.Action.CREATE)
    assert created.count() == 3 and all(entry.organizer_id == world.province.pk for entry in created)


def test_one_refused_agency_adds_none_and_each_refusal_names_its_agency(world):
    agencies = [*world.newcomers, world.members[0], world.foreign_agency]
    with pytest.raises(ValidationError) as refused:
        memberships_add(bloc=world.bloc, agencies=agencies, from_year=2020)
    messages = refused.value.message_dict["agencies"]
    assert messages == [
        "Sở Tài chính đã là thành viên của khối trong một phần các năm này.",
        "Sở Tài chính Tỉnh Khác: Cơ quan phải thuộc cùng tỉnh với khối.",
    ]
    assert not Membership.objects.filter(agency__in=world.newcomers).exists()


def test_an_agency_ticked_twice_joins_once(world):
    added = memberships_add(bloc=world.bloc, agencies=[world.newcomers[0]] * 2, from_year=2027)
    assert len(added) == 1


@pytest.mark.parametrize(
    ("agencies", "from_year", "to_year", "field", "message"),
    [
        (False, 2027, None, "agencies", "Hãy chọn ít nhất một cơ quan, đơn vị."),
        (True, 2027, 2020, "to_year", "Năm kết thúc không được trước năm bắt đầu."),
        (True, 1800, None, "from_year", "1945"),
    ],
)
def test_years_and_an_empty_choice_are_refused_once(world, agencies, from_year, to_year, field, message):
    with pytest.raises(ValidationError) as refused:
        memberships_add(
            bloc=world.bloc, agencies=world.newcomers if agencies else [], from_year=from_year, to_year=to_year
        )
    (refusal,) = refused.value.message_dict[field]
    assert message in refusal


# The page


def test_board_ticks_several_agencies_in_one_submission(world):
    client = world.client("board")
    response = client.post(
        add_url(world), {"agencies": [a.pk for a in world.newcomers], "from_year": 2027, "to_year": ""}
    )
    assert response.status_code == 302
    assert set(Membership.objects.filter(bloc=world.bloc, from_year=2027).values_list("agency", flat=True)) == {
        a.pk for a in world.newcomers
    }
    page = body(client.get(response["Location"]))
    assert "Đã thêm 3 đơn vị vào khối từ năm 2027" in page and "Sở Y tế" in page


def test_a_refused_submission_keeps_the_ticks_and_adds_nobody(world):
    chosen = [world.newcomers[0].pk, world.members[1].pk]
    response = world.client("board").post(add_url(world), {"agencies": chosen, "from_year": 2025})
    assert response.status_code == 200
    html = body(response)
    assert "Sở Nội vụ đã là thành viên của khối" in error_text(html, "id_agencies_error")
    assert len(re.findall(r"<input[^>]* checked", html)) == 2
    assert not Membership.objects.filter(agency=world.newcomers[0]).exists()


def test_the_list_offers_the_province_agencies_marks_current_members_and_has_a_filter(world):
    html = body(world.client("board").get(add_url(world)))
    assert "Sở Y tế" in html and "Trung tâm Lẻ loi" in html and "Tỉnh Khác" not in html
    assert "Sở Tài chính — đang là thành viên" in html
    assert 'data-filter-text="so y te ' in html and "js/checklist-filter.js" in html
    assert 'data-filter-list="id_agencies_list"' in html


def test_the_page_reads_a_fixed_number_of_queries_whatever_the_number_of_agencies(world, django_assert_max_num_queries):
    client = world.client("board")
    client.get(add_url(world))
    with django_assert_max_num_queries(10):
        client.get(add_url(world))
    for n in range(60):
        AgencyFactory(organizer=world.province, name=f"Phòng Thử {n}")
    with django_assert_max_num_queries(10):
        assert "Phòng Thử 59" in body(client.get(add_url(world)))


def test_a_huge_id_is_refused_as_invalid_before_any_query(world):
    response = world.client("board").post(add_url(world), {"agencies": [str(2**64)], "from_year": 2027})
    assert response.status_code == 200
    assert "không hợp lệ" in error_text(body(response), "id_agencies_error")
