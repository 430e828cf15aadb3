"""Blocs and clusters created and edited by board staff: code, names, kind and the document symbol, suggested from
the name (by the server, for the form's script too) when none is typed."""

import pytest
from django.urls import reverse

from blocs.models import Bloc
from blocs.tests.factories import BlocFactory
from core.tests.html import error_text
from history.models import AuditEntry
from portal.tests.blocs_world import ROLES, body, build_world

pytestmark = pytest.mark.django_db

LIST = reverse("blocs:bloc_setup_list")
CREATE = reverse("blocs:bloc_create")
SUGGEST = reverse("blocs:symbol_suggest")


@pytest.fixture
def world():
    return build_world()


def update_url(bloc: Bloc) -> str:
    return reverse("blocs:bloc_update", kwargs={"pk": bloc.pk})


def bloc_data(**changes) -> dict:
    return {"code": "KT-KT", "name": "Khối thi đua Kinh tế - Kỹ thuật", "short_name": "", "kind": "bloc"} | changes


@pytest.mark.parametrize("role", ROLES)
def test_only_board_staff_reach_the_bloc_setup(world, role):
    for url, mine in ((LIST, False), (CREATE, False), (SUGGEST, False), (update_url(world.bloc), True)):
        response = world.client(role).get(url)
        if role == "anonymous":
            assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        elif role == "other_province_staff":
            assert response.status_code == (404 if mine else 200)
        else:
            assert response.status_code == (200 if role == "board" else 404), (url, role)


def test_the_list_shows_the_province_blocs_with_symbol_and_current_members(world, django_assert_max_num_queries):
    client = world.client("board")
    client.get(LIST)
    with django_assert_max_num_queries(7):
        html = body(client.get(LIST))
    assert world.bloc.name in html and world.bloc.symbol in html and "Tỉnh Khác" not in html
    for n in range(20):
        BlocFactory(organizer=world.province, name=f"Cụm thi đua số {n}", kind=Bloc.Kind.CLUSTER)
    with django_assert_max_num_queries(7):
        assert "Cụm thi đua số 19" in body(client.get(LIST))


def test_an_empty_symbol_is_the_one_the_name_suggests(world):
    response = world.client("board").post(CREATE, bloc_data(symbol=""))
    bloc = Bloc.objects.get(organizer=world.province, code="KT-KT")
    assert bloc.symbol == "KTĐ-KTKT"
    # Next: ticking the members.
    assert response["Location"] == reverse("blocs:membership_add", kwargs={"pk": bloc.pk})
    assert AuditEntry.objects.filter(bloc_id=bloc.pk, action=AuditEntry.Action.CREATE).exists()


def test_a_symbol_typed_in_lower_case_or_with_spaces_is_read_as_capitals(world):
    world.client("board").post(CREATE, bloc_data(kind="cluster", symbol=" ctđ - 2 "))
    assert Bloc.objects.get(code="KT-KT").symbol == "CTĐ-2"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"symbol": "KTĐ/KTKT"}, "symbol", "Ký hiệu chỉ gồm chữ in hoa không dấu"),
        ({"symbol": "KHỐI"}, "symbol", "Ký hiệu chỉ gồm chữ in hoa không dấu"),
        ({"kind": "khac"}, "kind", "Hãy chọn"),
        ({"code": "X Y"}, "code", "Mã chỉ gồm chữ không dấu"),
    ],
)
def test_a_refused_bloc_is_explained_beside_the_field(world, changes, field, message):
    count = Bloc.objects.count()
    response = world.client("board").post(CREATE, bloc_data(**changes))
    assert response.status_code == 200
    assert message in error_text(body(response), f"id_{field}_error")
    assert Bloc.objects.count() == count


def test_a_code_already_used_in_the_province_is_refused_beside_the_code(world):
    response = world.client("board").post(CREATE, bloc_data(code=world.bloc.code))
    assert "Mã khối này đã có trong tỉnh." in error_text(body(response), "id_code_error")
    # Another province's code is free here.
    world.client("board").post(CREATE, bloc_data(code=world.foreign_bloc.code))
    assert Bloc.objects.filter(organizer=world.province, code=world.foreign_bloc.code).exists()


def test_board_edits_a_bloc_and_the_history_records_it(world):
    response = world.client("board").post(
        update_url(world.bloc),
        bloc_data(code="TH", name="Cụm thi đua Tổng hợp", short_name="Cụm TH", kind="cluster", symbol="CTĐ-TH"),
    )
    assert response["Location"] == reverse("blocs:detail", kwargs={"pk": world.bloc.pk})
    world.bloc.refresh_from_db()
    assert (world.bloc.code, world.bloc.name, world.bloc.kind, world.bloc.symbol) == (
        "TH", "Cụm thi đua Tổng hợp", "cluster", "CTĐ-TH",
    )  # fmt: skip
    entry = AuditEntry.objects.get(bloc_id=world.bloc.pk, action=AuditEntry.Action.UPDATE, object_id=world.bloc.pk)
    assert entry.changes["ký hiệu văn bản"] == ["KTĐ", "CTĐ-TH"]


def test_the_edit_form_shows_the_current_symbol_and_asks_the_server_for_suggestions(world):
    html = body(world.client("board").get(update_url(world.bloc)))
    assert f'value="{world.bloc.symbol}"' in html
    assert f'data-symbol-suggest="{SUGGEST}"' in html and "js/bloc-symbol.js" in html


def test_the_bloc_page_offers_the_edit_to_board_staff_only(world):
    detail = reverse("blocs:detail", kwargs={"pk": world.bloc.pk})
    assert update_url(world.bloc) in body(world.client("board").get(detail))
    assert update_url(world.bloc) not in body(world.client("secretary").get(detail))


@pytest.mark.parametrize(
    ("query", "symbol"),
    [
        ({"name": "Khối thi đua Kinh tế - Kỹ thuật", "kind": "bloc"}, "KTĐ-KTKT"),
        ({"name": "Cụm thi đua số 2", "kind": "cluster"}, "CTĐ-2"),
        ({"name": "", "kind": "bloc"}, "KTĐ"),
        ({"name": "Khối Đảng", "kind": "không có"}, "KTĐ-Đ"),
    ],
)
def test_the_suggestion_is_the_server_rule(world, query, symbol):
    response = world.client("board").get(SUGGEST, query)
    assert response.json() == {"symbol": symbol}


def test_board_staff_find_the_setup_in_the_menu_and_a_create_button_on_the_home_page(world):
    board = body(world.client("board").get(reverse("home")))
    for url in (reverse("blocs:agency_list"), LIST, reverse("blocs:user_list"), reverse("awards:legal_basis_list")):
        assert f'href="{url}"' in board
    assert f'href="{CREATE}"' in board and "Thiết lập" in board
    secretary = body(world.client("secretary").get(reverse("home")))
    assert "Thiết lập" not in secretary and CREATE not in secretary
