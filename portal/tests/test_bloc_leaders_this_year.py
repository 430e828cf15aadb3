"""The chair and vice-chair of the year shown, set by board staff on the bloc page (next year's are the rotation's,
portal/tests/test_bloc_page.py); the vice-chair may be left out."""

import pytest
from django.urls import reverse

from blocs.models import Leadership
from core.tests.html import error_text
from portal.tests.blocs_world import YEAR, body, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def detail_url(world) -> str:
    return reverse("blocs:detail", kwargs={"pk": world.bloc.pk})


def this_year_url(world, year: int = YEAR) -> str:
    return reverse("blocs:leadership_override", kwargs={"pk": world.bloc.pk, "year": year}) + f"?year={year}"


def section(html: str) -> str:
    return html.split('id="truong-khoi"', 1)[1].split("</section>", 1)[0]


def test_board_staff_are_offered_the_form_of_the_year_shown_with_its_leaders(world):
    html = section(body(world.client("board").get(detail_url(world), {"year": YEAR})))
    assert f'action="{this_year_url(world)}"' in html
    assert f"Lưu trưởng, phó khối năm {YEAR}" in html
    chair = world.members[0]
    assert f'<option value="{chair.pk}" selected>' in html.split('name="nam-nay-chair"', 1)[1]


@pytest.mark.parametrize("role", ["secretary", "member"])
def test_others_see_no_form_and_their_post_is_404(world, role):
    html = section(body(world.client(role).get(detail_url(world), {"year": YEAR})))
    assert "<form" not in html
    response = world.client(role).post(
        this_year_url(world), {"nam-nay-chair": world.members[2].pk, "nam-nay-vice_chair": ""}
    )
    assert response.status_code == 404
    assert Leadership.objects.get(bloc=world.bloc, year=YEAR).chair == world.members[0]


def test_board_sets_this_year_chair_alone(world):
    client = world.client("board")
    response = client.post(this_year_url(world), {"nam-nay-chair": world.members[2].pk, "nam-nay-vice_chair": ""})
    assert response["Location"] == detail_url(world) + f"?year={YEAR}#truong-khoi"
    leadership = Leadership.objects.get(bloc=world.bloc, year=YEAR)
    assert (leadership.chair, leadership.vice_chair) == (world.members[2], None)
    page = body(client.get(response["Location"]))
    assert f"Đã lưu trưởng khối {world.members[2].name} năm {YEAR}, không có phó trưởng khối." in page


def test_board_sets_a_year_that_had_no_leaders(world):
    year = YEAR - 3
    response = world.client("board").post(
        this_year_url(world, year), {"nam-nay-chair": world.members[3].pk, "nam-nay-vice_chair": world.members[4].pk}
    )
    assert response.status_code == 302
    leadership = Leadership.objects.get(bloc=world.bloc, year=year)
    assert (leadership.chair, leadership.vice_chair) == (world.members[3], world.members[4])


def test_an_error_is_shown_beside_the_field_of_this_year_form(world):
    same = world.members[2].pk
    response = world.client("board").post(this_year_url(world), {"nam-nay-chair": same, "nam-nay-vice_chair": same})
    assert response.status_code == 200
    message = error_text(body(response), "id_nam-nay-vice_chair_error")
    assert message == "Trưởng khối và phó trưởng khối phải là hai đơn vị khác nhau."
    assert Leadership.objects.get(bloc=world.bloc, year=YEAR).chair == world.members[0]


def test_the_members_of_the_year_are_the_choices(world):
    response = world.client("board").post(
        this_year_url(world), {"nam-nay-chair": world.other_members[0].pk, "nam-nay-vice_chair": ""}
    )
    assert "Hãy chọn" in error_text(body(response), "id_nam-nay-chair_error")


def test_leaders_elected_at_a_finalized_meeting_are_locked(world):
    # Elected at the finalized year-end review of the year before.
    Leadership.objects.filter(bloc=world.bloc, year=YEAR).update(elected_at=world.meeting)
    html = section(body(world.client("board").get(detail_url(world), {"year": YEAR})))
    assert "được bầu tại hội nghị đã chốt" in html and "<form" not in html
    response = world.client("board").post(this_year_url(world), {"nam-nay-chair": world.members[2].pk})
    assert response.status_code == 200 and "mở lại hội nghị" in body(response)
    assert Leadership.objects.get(bloc=world.bloc, year=YEAR).chair == world.members[0]


def test_next_year_form_stays_the_rotation_and_both_forms_have_their_own_ids(world):
    html = body(world.client("board").get(detail_url(world), {"year": YEAR}))
    assert 'id="id_chair"' in html and 'id="id_nam-nay-chair"' in html
    assert html.count('id="id_chair"') == 1
