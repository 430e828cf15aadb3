"""Board work on a bloc: add, end and remove memberships; assign and withdraw secretaries."""

import pytest
from django.urls import reverse

from blocs.models import Membership, SecretaryAssignment
from blocs.services import membership_records
from core.tests.html import error_text
from meetings.models import Proposal
from members.tests.factories import AgencyFactory
from portal.tests.blocs_world import ROLES, body, build_world, field_error, propose, year_end

pytestmark = pytest.mark.django_db

# Anyone but the bloc's own board staff gets 404 on board pages, as for a bloc they cannot see.
EXPECTED_GET = {
    "other_province_staff": 404, "non_member": 404, "member": 404, "secretary": 404, "board": 200,
}  # fmt: skip


@pytest.fixture
def world():
    world = build_world()
    world.newcomer = AgencyFactory(organizer=world.province, name="Sở Khoa học và Công nghệ")
    world.assignment = SecretaryAssignment.objects.create(bloc=world.bloc, year=2026, user=world.users["member"])
    return world


def membership_of(world, index: int) -> Membership:
    return Membership.objects.get(bloc=world.bloc, agency=world.members[index])


def board_urls(world) -> dict[str, str]:
    pk = world.bloc.pk
    clean = membership_of(world, 5)  # Ban Dân tộc: no record names it
    return {
        "membership_add": reverse("blocs:membership_add", kwargs={"pk": pk}),
        "membership_end": reverse("blocs:membership_end", kwargs={"pk": pk, "membership_pk": clean.pk}),
        "membership_delete": reverse("blocs:membership_delete", kwargs={"pk": pk, "membership_pk": clean.pk}),
        "secretary_add": reverse("blocs:secretary_add", kwargs={"pk": pk}),
        "secretary_delete": reverse("blocs:secretary_delete", kwargs={"pk": pk, "assignment_pk": world.assignment.pk}),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name", ["membership_add", "membership_end", "membership_delete", "secretary_add", "secretary_delete"]
)
def test_board_pages_answer_by_role(world, role, name):
    target = board_urls(world)[name]
    response = world.client(role).get(target)
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == EXPECTED_GET[role]


@pytest.mark.parametrize("role", ["other_province_staff", "non_member", "member", "secretary"])
def test_posts_by_non_board_change_nothing(world, role):
    urls = board_urls(world)
    client = world.client(role)
    assert client.post(urls["membership_add"], {"agency": world.newcomer.pk, "from_year": 2026}).status_code == 404
    assert client.post(urls["membership_end"], {"to_year": 2025}).status_code == 404
    assert client.post(urls["membership_delete"]).status_code == 404
    assert client.post(urls["secretary_delete"]).status_code == 404
    assert not Membership.objects.filter(agency=world.newcomer).exists()
    assert membership_of(world, 5).to_year is None
    assert SecretaryAssignment.objects.filter(pk=world.assignment.pk).exists()


def test_a_membership_of_another_bloc_is_404_through_this_bloc(world):
    other = Membership.objects.filter(bloc=world.other_bloc).first()
    target = reverse("blocs:membership_delete", kwargs={"pk": world.bloc.pk, "membership_pk": other.pk})
    assert world.client("board").get(target).status_code == 404


def test_board_pages_of_another_province_are_404(world):
    target = reverse("blocs:membership_add", kwargs={"pk": world.foreign_bloc.pk})
    assert world.client("board").get(target).status_code == 404


# --- Adding ---------------------------------------------------------------------------------------------


def test_board_adds_an_agency_from_a_year(world):
    response = world.client("board").post(
        board_urls(world)["membership_add"], {"agencies": [world.newcomer.pk], "from_year": 2026, "to_year": ""}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("blocs:detail", kwargs={"pk": world.bloc.pk}))
    membership = Membership.objects.get(bloc=world.bloc, agency=world.newcomer)
    assert (membership.from_year, membership.to_year) == (2026, None)


def test_adding_for_overlapping_years_names_the_agency_above_the_list(world):
    response = world.client("board").post(
        board_urls(world)["membership_add"], {"agencies": [world.members[1].pk], "from_year": 2020}
    )
    assert response.status_code == 200
    message = error_text(body(response), "id_agencies_error")
    assert f"{world.members[1].name} đã là thành viên của khối trong một phần các năm này" in message


def test_end_before_start_shows_the_message_beside_the_end_year(world):
    response = world.client("board").post(
        board_urls(world)["membership_add"], {"agencies": [world.newcomer.pk], "from_year": 2026, "to_year": 2020}
    )
    assert response.status_code == 200
    assert "Năm kết thúc không được trước năm bắt đầu." in field_error(body(response), "to_year")


def test_an_agency_of_another_province_is_not_offered(world):
    response = world.client("board").post(
        board_urls(world)["membership_add"], {"agencies": [world.foreign_agency.pk], "from_year": 2026}
    )
    assert response.status_code == 200
    assert "không có trong danh sách của tỉnh" in error_text(body(response), "id_agencies_error")
    assert "Tỉnh Khác" not in body(world.client("board").get(board_urls(world)["membership_add"]))


def test_a_missing_year_is_reported_in_vietnamese(world):
    response = world.client("board").post(board_urls(world)["membership_add"], {"agencies": [world.newcomer.pk]})
    assert "Trường này là bắt buộc." in field_error(body(response), "from_year")


# --- Ending ---------------------------------------------------------------------------------------------


def test_board_ends_a_membership(world):
    response = world.client("board").post(board_urls(world)["membership_end"], {"to_year": 2025})
    assert response.status_code == 302
    assert membership_of(world, 5).to_year == 2025


def test_ending_before_records_of_later_years_is_refused_beside_the_field(world):
    # Cục Thuế (members[3]) was proposed for 2025: its membership cannot end in 2024.
    membership = membership_of(world, 3)
    target = reverse("blocs:membership_end", kwargs={"pk": world.bloc.pk, "membership_pk": membership.pk})
    response = world.client("board").post(target, {"to_year": 2024})
    assert response.status_code == 200
    message = field_error(body(response), "to_year")
    assert "Không thể kết thúc ở năm 2024" in message and "2 đề nghị khen thưởng" in message
    membership.refresh_from_db()
    assert membership.to_year is None


def test_ending_before_it_started_is_refused(world):
    response = world.client("board").post(board_urls(world)["membership_end"], {"to_year": 2010})
    assert "Năm kết thúc không được trước năm bắt đầu." in field_error(body(response), "to_year")


# --- Removing -------------------------------------------------------------------------------------------


def test_removal_asks_for_confirmation_first(world):
    response = world.client("board").get(board_urls(world)["membership_delete"])
    assert response.status_code == 200
    assert "Xoá thành viên" in body(response)
    assert Membership.objects.filter(pk=membership_of(world, 5).pk).exists()


def test_board_removes_a_mistaken_membership(world):
    membership = membership_of(world, 5)
    response = world.client("board").post(board_urls(world)["membership_delete"])
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_removal_is_refused_while_records_reference_it(world):
    membership = membership_of(world, 3)  # proposed twice in 2025
    target = reverse("blocs:membership_delete", kwargs={"pk": world.bloc.pk, "membership_pk": membership.pk})
    page = body(world.client("board").get(target))
    main = page.split("<main")[1].split("</main>")[0]  # the footer's language switch has a button
    assert "Không thể xoá" in page and "2 đề nghị khen thưởng" in page and 'type="submit"' not in main
    response = world.client("board").post(target)
    assert response.status_code == 200
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_records_that_reference_a_membership(world):
    chair = membership_of(world, 0)
    assert "2 nhiệm kỳ trưởng, phó khối" in membership_records(
        bloc=world.bloc, agency=chair.agency, from_year=chair.from_year, to_year=None
    )
    meeting = year_end(world.bloc, 2019)
    propose(meeting, world.members[5], "TTLDXS", Proposal.Outcome.FAILED)
    assert membership_records(bloc=world.bloc, agency=world.members[5], from_year=2017, to_year=2018) == []
    assert membership_records(bloc=world.bloc, agency=world.members[5], from_year=2019, to_year=2019) == [
        "1 đề nghị khen thưởng"
    ]


# --- Secretaries ----------------------------------------------------------------------------------------


def test_board_assigns_a_secretary(world):
    user = world.users["non_member"]
    response = world.client("board").post(board_urls(world)["secretary_add"], {"year": 2026, "user": user.pk})
    assert response.status_code == 302
    assert SecretaryAssignment.objects.filter(bloc=world.bloc, year=2026, user=user).exists()


def test_assigning_twice_shows_the_message_beside_the_user(world):
    response = world.client("board").post(
        board_urls(world)["secretary_add"], {"year": 2026, "user": world.users["member"].pk}
    )
    assert response.status_code == 200
    assert "đã được phân công làm thư ký khối trong năm này" in field_error(body(response), "user")


def test_only_users_of_the_province_are_offered(world):
    html = body(world.client("board").get(board_urls(world)["secretary_add"]))
    assert world.users["member"].username in html
    assert world.users["other_province_staff"].username not in html
    response = world.client("board").post(
        board_urls(world)["secretary_add"], {"year": 2026, "user": world.users["other_province_staff"].pk}
    )
    assert "Hãy chọn" in field_error(body(response), "user")


def test_withdrawing_a_secretary_asks_then_removes(world):
    client = world.client("board")
    assert "Thôi phân công" in body(client.get(board_urls(world)["secretary_delete"]))
    assert SecretaryAssignment.objects.filter(pk=world.assignment.pk).exists()
    assert client.post(board_urls(world)["secretary_delete"]).status_code == 302
    assert not SecretaryAssignment.objects.filter(pk=world.assignment.pk).exists()


def test_board_pages_leak_nothing_of_other_blocs_or_provinces(world):
    client = world.client("board")
    for name, target in board_urls(world).items():
        html = body(client.get(target))
        assert "Tỉnh Khác" not in html, name
        # The add pages list every agency or user of the province; the others are about bloc A alone.
        if name in ("membership_end", "membership_delete", "secretary_delete"):
            assert "Bí mật" not in html, name
