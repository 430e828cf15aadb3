"""Recording a merger of provinces (``manage.py merge_province``, the organizers' admin) and the board's names over
time in the admin: each through its service (``organizer_merge``, ``board_names_set``), refusals shown."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.urls import reverse

from history.models import AuditEntry
from members.models import BoardName, Organizer, User
from members.services import board_names_set, organizer_merge
from members.tests.factories import OrganizerFactory, UserFactory

pytestmark = pytest.mark.django_db

JULY_2025 = datetime.date(2025, 7, 1)


@pytest.fixture
def kon_tum(db):
    return OrganizerFactory(code="KTM", name="Ủy ban nhân dân tỉnh Kon Tum")


@pytest.fixture
def quang_ngai(db):
    return OrganizerFactory(code="QNG", name="Ủy ban nhân dân tỉnh Quảng Ngãi")


def merge(*args: str) -> str:
    out = io.StringIO()
    call_command("merge_province", *args, stdout=out)
    return out.getvalue()


# -- the command


def test_the_command_records_the_merger_and_undoes_it(kon_tum, quang_ngai):
    said = merge("ktm", "QNG", "--from", "2025-07-01")
    kon_tum.refresh_from_db()
    assert (kon_tum.merged_into, kon_tum.merged_on) == (quang_ngai, JULY_2025)
    assert "Ủy ban nhân dân tỉnh Kon Tum sáp nhập vào Ủy ban nhân dân tỉnh Quảng Ngãi từ 01/07/2025" in said
    entry = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Organizer), object_id=kon_tum.pk)
    entry = entry.latest("pk")
    assert "Ủy ban nhân dân tỉnh Quảng Ngãi" in str(entry.changes)

    said = merge("KTM", "--undo")
    kon_tum.refresh_from_db()
    assert (kon_tum.merged_into, kon_tum.merged_on) == (None, None)
    assert "Đã bỏ ghi nhận" in said


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("KTM", "QNG"), "ngày sáp nhập (--from YYYY-MM-DD)"),
        (("KTM", "XYZ", "--from", "2025-07-01"), "Không có tỉnh mã XYZ."),
        (("KTM", "QNG", "--from", "1/7/2025"), "hãy ghi theo dạng YYYY-MM-DD"),
        (("KTM", "KTM", "--from", "2025-07-01"), "Một tỉnh không thể sáp nhập vào chính nó."),
        (("KTM", "--undo"), "chưa được ghi nhận sáp nhập"),
    ],
)
def test_the_command_refuses_in_vietnamese_and_changes_nothing(kon_tum, quang_ngai, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        merge(*args)
    kon_tum.refresh_from_db()
    assert kon_tum.merged_into is None


def test_the_command_refuses_a_loop(kon_tum, quang_ngai):
    organizer_merge(organizer=quang_ngai, into=kon_tum, on=JULY_2025)
    with pytest.raises(CommandError, match="vòng lặp"):
        merge("KTM", "QNG", "--from", "2025-07-01")
    assert Organizer.objects.get(pk=kon_tum.pk).merged_into is None


# -- the admin


def change_url(organizer: Organizer) -> str:
    return reverse("admin:members_organizer_change", args=[organizer.pk])


def organizer_post(organizer: Organizer, names: list[tuple[str, str, str]] = (), stored: int = 0, **fields) -> dict:
    data = {
        "code": organizer.code, "name": organizer.name, "short_name": organizer.short_name,
        "place_name": organizer.place_name, "board_name": organizer.board_name, "_save": "1",
        "board_names-TOTAL_FORMS": len(names), "board_names-INITIAL_FORMS": stored,
        "board_names-MIN_NUM_FORMS": 0, "board_names-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    for index, (name, start, until) in enumerate(names):
        data |= {
            f"board_names-{index}-name": name, f"board_names-{index}-valid_from": start,
            f"board_names-{index}-valid_until": until, f"board_names-{index}-organizer": organizer.pk,
        }  # fmt: skip
    return data | fields


@pytest.fixture
def staff(kon_tum):
    user = UserFactory(role=User.Role.BOARD_STAFF, organizer=kon_tum, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="members"))
    return user


def test_a_superuser_records_the_merger_in_the_admin(admin_client, kon_tum, quang_ngai):
    response = admin_client.post(
        change_url(kon_tum), organizer_post(kon_tum, merged_into=quang_ngai.pk, merged_on="2025-07-01")
    )
    assert response.status_code == 302
    kon_tum.refresh_from_db()
    assert (kon_tum.merged_into, kon_tum.merged_on) == (quang_ngai, JULY_2025)


def test_the_admin_shows_the_services_refusal_of_a_merger_loop(admin_client, kon_tum, quang_ngai):
    organizer_merge(organizer=quang_ngai, into=kon_tum, on=JULY_2025)
    response = admin_client.post(
        change_url(kon_tum), organizer_post(kon_tum, merged_into=quang_ngai.pk, merged_on="2025-07-01")
    )
    assert response.status_code == 200
    assert "Chuỗi sáp nhập tạo thành vòng lặp." in response.content.decode()
    assert Organizer.objects.get(pk=kon_tum.pk).merged_into is None


def test_board_staff_cannot_merge_their_province(client, staff, kon_tum, quang_ngai):
    client.force_login(staff)
    assert 'name="merged_into"' not in client.get(change_url(kon_tum)).content.decode()
    client.post(change_url(kon_tum), organizer_post(kon_tum, merged_into=quang_ngai.pk, merged_on="2025-07-01"))
    assert Organizer.objects.get(pk=kon_tum.pk).merged_into is None


def test_board_staff_set_their_boards_names_in_the_organizer_page(client, staff, kon_tum):
    client.force_login(staff)
    names = [
        ("Ban Thi đua - Khen thưởng tỉnh Kon Tum", "2010-01-01", "2025-06-30"),
        ("Phòng Thi đua, khen thưởng - Sở Nội vụ", "2025-07-01", ""),
    ]
    assert client.post(change_url(kon_tum), organizer_post(kon_tum, names)).status_code == 302
    stored = list(kon_tum.board_names.values_list("name", "valid_until"))
    assert stored == [(names[0][0], datetime.date(2025, 6, 30)), (names[1][0], None)]
    assert kon_tum.board_name_on(datetime.date(2025, 7, 20)) == names[1][0]


def test_overlapping_names_are_refused_beside_the_names_and_nothing_is_written(client, staff, kon_tum):
    client.force_login(staff)
    names = [
        ("Ban Thi đua - Khen thưởng tỉnh Kon Tum", "2010-01-01", ""),
        ("Phòng Thi đua, khen thưởng - Sở Nội vụ", "2025-07-01", ""),
    ]
    response = client.post(change_url(kon_tum), organizer_post(kon_tum, names))
    assert response.status_code == 200
    assert "bắt đầu khi tên “Ban Thi đua - Khen thưởng tỉnh Kon Tum” còn hiệu lực" in response.content.decode()
    assert not BoardName.objects.exists()


def test_a_name_added_alone_joins_the_others_through_the_service(client, staff, kon_tum):
    board_names_set(
        organizer=kon_tum, names=[("Ban Thi đua - Khen thưởng tỉnh Kon Tum", JULY_2025.replace(2010), None)]
    )
    client.force_login(staff)
    add = reverse("admin:members_boardname_add")
    overlapping = {"name": "Sở Nội vụ", "valid_from": "2025-07-01", "_save": "1"}
    response = client.post(add, overlapping)
    assert response.status_code == 200 and "còn hiệu lực" in response.content.decode()
    assert kon_tum.board_names.count() == 1

    old = kon_tum.board_names.get()
    response = client.post(
        reverse("admin:members_boardname_change", args=[old.pk]),
        {"name": old.name, "valid_from": "2010-07-01", "valid_until": "2025-06-30", "_save": "1"},
    )
    assert response.status_code == 302
    assert client.post(add, overlapping).status_code == 302
    assert list(kon_tum.board_names.values_list("name", flat=True)) == [old.name, "Sở Nội vụ"]
