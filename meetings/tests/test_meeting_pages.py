"""The meeting page, creating a meeting, and the general information and content forms with the
optimistic version check."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse

from awards.rules import Tally
from awards.tests.factories import award
from blocs.models import Membership
from blocs.tests.factories import bloc_people, bloc_with_members
from core.tests.html import error_text
from decisions.models import Decision, DecisionAward
from meetings.models import Meeting
from meetings.services import attendance_record, leadership_elect, meeting_update, participants_set
from meetings.tests.conftest import client_of
from meetings.voting import proposal_create, ranking_record
from members.tests.factories import AgencyFactory
from pledges.services import pledge_create, signature_record

pytestmark = pytest.mark.django_db


def create_url(world, year: int = 2017) -> str:
    return reverse("meetings:create", kwargs={"bloc_pk": world.bloc.pk}) + f"?year={year}"


def meeting_post(**overrides) -> dict:
    data = {
        "kind": Meeting.Kind.MID_YEAR_REVIEW,
        "year": "2017",
        "held_on": "14/07/2017",
        "start_time": "08:00",
        "end_time": "11:30",
        "title": "",
        "venue": "Hội trường Sở Tài chính",
        "host": "",
    }
    return {**data, **overrides}


# --- Creating ---------------------------------------------------------------------------------------------


def test_create_page_prefills_the_year_end_title_of_the_year(world):
    html = client_of(world.people.secretary).get(create_url(world)).content.decode()
    assert 'value="Hội nghị tổng kết công tác thi đua, khen thưởng năm 2017"' in html


def test_secretary_creates_a_meeting_typed_dd_mm_yyyy_and_an_empty_title_follows_the_kind(world):
    client = client_of(world.people.secretary)
    response = client.post(create_url(world), meeting_post(host=str(world.agencies[2].pk)))
    meeting = Meeting.objects.get(kind=Meeting.Kind.MID_YEAR_REVIEW)
    assert response.status_code == 302 and response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.held_on == datetime.date(2017, 7, 14)
    assert meeting.start_time == datetime.time(8, 0) and meeting.host == world.agencies[2]
    assert meeting.title == "Hội nghị sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2017"


def test_create_shows_the_services_messages_beside_the_fields(world):
    client = client_of(world.people.secretary)
    html = client.post(create_url(world), meeting_post(held_on="14/07/2020", end_time="07:00")).content.decode()
    assert "Ngày họp phải nằm trong năm thi đua 2017" in error_text(html, "id_held_on_error")
    assert "Giờ kết thúc không được trước giờ bắt đầu." in error_text(html, "id_end_time_error")
    html = client.post(create_url(world), meeting_post(held_on="31/02/2017")).content.decode()
    assert "ngày/tháng/năm" in error_text(html, "id_held_on_error")
    assert not Meeting.objects.filter(kind=Meeting.Kind.MID_YEAR_REVIEW).exists()


def test_a_duplicate_meeting_is_refused_above_the_form(world):
    client = client_of(world.people.secretary)
    html = client.post(create_url(world), meeting_post(kind=Meeting.Kind.YEAR_END_REVIEW, held_on="04/01/2018"))
    html = html.content.decode()
    assert "Khối đã có một hội nghị cùng loại vào ngày này." in html
    assert 'id="form-errors"' in html


def test_the_secretary_cannot_create_a_meeting_of_a_year_they_are_not_secretary_of(world):
    client = client_of(world.people.secretary)
    html = client.post(create_url(world), meeting_post(year="2019", held_on="14/07/2019")).content.decode()
    assert "không phải là thư ký của khối trong năm 2019" in error_text(html, "id_year_error")
    assert client.get(create_url(world, 2019)).status_code == 404


def test_board_staff_create_a_meeting_of_any_year(world):
    response = client_of(world.people.board).post(
        create_url(world, 2019), meeting_post(year="2019", held_on="14/07/2019")
    )
    assert response.status_code == 302
    assert Meeting.objects.filter(year=2019).exists()


def test_the_bloc_page_offers_the_create_button_to_the_secretary_and_board_only(world):
    url = reverse("blocs:detail", kwargs={"pk": world.bloc.pk})
    create = reverse("meetings:create", kwargs={"bloc_pk": world.bloc.pk})
    for who, shown in (("secretary", True), ("board", True), ("member", False)):
        html = client_of(getattr(world.people, who)).get(url, {"year": 2017}).content.decode()
        assert (create in html) is shown, who


# --- General information: the version check -------------------------------------------------------------


def update_url(world) -> str:
    return reverse("meetings:update", kwargs={"pk": world.meeting.pk})


def loaded_form(client, url) -> dict:
    """The form's fields as the page filled them in, its version included (what the user's browser would send
    back)."""
    response = client.get(url)
    form = response.context["form"]
    version_form = response.context["version_form"]
    data = {"version": version_form["version"].value(), "loaded": version_form["loaded"].value()}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            value = ""
        elif isinstance(value, datetime.date):
            value = value.strftime("%d/%m/%Y")
        elif isinstance(value, datetime.time):
            value = value.strftime("%H:%M")
        data[name] = value
    return data


def test_edit_saves_with_the_version_loaded(world):
    client = client_of(world.people.secretary)
    data = loaded_form(client, update_url(world))
    data["venue"] = "Hội trường Văn phòng HĐND tỉnh"
    assert client.post(update_url(world), data).status_code == 302
    world.meeting.refresh_from_db()
    assert world.meeting.venue == "Hội trường Văn phòng HĐND tỉnh" and world.meeting.version == 2


def test_a_stale_save_is_refused_names_what_changed_and_keeps_the_users_input(world):
    secretary = client_of(world.people.secretary)
    data = loaded_form(secretary, update_url(world))
    # Meanwhile board staff change the venue and the start time.
    meeting_update(meeting=world.meeting, venue="Phòng họp số 2", start_time=datetime.time(14, 0))
    data["title"] = "Tên do thư ký vừa gõ"
    response = secretary.post(update_url(world), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "đã được người khác sửa" in html
    conflict = html[html.index('id="conflict"') :]
    assert "Địa điểm: Hội trường A → Phòng họp số 2" in conflict and "Giờ bắt đầu: (trống) → 14:00" in conflict
    assert "Tên hội nghị" not in conflict[: conflict.index("</ul>")]
    assert 'value="Tên do thư ký vừa gõ"' in html
    world.meeting.refresh_from_db()
    assert world.meeting.venue == "Phòng họp số 2" and world.meeting.title != "Tên do thư ký vừa gõ"
    # The page now carries the current version: saving again is a deliberate overwrite.
    version_form = response.context["version_form"]
    assert version_form["version"].value() == world.meeting.version
    again = {**data, "version": str(world.meeting.version), "loaded": version_form["loaded"].value()}
    assert secretary.post(update_url(world), again).status_code == 302
    world.meeting.refresh_from_db()
    assert world.meeting.title == "Tên do thư ký vừa gõ"


def test_content_saves_directions_one_a_line_with_the_version_check(world):
    client = client_of(world.people.secretary)
    url = reverse("meetings:content", kwargs={"pk": world.meeting.pk})
    data = loaded_form(client, url)
    data.update(report="Báo cáo năm 2017.", directions="Nhiệm vụ một\n\n  Nhiệm vụ hai  \n")
    assert client.post(url, data).status_code == 302
    world.meeting.refresh_from_db()
    assert world.meeting.directions == ["Nhiệm vụ một", "Nhiệm vụ hai"]
    stale = {**data, "shortcomings": "Gõ sau"}
    html = client.post(url, stale).content.decode()
    assert "đã được người khác sửa" in html and "Gõ sau" in html
    assert (
        json.loads(client.get(url).context["version_form"]["loaded"].value())["directions"]
        == "Nhiệm vụ một\nNhiệm vụ hai"
    )


def test_a_finalized_meeting_sends_the_editors_back_to_its_page(world):
    Meeting.objects.filter(pk=world.meeting.pk).update(status=Meeting.Status.FINALIZED)
    client = client_of(world.people.secretary)
    response = client.get(update_url(world))
    assert response.status_code == 302 and response["Location"] == reverse("meetings:detail", args=[world.meeting.pk])
    html = client.get(reverse("meetings:detail", args=[world.meeting.pk])).content.decode()
    assert update_url(world) not in html


# --- The meeting page -------------------------------------------------------------------------------------


def record(meeting, agencies, organizer, *, guests: int = 1):
    """Attendance (all but the last present), people, one proposal per member (ballots), ranking, election."""
    attendance_record(
        meeting=meeting,
        rows=[
            {"agency": a, "present": i < len(agencies) - 1, "representative": f"Người {i}", "title": "Giám đốc"}
            for i, a in enumerate(agencies)
        ],
    )
    participants_set(
        meeting=meeting,
        presiding=[{"name": "Nguyễn Thị Hồng Nhung", "title": "Chánh Văn phòng", "agency": agencies[0]}],
        secretary={"name": "Lê Thị Mỹ Dung", "title": "Chuyên viên", "agency": agencies[0]},
        guests=[{"name": f"Khách {i}", "organization": "Ban Thi đua - Khen thưởng"} for i in range(guests)],
    )
    voters = [a.pk for a in agencies[:-1]]
    for agency in agencies:
        proposal_create(
            meeting=meeting,
            nominee=agency,
            award_type=award(organizer, "BK_TINH"),
            ballots=dict.fromkeys(voters, "for"),
        )
    ranking_record(meeting=meeting, ranks={a.pk: i for i, a in enumerate(agencies, 1)})
    leadership_elect(meeting=meeting, chair=agencies[1], vice_chair=agencies[2])


def test_the_page_shows_the_whole_record(world):
    record(world.meeting, world.agencies, world.organizer)
    proposal = world.meeting.proposals.first()
    decision = Decision.objects.create(
        organizer=world.organizer, number="15/QĐ-UBND", signed_on=datetime.date(2018, 3, 1)
    )
    DecisionAward.objects.create(decision=decision, proposal=proposal)
    html = client_of(world.people.member).get(reverse("meetings:detail", args=[world.meeting.pk])).content.decode()
    for text in (
        "04/01/2018", "Hội trường A", "10/11 đơn vị có mặt", "Nguyễn Thị Hồng Nhung", "Lê Thị Mỹ Dung", "Khách 0",
        "Bằng khen của Chủ tịch UBND tỉnh", "10 đồng ý, 0 không đồng ý, 0 không biểu quyết", "Đạt:",
        "10/10 số đơn vị có mặt đồng ý", "15/QĐ-UBND", "Biên bản được tạo khi chốt hội nghị.",
    ):  # fmt: skip
        assert text in html, text
    election = html[html.index('id="election"') :]
    assert election.index(world.agencies[1].name) < election.index(world.agencies[2].name)


@pytest.mark.parametrize(("who", "queries"), [("board", 11), ("secretary", 12), ("member", 12)])
def test_the_page_runs_a_fixed_number_of_queries_at_1x_and_10x(organizer, django_assert_num_queries, who, queries):
    """Session, user, meeting (with the access rule: the agency's lineage is a subquery), members, attendance,
    people, proposals, ballots, ranking, election, minutes; for a secretary or a member, one more: whether
    they enter the year's records (chair agency or assigned, in one query)."""

    def build(count: int):
        bloc, agencies = bloc_with_members(count, organizer=organizer)
        people = bloc_people(bloc, agencies, years=(2017,))
        meeting = Meeting.objects.create(
            bloc=bloc, kind=Meeting.Kind.YEAR_END_REVIEW, year=2017, held_on=datetime.date(2018, 1, 4)
        )
        record(meeting, agencies, organizer, guests=count)
        return meeting, getattr(people, who)

    for count in (3, 30):
        meeting, user = build(count)
        client = client_of(user)
        with django_assert_num_queries(queries):
            response = client.get(reverse("meetings:detail", args=[meeting.pk]))
        assert response.status_code == 200
        assert response.content.decode().count("bi-check-lg") == count - 1


def test_the_page_shows_the_names_of_the_year_even_after_a_membership_ended(world):
    newcomer = AgencyFactory(organizer=world.organizer, name="Đơn vị mới 2019")
    Membership.objects.create(bloc=world.bloc, agency=newcomer, from_year=2019)
    html = client_of(world.people.board).get(reverse("meetings:detail", args=[world.meeting.pk])).content.decode()
    assert "Đơn vị mới 2019" not in html
    assert "Khối có 11 đơn vị thành viên trong năm" in html or "Chưa điểm danh" in html


def test_the_tally_of_a_proposal_voted_as_a_tally_shows(world):
    proposal_create(
        meeting=world.meeting,
        nominee=world.agencies[0],
        award_type=award(world.organizer, "CO_CP"),
        tally=Tally(11),
    )
    html = client_of(world.people.board).get(reverse("meetings:detail", args=[world.meeting.pk])).content.decode()
    assert "11 đồng ý, 0 không đồng ý, 0 không biểu quyết" in html and "Cờ thi đua của Chính phủ" in html


@pytest.mark.parametrize(("who", "queries"), [("board", 11), ("secretary", 12), ("member", 12)])
def test_a_pledge_signing_meeting_page_reads_its_pledge_within_the_same_limit(
    organizer, django_assert_num_queries, who, queries
):
    """A signing meeting has no proposals (so no ballots are read) and one query more: the year's pledge with
    its counts of criteria and signatures, shown with its link."""
    bloc, agencies = bloc_with_members(5, organizer=organizer, year=2018)
    people = bloc_people(bloc, agencies, years=(2018,))
    pledge = pledge_create(bloc=bloc, year=2018, criteria=[{"code": "1", "title": "Tiêu chí", "max_points": 100}])
    signature_record(pledge=pledge, agency=agencies[0], signer="Lê Văn Ký")
    meeting = Meeting.objects.create(
        bloc=bloc, kind=Meeting.Kind.PLEDGE_SIGNING, year=2018, held_on=datetime.date(2018, 2, 2)
    )
    client = client_of(getattr(people, who))
    with django_assert_num_queries(queries):
        html = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "1 tiêu chí; 1/5 đơn vị đã ký." in html and reverse("pledges:detail", args=[pledge.pk]) in html
    assert 'id="de-nghi"' not in html and 'id="bau"' not in html
