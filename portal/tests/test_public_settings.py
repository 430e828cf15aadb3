"""The board's page choosing which years are public, with their minutes or not: board staff of a province set
their own province's years (audited), nobody else reaches the page."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from history.models import AuditEntry
from portal.models import PublicResults
from portal.publication import public_results_set
from tests.access_world import PROVINCE_A_WORD, PROVINCE_B_WORD, YEAR, build_world

pytestmark = pytest.mark.django_db

URL = reverse("public_settings")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Province A publishes 2025 with its minutes (tests/access_world.py); built once, each test in a savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def entries_of(row: PublicResults):
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(PublicResults), object_id=row.pk)


def rows(organizer) -> dict[int, tuple[bool, bool]]:
    return {r.year: (r.published, r.minutes_published) for r in PublicResults.objects.filter(organizer=organizer)}


def test_the_board_publishes_a_year_and_the_change_is_in_the_history(world):
    a, board = world.a, world.users["board"]
    client = world.client("board")

    response = client.post(URL, {"year": YEAR - 1, "published": "on"})

    assert response.status_code == 302 and response["Location"] == f"{URL}?year={YEAR - 1}"
    assert rows(a.organizer)[YEAR - 1] == (True, False)
    entry = entries_of(PublicResults.objects.get(organizer=a.organizer, year=YEAR - 1)).get()
    assert (entry.action, entry.actor) == (AuditEntry.Action.CREATE, board)
    assert entry.changes == {"công khai kết quả": [None, True], "công khai biên bản": [None, False]}
    page = client.get(f"{URL}?year={YEAR - 1}").content.decode()
    assert "Đã công khai kết quả năm 2024 (không kèm biên bản)." in page
    assert reverse("public_results", kwargs={"organizer": a.organizer.code, "year": YEAR - 1}) in page


def test_the_board_withdraws_a_year_and_its_public_page_is_gone(world):
    a = world.a
    client = world.client("board")

    response = client.post(URL, {"year": YEAR})  # both boxes unticked

    assert response.status_code == 302
    assert rows(a.organizer)[YEAR] == (False, False)
    entry = entries_of(a.public).get()
    assert entry.changes == {"công khai kết quả": [True, False], "công khai biên bản": [True, False]}
    assert entry.actor == world.users["board"]
    public = reverse("public_results", kwargs={"organizer": a.organizer.code, "year": YEAR})
    assert world.client("anonymous").get(public).status_code == 404


def test_minutes_without_the_results_are_refused_beside_the_box_and_nothing_is_written(world):
    a = world.a
    before, entries = rows(a.organizer), AuditEntry.objects.count()

    response = world.client("board").post(URL, {"year": YEAR, "minutes_published": "on"})

    assert response.status_code == 200
    assert response.context["form"].errors["minutes_published"] == [
        "Chỉ công khai biên bản khi kết quả năm đó được công khai."
    ]
    assert (rows(a.organizer), AuditEntry.objects.count()) == (before, entries)


@pytest.mark.parametrize("year", ["", "abc", "1800", "99999"])
def test_a_year_out_of_range_is_refused(world, year):
    before = rows(world.a.organizer)

    response = world.client("board").post(URL, {"year": year, "published": "on"})

    assert response.status_code == 200 and response.context["form"].errors["year"]
    assert rows(world.a.organizer) == before


def test_saving_the_same_choice_again_writes_nothing(world):
    entries = AuditEntry.objects.count()

    response = world.client("board").post(URL, {"year": YEAR, "published": "on", "minutes_published": "on"})

    assert response.status_code == 302
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize("role", ["non_member", "member", "secretary"])
def test_users_who_do_no_board_work_get_404(world, role):
    before = rows(world.a.organizer)
    client = world.client(role)

    assert client.get(URL).status_code == 404
    assert client.post(URL, {"year": YEAR, "published": "on"}).status_code == 404
    assert rows(world.a.organizer) == before


def test_anonymous_is_sent_to_login(world):
    response = world.client("anonymous").get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_another_provinces_board_sees_and_sets_only_its_own_province(world):
    a, b = world.a, world.b
    client = world.client("other_province")

    page = client.get(f"{URL}?year={YEAR}").content.decode()
    assert PROVINCE_B_WORD in page and PROVINCE_A_WORD not in page
    assert reverse("public_results", kwargs={"organizer": a.organizer.code, "year": YEAR}) not in page

    assert client.post(URL, {"year": YEAR, "published": "on"}).status_code == 302
    assert rows(b.organizer) == {YEAR: (True, False)}
    assert rows(a.organizer) == {YEAR: (True, True)}


def test_the_service_refuses_anyone_but_the_provinces_board(world):
    a = world.a
    for role in ("other_province", "secretary", "member"):
        with pytest.raises(PermissionDenied):
            public_results_set(
                organizer=a.organizer, year=YEAR, published=False, minutes_published=False, by=world.users[role]
            )
    assert rows(a.organizer) == {YEAR: (True, True)}


def test_the_service_names_the_rule_it_holds(world):
    with pytest.raises(ValidationError) as error:
        public_results_set(
            organizer=world.a.organizer, year=YEAR + 1, published=False, minutes_published=True,
            by=world.users["board"],
        )  # fmt: skip
    assert error.value.message_dict == {
        "minutes_published": ["Chỉ công khai biên bản khi kết quả năm đó được công khai."]
    }
