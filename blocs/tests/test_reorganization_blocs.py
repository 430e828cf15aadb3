"""Blocs over the 2025 reorganization: members moved to another bloc in one step, a bloc ended with its successor
(also one of the province it was merged into), clusters of communes and wards, and an agency's successor in
another province."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from blocs.models import Bloc, Membership
from blocs.services import bloc_successor_set, memberships_move
from blocs.tests.factories import BlocFactory
from core.tests.html import error_text
from history.models import AuditEntry
from members.models import Agency, User
from members.services import organizer_merge
from members.tests.factories import AgencyFactory, OrganizerFactory, UserFactory
from portal.tests.blocs_world import body, build_world

pytestmark = pytest.mark.django_db

MERGED_ON = datetime.date(2025, 7, 1)


@pytest.fixture
def world():
    return build_world()


def move_url(bloc: Bloc, year: int | None = None) -> str:
    url = reverse("blocs:memberships_move", kwargs={"pk": bloc.pk})
    return f"{url}?year={year}" if year else url


def successor_url(bloc: Bloc) -> str:
    return reverse("blocs:bloc_successor", kwargs={"pk": bloc.pk})


def detail_url(bloc: Bloc) -> str:
    return reverse("blocs:detail", kwargs={"pk": bloc.pk})


def years(bloc: Bloc, agency: Agency) -> list[tuple[int, int | None]]:
    return list(
        Membership.objects.filter(bloc=bloc, agency=agency).order_by("from_year").values_list("from_year", "to_year")
    )


# -- moving members ------------------------------------------------------------------------------------------


def test_board_moves_ticked_members_to_another_bloc_of_the_province_from_a_year(world):
    client = world.client("board")
    html = body(client.get(move_url(world.bloc, 2027)))
    assert all(m.name in html for m in world.members) and world.lone_agency.name not in html
    assert world.other_bloc.name in html and world.foreign_bloc.name not in html

    moving = world.members[4:]
    response = client.post(
        move_url(world.bloc),
        {"target": world.other_bloc.pk, "from_year": 2027, "agencies": [a.pk for a in moving]},
    )

    assert response.status_code == 302 and response["Location"].endswith("#thanh-vien")
    for agency in moving:
        assert years(world.bloc, agency) == [(2017, 2026)]
        assert years(world.other_bloc, agency) == [(2027, None)]
    assert years(world.bloc, world.members[3]) == [(2017, None)]
    assert AuditEntry.objects.filter(actor=world.users["board"]).count() == 2 * len(moving)


def test_a_move_refused_for_one_agency_moves_none_and_says_why(world):
    # Sở Tài chính chairs the bloc in 2026: its membership cannot end in 2025.
    response = world.client("board").post(
        move_url(world.bloc),
        {"target": world.other_bloc.pk, "from_year": 2026, "agencies": [world.members[0].pk, world.members[5].pk]},
    )

    assert response.status_code == 200
    assert "Sở Tài chính" in error_text(body(response), "id_agencies_error")
    assert "nhiệm kỳ trưởng, phó khối" in error_text(body(response), "id_agencies_error")
    assert years(world.bloc, world.members[5]) == [(2017, None)]
    assert not Membership.objects.filter(bloc=world.other_bloc, agency__in=world.members).exists()


def test_only_the_members_of_the_year_may_be_ticked(world):
    response = world.client("board").post(
        move_url(world.bloc),
        {"target": world.other_bloc.pk, "from_year": 2027, "agencies": [world.lone_agency.pk]},
    )

    assert "không là thành viên của khối" in error_text(body(response), "id_agencies_error")
    assert not Membership.objects.filter(agency=world.lone_agency).exists()


def test_a_bloc_of_another_province_is_no_target(world):
    response = world.client("board").post(
        move_url(world.bloc),
        {"target": world.foreign_bloc.pk, "from_year": 2027, "agencies": [world.members[5].pk]},
    )

    assert "Hãy chọn một khối, cụm khác của tỉnh" in error_text(body(response), "id_target_error")
    assert years(world.bloc, world.members[5]) == [(2017, None)]


def test_a_membership_that_was_to_end_keeps_its_last_year_in_the_new_bloc(world):
    ending, staying = world.members[4], world.members[5]
    Membership.objects.filter(bloc=world.bloc, agency=ending).update(to_year=2030)

    memberships_move(source=world.bloc, target=world.other_bloc, agencies=[ending, staying], from_year=2027)

    assert years(world.other_bloc, ending) == [(2027, 2030)]
    assert years(world.other_bloc, staying) == [(2027, None)]
    assert years(world.bloc, ending) == years(world.bloc, staying) == [(2017, 2026)]


def test_the_move_page_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = world.client("board")
    client.get(move_url(world.bloc, 2027))
    with django_assert_max_num_queries(9) as few:
        client.get(move_url(world.bloc, 2027))
    more = [AgencyFactory(organizer=world.province) for _ in range(30)]
    Membership.objects.bulk_create(Membership(bloc=world.bloc, agency=a, from_year=2020) for a in more)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert more[-1].name in body(client.get(move_url(world.bloc, 2027)))


# -- the successor bloc --------------------------------------------------------------------------------------


def test_the_successor_is_refused_while_members_remain_then_set_once_they_moved(world):
    client = world.client("board")
    data = {"successor": world.other_bloc.pk, "from_year": 2027}

    refused = client.post(successor_url(world.bloc), data)
    assert "Khối còn thành viên từ năm 2027" in error_text(body(refused), "id_from_year_error")
    assert Bloc.objects.get(pk=world.bloc.pk).successor is None

    memberships_move(source=world.bloc, target=world.other_bloc, agencies=world.members, from_year=2027)
    response = client.post(successor_url(world.bloc), data)

    assert response.status_code == 302
    bloc = Bloc.objects.get(pk=world.bloc.pk)
    assert (bloc.successor, bloc.successor_from_year) == (world.other_bloc, 2027)
    html = body(client.get(detail_url(world.bloc)))
    assert "Kế tục bởi" in html and f'href="{detail_url(world.other_bloc)}"' in html
    html = body(client.get(detail_url(world.other_bloc)))
    assert "Kế tục" in html and f'href="{detail_url(world.bloc)}"' in html


def test_a_chain_of_successors_leading_back_to_the_bloc_is_refused(world):
    first, second = BlocFactory(organizer=world.province), BlocFactory(organizer=world.province)
    bloc_successor_set(bloc=first, successor=second, from_year=2026)

    response = world.client("board").post(successor_url(second), {"successor": first.pk, "from_year": 2027})

    assert "Chuỗi kế tục tạo thành vòng lặp." in body(response)
    assert Bloc.objects.get(pk=second.pk).successor is None


def test_an_empty_form_clears_the_successor(world):
    ended = BlocFactory(organizer=world.province)
    bloc_successor_set(bloc=ended, successor=world.other_bloc, from_year=2026)

    response = world.client("board").post(successor_url(ended), {"successor": "", "from_year": ""})

    assert response.status_code == 302
    ended.refresh_from_db()
    assert (ended.successor, ended.successor_from_year) == (None, None)


def test_a_member_of_the_successor_does_not_see_a_predecessor_it_cannot_open(world):
    ended = BlocFactory(organizer=world.province, name="Khối thi đua Đã giải thể")
    bloc_successor_set(bloc=ended, successor=world.bloc, from_year=2026)

    html = body(world.client("member").get(detail_url(world.bloc)))
    assert "Đã giải thể" not in html
    assert "Đã giải thể" in body(world.client("board").get(detail_url(world.bloc)))


def test_the_successor_may_be_a_bloc_of_the_province_this_one_was_merged_into(world):
    successor_province = world.foreign_bloc.organizer
    organizer_merge(organizer=world.province, into=successor_province, on=MERGED_ON)
    ended = BlocFactory(organizer=world.province, name="Cụm thi đua huyện Cũ", kind=Bloc.Kind.CLUSTER)
    elsewhere = BlocFactory(organizer=OrganizerFactory(), name="Khối thi đua Xa lạ")
    client = world.client("board")

    html = body(client.get(successor_url(ended)))
    assert world.foreign_bloc.name in html and successor_province.name in html and "Xa lạ" not in html
    refused = client.post(successor_url(ended), {"successor": elsewhere.pk, "from_year": 2026})
    assert "Hãy chọn" in error_text(body(refused), "id_successor_error")

    response = client.post(successor_url(ended), {"successor": world.foreign_bloc.pk, "from_year": 2026})

    assert response.status_code == 302
    ended.refresh_from_db()
    assert ended.successor == world.foreign_bloc
    # The predecessor's board names the successor without a link (they do not read that province); the
    # successor province's board reads both and follows the link back.
    html = body(client.get(detail_url(ended)))
    assert world.foreign_bloc.name in html and f'href="{detail_url(world.foreign_bloc)}"' not in html
    successor_board = UserFactory(role=User.Role.BOARD_STAFF, organizer=successor_province)
    html = body(_logged_in(successor_board).get(detail_url(world.foreign_bloc)))
    assert f'href="{detail_url(ended)}"' in html and ended.name in html


def _logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# -- clusters of communes and wards --------------------------------------------------------------------------


def test_a_cluster_of_communes_and_wards_is_a_kind_of_its_own(world):
    response = world.client("board").post(
        reverse("blocs:bloc_create"),
        {"code": "CUM-XP-3", "name": "Cụm thi đua xã, phường số 3", "short_name": "", "kind": "commune_cluster"},
    )

    assert response.status_code == 302
    bloc = Bloc.objects.get(organizer=world.province, code="CUM-XP-3")
    assert bloc.kind == Bloc.Kind.COMMUNE_CLUSTER and bloc.symbol.startswith("CTĐ-")
    assert "Cụm thi đua xã, phường" in body(world.client("board").get(detail_url(bloc)))


# -- an agency's successor in another province ----------------------------------------------------------------


def test_the_successor_agency_is_offered_from_the_provinces_of_the_merger_only(world):
    merged_in = OrganizerFactory(name="Ủy ban nhân dân tỉnh Nhập vào")
    successor_province = OrganizerFactory(name="Ủy ban nhân dân tỉnh Kế tục")
    organizer_merge(organizer=merged_in, into=world.province, on=MERGED_ON)
    organizer_merge(organizer=world.province, into=successor_province, on=MERGED_ON)
    offered = [AgencyFactory(organizer=o, name=f"Sở Nội vụ {o.name}") for o in (merged_in, successor_province)]

    html = body(world.client("board").get(reverse("blocs:agency_update", kwargs={"pk": world.members[4].pk})))

    assert all(f"{a.name} — {a.organizer.name}" in html for a in offered)
    assert world.lone_agency.name in html and world.foreign_agency.name not in html


def test_a_successor_in_another_province_ends_the_memberships_and_joins_no_bloc(world):
    successor_province = world.foreign_bloc.organizer
    organizer_merge(organizer=world.province, into=successor_province, on=MERGED_ON)
    merged, successor = world.members[4], world.foreign_agency
    client = world.client("board")

    response = client.post(
        reverse("blocs:agency_update", kwargs={"pk": merged.pk}),
        {"code": merged.code, "name": merged.name, "short_name": "", "successor": successor.pk, "until": "30/06/2027"},
    )

    assert response.status_code == 302
    merged.refresh_from_db()
    assert merged.successor == successor
    assert years(world.bloc, merged) == [(2017, 2026)]
    assert not Membership.objects.filter(bloc__organizer=world.province, agency=successor).exists()
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert "thuộc tỉnh khác" in message and "năm 2026" in message


# -- the admin -----------------------------------------------------------------------------------------------


def _admin_data(bloc: Bloc, **changes) -> dict:
    data = {
        "organizer": bloc.organizer_id, "code": bloc.code, "name": bloc.name, "short_name": bloc.short_name,
        "kind": bloc.kind, "symbol": bloc.symbol, "successor": "", "successor_from_year": "",
    }  # fmt: skip
    for prefix in ("memberships", "leaderships"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | changes


def test_the_admin_sets_a_successor_through_the_service(world, admin_client):
    ended = BlocFactory(organizer=world.province)
    url = reverse("admin:blocs_bloc_change", args=[ended.pk])

    response = admin_client.post(url, _admin_data(ended, successor=world.other_bloc.pk, successor_from_year=2026))

    assert response.status_code == 302
    ended.refresh_from_db()
    assert (ended.successor, ended.successor_from_year) == (world.other_bloc, 2026)
    entries = AuditEntry.objects.filter(object_id=ended.pk, content_type__model="bloc", action="update")
    assert [world.other_bloc.name in str(entry.changes) for entry in entries] == [True]


def test_the_admin_refuses_a_successor_while_members_remain(world, admin_client):
    bloc = BlocFactory(organizer=world.province)
    member = Membership.objects.create(bloc=bloc, agency=world.lone_agency, from_year=2020)
    url = reverse("admin:blocs_bloc_change", args=[bloc.pk])
    data = _admin_data(bloc, successor=world.other_bloc.pk, successor_from_year=2026)
    data |= {"memberships-TOTAL_FORMS": 1, "memberships-INITIAL_FORMS": 1, "memberships-0-id": member.pk}
    data |= {"memberships-0-bloc": bloc.pk, "memberships-0-agency": world.lone_agency.pk}
    data |= {"memberships-0-from_year": 2020, "memberships-0-to_year": ""}

    response = admin_client.post(url, data)

    assert response.status_code == 200 and "Khối còn thành viên từ năm 2026" in body(response)
    bloc.refresh_from_db()
    assert bloc.successor is None
