"""Attendance, people, the election of next year's chair and vice-chair, and the ranking."""

from __future__ import annotations

import pytest
from django.urls import reverse

from blocs.models import Leadership, Membership
from core.tests.html import error_text
from meetings.models import Attendance, Participant, Ranking
from meetings.tests.conftest import client_of
from members.tests.factories import AgencyFactory
from pledges.services import pledge_create, scores_record

pytestmark = pytest.mark.django_db


def url(world, name: str) -> str:
    return reverse(f"meetings:{name}", kwargs={"pk": world.meeting.pk})


# --- Attendance -------------------------------------------------------------------------------------------


def attendance_post(agencies, present) -> dict:
    data = {}
    for i, agency in enumerate(agencies):
        if i in present:
            data[f"{agency.pk}-present"] = "on"
        data[f"{agency.pk}-representative"] = f"Người đại diện {i}"
        data[f"{agency.pk}-title"] = "Phó Giám đốc"
    return data


def test_attendance_lists_every_member_of_the_year_with_the_quorum(world):
    Membership.objects.create(
        bloc=world.bloc, agency=AgencyFactory(organizer=world.organizer, name="Mới 2019"), from_year=2019
    )
    html = client_of(world.people.secretary).get(url(world, "attendance")).content.decode()
    assert all(agency.name in html for agency in world.agencies)
    assert "Mới 2019" not in html
    assert "0/11 đơn vị có mặt" in html


def test_attendance_is_saved_and_the_quorum_shows_on_the_meeting_page(world):
    client = client_of(world.people.secretary)
    response = client.post(url(world, "attendance"), attendance_post(world.agencies, present=range(10)))
    assert response.status_code == 302
    assert Attendance.objects.filter(meeting=world.meeting, present=True).count() == 10
    assert Attendance.objects.get(meeting=world.meeting, agency=world.agencies[0]).representative == "Người đại diện 0"
    html = client.get(reverse("meetings:detail", args=[world.meeting.pk])).content.decode()
    assert "10/11 đơn vị có mặt" in html
    html = client.get(url(world, "attendance")).content.decode()
    assert "10/11 đơn vị có mặt" in html and 'value="Người đại diện 3"' in html


# --- People -----------------------------------------------------------------------------------------------


def people_post(**rows) -> dict:
    data = {}
    for prefix, people in rows.items():
        data[f"{prefix}-TOTAL_FORMS"] = str(len(people))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        for i, person in enumerate(people):
            for field, value in person.items():
                data[f"{prefix}-{i}-{field}"] = value
    return data


def test_people_are_saved_presiding_secretary_and_guests(world):
    client = client_of(world.people.secretary)
    data = people_post(
        presiding=[{"name": "Nguyễn Thị Hồng Nhung", "title": "Chánh Văn phòng", "agency": world.agencies[0].pk},
                   {"name": "Trần Văn Đức", "title": "Phó Chánh Văn phòng"}, {"name": ""}],
        secretary=[{"name": "Lê Thị Mỹ Dung", "title": "Chuyên viên", "agency": world.agencies[0].pk}],
        guests=[{"name": "Trương Công Thành", "title": "Phó Trưởng ban", "organization": "Ban Thi đua - Khen thưởng"}],
    )  # fmt: skip
    assert client.post(url(world, "people"), data).status_code == 302
    roles = list(world.meeting.participants.order_by("position").values_list("role", "name"))
    assert roles == [
        (Participant.Role.PRESIDING, "Nguyễn Thị Hồng Nhung"),
        (Participant.Role.PRESIDING, "Trần Văn Đức"),
        (Participant.Role.SECRETARY, "Lê Thị Mỹ Dung"),
        (Participant.Role.GUEST, "Trương Công Thành"),
    ]
    html = client.get(url(world, "people")).content.decode()
    assert 'value="Trương Công Thành"' in html


def test_a_person_without_a_name_is_refused_beside_the_name(world):
    data = people_post(presiding=[{"name": "", "title": "Chánh Văn phòng"}], secretary=[], guests=[])
    html = client_of(world.people.secretary).post(url(world, "people"), data).content.decode()
    assert error_text(html, "id_presiding-0-name_error") == "Họ và tên không được để trống."
    assert not world.meeting.participants.exists()


# --- Election ---------------------------------------------------------------------------------------------


def test_election_is_prefilled_with_the_suggested_rotation(world):
    # 2017: agencies[0] chairs, agencies[1] is vice-chair: agencies[1] moves up.
    form = client_of(world.people.secretary).get(url(world, "election")).context["form"]
    assert form.initial["chair"] == world.agencies[1].pk
    assert form.initial["vice_chair"] not in (None, world.agencies[1].pk, world.agencies[0].pk)


def test_election_is_recorded_for_next_year_at_this_meeting(world):
    client = client_of(world.people.secretary)
    data = {"chair": world.agencies[5].pk, "vice_chair": world.agencies[9].pk}
    assert client.post(url(world, "election"), data).status_code == 302
    lead = Leadership.objects.get(bloc=world.bloc, year=2018)
    assert (lead.chair, lead.vice_chair, lead.elected_at) == (world.agencies[5], world.agencies[9], world.meeting)
    assert client.get(url(world, "election")).context["form"].initial["chair"] == world.agencies[5].pk


def test_election_of_the_same_agency_twice_is_refused_beside_the_vice_chair(world):
    data = {"chair": world.agencies[5].pk, "vice_chair": world.agencies[5].pk}
    html = client_of(world.people.board).post(url(world, "election"), data).content.decode()
    assert "hai đơn vị khác nhau" in error_text(html, "id_vice_chair_error")


def test_election_offers_only_the_members_of_next_year(world):
    leaving = world.agencies[10]
    Membership.objects.filter(bloc=world.bloc, agency=leaving).update(to_year=2017)
    form = client_of(world.people.secretary).get(url(world, "election")).context["form"]
    assert leaving not in form.fields["chair"].queryset
    html = (
        client_of(world.people.secretary)
        .post(url(world, "election"), {"chair": leaving.pk, "vice_chair": world.agencies[1].pk})
        .content.decode()
    )
    assert error_text(html, "id_chair_error")


# --- Ranking ----------------------------------------------------------------------------------------------


def test_ranking_from_the_pledge_scores(world):
    pledge = pledge_create(
        bloc=world.bloc, year=2017, criteria=[{"code": "1", "title": "Nhiệm vụ chính trị", "max_points": 100}]
    )
    criterion = pledge.criteria.get()
    scores = {(a.pk, criterion.pk): str(100 - i) for i, a in enumerate(world.agencies)}
    scores[(world.agencies[2].pk, criterion.pk)] = "99"  # ties with agencies[1]
    scores_record(pledge=pledge, points=scores)
    client = client_of(world.people.secretary)
    assert client.post(url(world, "ranking"), {"from_scores": "1"}).status_code == 302
    ranks = dict(Ranking.objects.filter(meeting=world.meeting).values_list("agency_id", "rank"))
    assert ranks[world.agencies[0].pk] == 1
    assert ranks[world.agencies[1].pk] == ranks[world.agencies[2].pk] == 2
    assert ranks[world.agencies[3].pk] == 4


def test_ranking_from_scores_without_a_pledge_says_so_above_the_form(world):
    html = client_of(world.people.secretary).post(url(world, "ranking"), {"from_scores": "1"}).content.decode()
    assert "chưa có giao ước hoặc chưa chấm điểm năm 2017" in html
    assert not Ranking.objects.exists()


def test_ranking_entered_by_hand_and_a_bad_rank_shown_beside_its_agency(world):
    client = client_of(world.people.secretary)
    a, b = world.agencies[0], world.agencies[1]
    html = client.post(url(world, "ranking"), {f"{a.pk}-rank": "0", f"{b.pk}-rank": "1"}).content.decode()
    assert error_text(html, f"id_{a.pk}-rank_error") == "Thứ hạng phải từ 1 trở lên."
    assert client.post(url(world, "ranking"), {f"{a.pk}-rank": "2", f"{b.pk}-rank": "1"}).status_code == 302
    assert dict(Ranking.objects.values_list("agency_id", "rank")) == {a.pk: 2, b.pk: 1}
