"""The bloc page: members by year, leadership, pledges, meetings, proposals, and next year's rotation."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from blocs.models import Leadership, Membership, SecretaryAssignment
from blocs.selectors import rotation_from, suggest_rotation
from core.text import sort_key
from meetings.models import Meeting
from members.models import Agency
from members.tests.factories import AgencyFactory, UserFactory
from pledges.models import Pledge
from portal.tests.blocs_world import (
    FOREIGN_WORDS,
    OTHER_BLOC_WORDS,
    YEAR,
    assert_no_leak,
    body,
    build_world,
    decide,
    field_error,
    make_bloc,
    mid_year,
    propose,
    year_end,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def detail_url(world) -> str:
    return reverse("blocs:detail", kwargs={"pk": world.bloc.pk})


def rotation_url(world, year: int = YEAR + 1) -> str:
    return reverse("blocs:leadership_override", kwargs={"pk": world.bloc.pk, "year": year})


# --- Who may read it -------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(world):
    response = world.client("anonymous").get(detail_url(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["other_province_staff", "non_member"])
def test_outsiders_get_404(world, role):
    assert world.client(role).get(detail_url(world)).status_code == 404


@pytest.mark.parametrize("role", ["member", "secretary", "board"])
def test_member_secretary_and_board_read_the_page(world, role):
    response = world.client(role).get(detail_url(world), {"year": YEAR})
    assert response.status_code == 200
    html = body(response)
    assert "Khối thi đua Tổng hợp" in html
    assert all(agency.name in html for agency in world.members)
    assert_no_leak(html, *FOREIGN_WORDS, *OTHER_BLOC_WORDS)


def test_a_bloc_of_another_province_is_404_even_for_board_staff(world):
    url = reverse("blocs:detail", kwargs={"pk": world.foreign_bloc.pk})
    assert world.client("board").get(url).status_code == 404


def test_board_tools_show_only_to_board_staff(world):
    member_html = body(world.client("member").get(detail_url(world), {"year": YEAR}))
    board_html = body(world.client("board").get(detail_url(world), {"year": YEAR}))
    add_url = reverse("blocs:membership_add", kwargs={"pk": world.bloc.pk})
    assert add_url not in member_html and "Thư ký được phân công" not in member_html
    assert add_url in board_html and "Thư ký được phân công" in board_html


# --- What it shows ---------------------------------------------------------------------------------------


def test_members_of_the_selected_year_and_history_with_current_members_first(world):
    left = world.members[5]
    Membership.objects.filter(agency=left).update(to_year=2020)
    late = AgencyFactory(organizer=world.province, name="An ninh Mạng")
    Membership.objects.create(bloc=world.bloc, agency=late, from_year=2024)
    html = body(world.client("member").get(detail_url(world), {"year": 2019}))
    members_table, history = html.split("Lịch sử thành viên", 1)
    assert left.name in members_table and late.name not in members_table
    html = body(world.client("member").get(detail_url(world), {"year": YEAR}))
    members_table, history = html.split("Lịch sử thành viên", 1)
    assert left.name not in members_table and late.name in members_table
    history = history.split("Trưởng khối, phó trưởng khối qua các năm", 1)[0]
    # In the history, the agency that left in 2020 comes after every current member.
    assert history.index(left.name) > max(history.index(a.name) for a in world.members[:5])
    assert history.index(late.name) < history.index(left.name)


def test_leadership_timeline_meetings_and_proposals(world):
    html = body(world.client("member").get(detail_url(world), {"year": YEAR}))
    timeline = html.split("Trưởng khối, phó trưởng khối qua các năm", 1)[1]
    assert timeline.index("2026") < timeline.index("2025")
    assert world.meeting.title in html
    assert "12/QĐ-UBND" in html
    assert "Chờ quyết định" in html  # the passed BK_TINH without decision
    assert "Không đạt" in html


def test_pledges_link_to_the_pledge_pages(world):
    pledge = Pledge.objects.create(bloc=world.bloc, year=2025)
    html = body(world.client("member").get(detail_url(world)))
    assert reverse("pledges:detail", kwargs={"pk": pledge.pk}) in html


def test_minutes_status_links_to_the_minutes_page(world):
    html = body(world.client("member").get(detail_url(world)))
    assert reverse("meetings:minutes_status", kwargs={"pk": world.meeting.pk, "doc": "bien-ban"}) in html


def test_link_to_the_bloc_workbook(world):
    html = body(world.client("member").get(detail_url(world)))
    assert reverse("awards:bloc_xlsx", kwargs={"pk": world.bloc.pk}) in html


def test_query_count_is_fixed_at_1x_and_10x(world, django_assert_num_queries):
    client = world.client("board")
    client.get(detail_url(world), {"year": YEAR})  # the year is remembered in the session
    with django_assert_num_queries(12) as one:  # 12: the successor and predecessor blocs (issue 19)
        assert client.get(detail_url(world), {"year": YEAR}).status_code == 200
    award_codes = ["CO_TINH", "BK_TINH", "TTLDXS", "CO_CP", "BK_TTG"]
    extra = [AgencyFactory(organizer=world.province) for _ in range(50)]
    Membership.objects.bulk_create(Membership(bloc=world.bloc, agency=a, from_year=2015) for a in extra)
    for offset, year in enumerate(range(2015, 2025)):
        Leadership.objects.create(bloc=world.bloc, year=year, chair=extra[offset], vice_chair=extra[offset + 1])
        Pledge.objects.create(bloc=world.bloc, year=year)
        meeting = year_end(world.bloc, year)
        mid_year(world.bloc, year)
        proposals = [propose(meeting, extra[offset + i], code) for i, code in enumerate(award_codes)]
        decide(world.province, f"{year}/QĐ-UBND", *proposals[:2])
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(detail_url(world), {"year": YEAR}).status_code == 200


@pytest.mark.parametrize(("role", "queries"), [("member", 12), ("secretary", 11)])
def test_query_count_does_not_grow_for_agency_users(world, role, queries, django_assert_num_queries):
    client = world.client(role)
    client.get(detail_url(world), {"year": YEAR})
    with django_assert_num_queries(queries) as one:
        client.get(detail_url(world), {"year": YEAR})
    extra = [AgencyFactory(organizer=world.province) for _ in range(30)]
    Membership.objects.bulk_create(Membership(bloc=world.bloc, agency=a, from_year=2015) for a in extra)
    for offset, year in enumerate(range(2015, 2025)):
        meeting = year_end(world.bloc, year)
        propose(meeting, extra[offset], "CO_TINH")
        Leadership.objects.create(bloc=world.bloc, year=year, chair=extra[offset], vice_chair=extra[offset + 1])
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(detail_url(world), {"year": YEAR})


# --- The suggested rotation ------------------------------------------------------------------------------


def agencies(*names: str) -> list[Agency]:
    return [Agency(pk=i, name=name, sort_key=sort_key(name)) for i, name in enumerate(names, start=1)]


def term(year: int, chair: Agency, vice_chair: Agency) -> Leadership:
    return Leadership(year=year, chair_id=chair.pk, vice_chair_id=vice_chair.pk)


def test_rotation_vice_chair_moves_up_and_a_never_chaired_member_becomes_vice_chair():
    a, b, c, d = agencies("Sở Xây dựng", "Sở Công Thương", "Sở Y tế", "Sở Nội vụ")
    history = [term(2024, c, a), term(2025, a, b)]
    assert rotation_from(year=2025, leaderships=history, members=[a, b, c, d]) == (b, d)


def test_rotation_ties_follow_vietnamese_name_order():
    # "Ủy ban" sorts before "Văn phòng" in Vietnamese (ủ is a u), after it in code point order.
    chair, vice, van, uy = agencies("Sở Tài chính", "Sở Nội vụ", "Văn phòng Tỉnh ủy", "Ủy ban MTTQ tỉnh")
    history = [term(2025, chair, vice)]
    assert rotation_from(year=2025, leaderships=history, members=[chair, vice, van, uy]) == (vice, uy)


def test_rotation_prefers_the_member_whose_last_chair_term_is_oldest():
    a, b, c, d = agencies("A", "B", "C", "D")
    history = [term(2021, d, a), term(2022, c, a), term(2023, a, b), term(2024, b, c), term(2025, c, d)]
    # d moves up; of a (2023), b (2024), c (2025) a chaired longest ago.
    assert rotation_from(year=2025, leaderships=history, members=[a, b, c, d]) == (d, a)


def test_rotation_when_the_vice_chair_left_the_bloc_both_come_from_the_waiting_order():
    a, b, c, d = agencies("A", "B", "C", "D")
    history = [term(2024, c, d), term(2025, a, b)]
    # b, the vice-chair, is not a member next year: d never chaired and moves up; c (2024) before a (2025).
    assert rotation_from(year=2025, leaderships=history, members=[a, c, d]) == (d, c)


def test_rotation_without_any_history_goes_by_name():
    a, b, c = agencies("Sở Y tế", "Ban Dân tộc", "Cục Thuế")
    assert rotation_from(year=2025, leaderships=[], members=[a, b, c]) == (b, c)


def test_rotation_ignores_terms_after_the_year():
    a, b, c = agencies("A", "B", "C")
    history = [term(2025, a, b), term(2026, c, a)]
    assert rotation_from(year=2025, leaderships=history, members=[a, b, c]) == (b, c)


def test_rotation_counts_terms_served_under_a_former_name():
    a, b, c, old_d, d = agencies("A", "B", "C", "D cũ", "D")
    history = [term(2024, old_d, a), term(2025, a, b)]
    # d carries on old_d, which chaired in 2024: c, who never chaired, becomes vice-chair.
    assert rotation_from(year=2025, leaderships=history, members=[a, b, c, d], successors={old_d.pk: d.pk}) == (b, c)
    # A vice-chair renamed since moves up under its new name.
    history = [term(2025, a, old_d)]
    assert rotation_from(year=2025, leaderships=history, members=[a, b, d], successors={old_d.pk: d.pk}) == (d, b)


def test_rotation_needs_two_members():
    (a,) = agencies("A")
    assert rotation_from(year=2025, leaderships=[], members=[a]) == (a, None)
    assert rotation_from(year=2025, leaderships=[], members=[]) == (None, None)


def test_suggest_rotation_reads_the_members_of_next_year(world):
    leaving = world.members[1]  # 2026 vice-chair, gone in 2027
    Membership.objects.filter(bloc=world.bloc, agency=leaving).update(to_year=YEAR)
    chair, vice_chair = suggest_rotation(world.bloc, YEAR)
    assert leaving not in (chair, vice_chair)
    assert {chair, vice_chair} <= set(world.members)


def test_page_shows_the_suggestion(world):
    html = body(world.client("member").get(detail_url(world), {"year": YEAR}))
    chair, vice_chair = suggest_rotation(world.bloc, YEAR)
    section = html.split('id="luan-phien"', 1)[1].split("</section>", 1)[0]
    assert chair.name in section and vice_chair.name in section
    assert "<form" not in section  # a member reads it; only the secretary or the board decides


# --- Accepting or overriding it --------------------------------------------------------------------------


def test_rotation_form_is_offered_to_the_secretary_and_the_board(world):
    for role in ("secretary", "board"):
        html = body(world.client(role).get(detail_url(world), {"year": YEAR}))
        assert f'action="{rotation_url(world)}"' in html


@pytest.mark.parametrize(("role", "status"), [("other_province_staff", 404), ("non_member", 404), ("member", 404)])
def test_rotation_post_refused_outside_secretaries_and_board(world, role, status):
    chair, vice = world.members[1], world.members[2]
    response = world.client(role).post(rotation_url(world), {"chair": chair.pk, "vice_chair": vice.pk})
    assert response.status_code == status
    assert not Leadership.objects.filter(bloc=world.bloc, year=YEAR + 1).exists()


def test_anonymous_rotation_post_goes_to_login(world):
    response = world.client("anonymous").post(rotation_url(world), {})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_secretary_of_another_year_may_not_set_the_rotation(world):
    # The 2026 chair's staff set 2027, not 2026 (that is the 2025 secretaries' call).
    response = world.client("secretary").post(
        rotation_url(world, YEAR), {"chair": world.members[1].pk, "vice_chair": world.members[2].pk}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["secretary", "board"])
def test_accepting_the_rotation_sets_next_year(world, role):
    chair, vice = world.members[1], world.members[2]
    response = world.client(role).post(rotation_url(world), {"chair": chair.pk, "vice_chair": vice.pk})
    assert response.status_code == 302
    leadership = Leadership.objects.get(bloc=world.bloc, year=YEAR + 1)
    assert (leadership.chair, leadership.vice_chair) == (chair, vice)


def test_same_chair_and_vice_chair_is_refused_beside_the_field(world):
    same = world.members[1].pk
    response = world.client("secretary").post(rotation_url(world), {"chair": same, "vice_chair": same})
    assert response.status_code == 200
    assert "Trưởng khối và phó trưởng khối phải là hai đơn vị khác nhau." in field_error(body(response), "vice_chair")
    assert not Leadership.objects.filter(bloc=world.bloc, year=YEAR + 1).exists()


def test_a_non_member_of_next_year_cannot_be_chosen(world):
    response = world.client("board").post(
        rotation_url(world), {"chair": world.other_members[0].pk, "vice_chair": world.members[2].pk}
    )
    assert response.status_code == 200
    assert "Hãy chọn" in field_error(body(response), "chair")


def test_an_election_of_a_finalized_meeting_is_not_overridden(world):
    meeting = year_end(world.bloc, YEAR)
    Leadership.objects.create(
        bloc=world.bloc, year=YEAR + 1, chair=world.members[1], vice_chair=world.members[2], elected_at=meeting
    )
    html = body(world.client("secretary").get(detail_url(world), {"year": YEAR}))
    assert "thuộc hội nghị đã chốt" in html and f'action="{rotation_url(world)}"' not in html
    response = world.client("board").post(
        rotation_url(world), {"chair": world.members[3].pk, "vice_chair": world.members[4].pk}
    )
    assert response.status_code == 200
    assert "cần mở lại hội nghị" in body(response)
    assert Leadership.objects.get(bloc=world.bloc, year=YEAR + 1).chair == world.members[1]


def test_an_election_of_a_draft_meeting_keeps_its_meeting_when_overridden(world):
    meeting = year_end(world.bloc, YEAR, finalized=False, minutes=False)
    Leadership.objects.create(
        bloc=world.bloc, year=YEAR + 1, chair=world.members[1], vice_chair=world.members[2], elected_at=meeting
    )
    world.client("secretary").post(
        rotation_url(world), {"chair": world.members[3].pk, "vice_chair": world.members[4].pk}
    )
    leadership = Leadership.objects.get(bloc=world.bloc, year=YEAR + 1)
    assert leadership.chair == world.members[3] and leadership.elected_at == meeting


def test_the_year_select_lists_every_membership_year(world):
    bloc, _ = make_bloc(world.province, "Khối mới", ["Đơn vị X", "Đơn vị Y"], from_year=2020)
    board = world.client("board")
    html = body(board.get(reverse("blocs:detail", kwargs={"pk": bloc.pk}), {"year": 2022}))
    assert '<option value="2020"' in html and '<option value="2022" selected' in html


def test_meeting_dates_are_day_month_year(world):
    Meeting.objects.filter(pk=world.meeting.pk).update(held_on=datetime.date(2026, 1, 4))
    assert "04/01/2026" in body(world.client("member").get(detail_url(world)))


# --- What the page offers is what the target page allows -------------------------------------------------


@pytest.mark.parametrize("locked", [False, True], ids=["next-year-open", "next-year-elected-at-a-finalized-meeting"])
@pytest.mark.parametrize("role", ["board", "secretary", "assigned", "member", "non_member"])
def test_create_meeting_is_offered_exactly_when_the_create_page_answers(world, role, locked):
    """The button and ``meetings:create`` ask the same capability (``BlocCapabilities.create_meeting``):
    an assigned secretary keeps both once next year's election is locked (issue #14)."""
    if role == "assigned":
        user = UserFactory(organizer=world.province)
        SecretaryAssignment.objects.create(bloc=world.bloc, year=YEAR, user=user)
        client = Client()
        client.force_login(user)
    else:
        client = world.client(role)
    if locked:
        election = year_end(world.bloc, YEAR)
        Meeting.objects.filter(pk=election.pk).update(status=Meeting.Status.FINALIZED)
        Leadership.objects.update_or_create(
            bloc=world.bloc,
            year=YEAR + 1,
            defaults={"chair": world.members[1], "vice_chair": world.members[2], "elected_at": election},
        )
    create_url = reverse("meetings:create", kwargs={"bloc_pk": world.bloc.pk})
    page = client.get(detail_url(world), {"year": YEAR})
    offered = f"{create_url}?year={YEAR}" in body(page) if page.status_code == 200 else False
    answered = client.get(create_url, {"year": YEAR}).status_code == 200
    assert offered == answered
    assert answered == (role in {"board", "secretary", "assigned"})


@pytest.mark.parametrize("role", ["board", "secretary", "member"])
def test_the_years_pledge_is_created_from_the_bloc_page(world, role):
    """Issue #15: the pledge form is reached from the bloc page, by those who enter the year's records."""
    client = world.client(role)
    create_url = reverse("pledges:create", kwargs={"bloc_pk": world.bloc.pk}) + f"?year={YEAR}"
    offered = create_url in body(client.get(detail_url(world), {"year": YEAR}))
    assert offered == (role in {"board", "secretary"})
    if offered:
        assert client.get(create_url).status_code == 200
        Pledge.objects.create(bloc=world.bloc, year=YEAR)
        assert create_url not in body(client.get(detail_url(world), {"year": YEAR}))
