"""Pledge pages: detail, creation (and copy), criteria, signatures and the score grid."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blocs.tests.factories import bloc_people, bloc_with_members
from core.numbers import typed_number
from core.tests.html import error_text
from meetings.models import Meeting
from meetings.tests.factories import MeetingFactory
from members.models import Agency
from members.tests.factories import PASSWORD, OrganizerFactory
from pledges.models import Criterion, Pledge, Score, Signature
from pledges.selectors import competition_ranks
from pledges.services import pledge_create, scores_record, signature_record

pytestmark = pytest.mark.django_db

YEAR = 2025
CRITERIA = [
    {"code": "1", "title": "Thực hiện nhiệm vụ chính trị, chuyên môn", "max_points": 40},
    {"code": "2", "title": "Cải cách hành chính, chuyển đổi số", "max_points": "35.5"},
    {"code": "3", "title": "Tổ chức phong trào thi đua", "max_points": "24.5"},
]


@pytest.fixture
def setting(organizer):
    """A 5-member bloc chaired by its first agency in 2025 and 2026, with the 2025 pledge: (bloc, agencies,
    pledge, people)."""
    bloc, agencies = bloc_with_members(5, organizer=organizer, name="Khối thi đua Tham mưu - Tổng hợp")
    pledge = pledge_create(bloc=bloc, year=YEAR, criteria=CRITERIA, signed_on=datetime.date(2025, 1, 10))
    people = bloc_people(bloc, agencies, years=(YEAR, YEAR + 1))
    return bloc, agencies, pledge, people


def login(client, user):
    if user is not None:
        client.login(username=user.username, password=PASSWORD)
    return client


def criteria_post(rows, *, initial=0, extra=()):
    data = {
        "criteria-TOTAL_FORMS": str(len(rows) + len(extra)),
        "criteria-INITIAL_FORMS": str(initial),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate([*rows, *extra]):
        for field, value in row.items():
            data[f"criteria-{index}-{field}"] = value
    return data


# Who may do what


def read_urls(pledge):
    return [reverse("pledges:detail", args=[pledge.pk])]


def edit_urls(pledge):
    return [
        reverse("pledges:criteria", args=[pledge.pk]),
        reverse("pledges:signatures", args=[pledge.pk]),
        reverse("pledges:scores", args=[pledge.pk]),
        reverse("pledges:create", args=[pledge.bloc_id]) + f"?year={YEAR + 1}",
    ]


def test_anonymous_is_sent_to_login(client, setting):
    _, _, pledge, _ = setting
    for url in [*read_urls(pledge), *edit_urls(pledge)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    response = client.post(reverse("pledges:copy", args=[pledge.bloc_id]), {"year": YEAR + 1})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["other_board", "outsider"])
def test_board_of_another_province_and_non_member_agency_get_404_everywhere(client, setting, who):
    bloc, _, pledge, people = setting
    login(client, getattr(people, who))
    for url in [*read_urls(pledge), *edit_urls(pledge)]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert bloc.name not in response.content.decode()
    assert client.post(reverse("pledges:copy", args=[bloc.pk]), {"year": YEAR + 1}).status_code == 404
    assert client.post(reverse("pledges:scores", args=[pledge.pk]), {}).status_code == 404


def test_member_agency_reads_the_pledge_but_cannot_edit(client, setting):
    bloc, _, pledge, people = setting
    login(client, people.member)
    body = client.get(reverse("pledges:detail", args=[pledge.pk])).content.decode()
    assert "Thực hiện nhiệm vụ chính trị, chuyên môn" in body
    assert reverse("pledges:scores", args=[pledge.pk]) not in body
    assert reverse("pledges:criteria", args=[pledge.pk]) not in body
    for url in edit_urls(pledge):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("pledges:copy", args=[bloc.pk]), {"year": YEAR + 1}).status_code == 404
    assert not Pledge.objects.filter(year=YEAR + 1).exists()


@pytest.mark.parametrize("who", ["secretary", "board"])
def test_secretary_of_the_year_and_board_staff_edit(client, setting, who):
    _, _, pledge, people = setting
    login(client, getattr(people, who))
    for url in [*read_urls(pledge), *edit_urls(pledge)]:
        assert client.get(url).status_code == 200, url
    body = client.get(reverse("pledges:detail", args=[pledge.pk])).content.decode()
    assert reverse("pledges:scores", args=[pledge.pk]) in body


def test_secretary_of_another_year_cannot_edit(client, setting):
    bloc, _, _, people = setting
    login(client, people.secretary)
    assert client.get(reverse("pledges:create", args=[bloc.pk]), {"year": 2030}).status_code == 404
    other = pledge_create(bloc=bloc, year=2030, criteria=CRITERIA)
    assert client.get(reverse("pledges:detail", args=[other.pk])).status_code == 200
    assert client.get(reverse("pledges:scores", args=[other.pk])).status_code == 404


def test_pledge_page_shows_nothing_of_another_bloc_or_province(client, setting, organizer):
    _, _, pledge, people = setting
    neighbour, _ = bloc_with_members(3, organizer=organizer, name="Khối thi đua Nội chính")
    neighbour_pledge = pledge_create(
        bloc=neighbour, year=YEAR - 1, criteria=[{"code": "A", "title": "Tiêu chí hàng xóm", "max_points": 5}]
    )
    foreign, _ = bloc_with_members(3, organizer=OrganizerFactory(), name="Khối tỉnh bạn")
    foreign_pledge = pledge_create(
        bloc=foreign, year=YEAR, criteria=[{"code": "B", "title": "Tiêu chí tỉnh bạn", "max_points": 5}]
    )
    for user in (people.board, people.member):
        login(client, user)
        body = client.get(reverse("pledges:detail", args=[pledge.pk])).content.decode()
        for text in ("Khối thi đua Nội chính", "Tiêu chí hàng xóm", "Khối tỉnh bạn", "Tiêu chí tỉnh bạn"):
            assert text not in body
        assert reverse("pledges:detail", args=[neighbour_pledge.pk]) not in body
        assert client.get(reverse("pledges:detail", args=[foreign_pledge.pk])).status_code == 404


# Detail


def test_detail_shows_the_scale_signatures_and_ranking(client, setting):
    _, agencies, pledge, people = setting
    criteria = list(pledge.criteria.all())
    signature_record(pledge=pledge, agency=agencies[1], signer="Nguyễn Văn Thành", title="Chánh Văn phòng")
    scores_record(
        pledge=pledge,
        points={(agencies[1].pk, criteria[0].pk): 40, (agencies[2].pk, criteria[0].pk): "38.5"},
    )
    login(client, people.member)
    body = client.get(reverse("pledges:detail", args=[pledge.pk])).content.decode()
    assert "Tổng thang điểm" in body and ">100<" in body  # 40 + 35,5 + 24,5
    assert "35,5" in body
    assert "Nguyễn Văn Thành" in body and "Chưa ký" in body
    assert "38,5" in body
    assert body.index(agencies[1].name, body.index("scores-heading")) < body.index(
        agencies[2].name, body.index("scores-heading")
    )


def test_ranking_gives_equal_totals_the_same_rank():
    totals = {"a": Decimal("90"), "b": Decimal("95.5"), "c": Decimal("90"), "d": Decimal("80"), "e": None}
    assert competition_ranks(totals) == {"b": 1, "a": 2, "c": 2, "d": 4}


@pytest.mark.parametrize(
    ("typed", "read"), [("8,5", "8.5"), (" 8.5 ", "8.5"), ("10", "10"), ("1.234,5", "1234.5"), ("", "")]
)
def test_points_are_read_with_a_comma_or_a_dot(typed, read):
    assert typed_number(typed) == read


# Create and copy


def test_secretary_creates_the_years_pledge_with_comma_decimals(client, setting):
    bloc, _, _, people = setting
    login(client, people.secretary)
    url = reverse("pledges:create", args=[bloc.pk]) + f"?year={YEAR + 1}"
    rows = [
        {"code": "1", "title": "Nhiệm vụ chính trị", "max_points": "60"},
        {"code": "2", "title": "Chuyển đổi số", "max_points": "7,5"},
    ]
    data = {"signed_on": "08/01/2026", **criteria_post(rows, extra=[{"code": "", "title": "", "max_points": ""}])}
    response = client.post(url, data)
    pledge = Pledge.objects.get(bloc=bloc, year=YEAR + 1)
    assert response.status_code == 302 and response["Location"] == reverse("pledges:detail", args=[pledge.pk])
    assert pledge.signed_on == datetime.date(2026, 1, 8)
    assert [(c.code, c.max_points) for c in pledge.criteria.all()] == [("1", Decimal("60")), ("2", Decimal("7.5"))]


def test_create_page_of_an_existing_pledge_leads_to_it(client, setting):
    bloc, _, pledge, people = setting
    login(client, people.board)
    response = client.get(reverse("pledges:create", args=[bloc.pk]), {"year": YEAR})
    assert response.status_code == 302 and response["Location"] == reverse("pledges:detail", args=[pledge.pk])


@pytest.mark.parametrize(
    ("rows", "element", "message"),
    [
        (
            [{"code": "1", "title": "A", "max_points": "10"}, {"code": "1", "title": "B", "max_points": "5"}],
            "id_criteria-1-code_error",
            "Mã tiêu chí đã có trong giao ước.",
        ),
        ([{"code": "1", "title": "A", "max_points": "mười"}], "id_criteria-0-max_points_error", "Nhập số điểm"),
        (
            [{"code": "1", "title": "A", "max_points": "0"}],
            "id_criteria-0-max_points_error",
            "Điểm tối đa phải lớn hơn 0.",
        ),
        ([{"code": "1", "title": "", "max_points": "5"}], "id_criteria-0-title_error", "Trường này là bắt buộc."),
    ],
)
def test_create_form_errors_are_shown_beside_the_field(client, setting, rows, element, message):
    bloc, _, _, people = setting
    login(client, people.secretary)
    response = client.post(
        reverse("pledges:create", args=[bloc.pk]) + f"?year={YEAR + 1}", {"signed_on": "", **criteria_post(rows)}
    )
    assert response.status_code == 200
    assert message in (error_text(response.content.decode(), element) or "")
    assert not Pledge.objects.filter(year=YEAR + 1).exists()


def test_create_form_errors_keep_what_was_typed(client, setting):
    bloc, _, _, people = setting
    login(client, people.secretary)
    rows = [
        {"code": "1", "title": "Nội dung đã gõ", "max_points": "7,5"},
        {"code": "1", "title": "B", "max_points": "x"},
    ]
    body = client.post(
        reverse("pledges:create", args=[bloc.pk]) + f"?year={YEAR + 1}",
        {"signed_on": "32/01/2026", **criteria_post(rows)},
    ).content.decode()
    assert "Nội dung đã gõ" in body and 'value="7,5"' in body and 'value="32/01/2026"' in body
    assert "ngày/tháng/năm" in error_text(body, "id_signed_on_error")
    assert "Mã tiêu chí đã có trong giao ước." in error_text(body, "id_criteria-1-code_error")
    assert "Nhập số điểm" in error_text(body, "id_criteria-1-max_points_error")


def test_create_without_any_criterion_is_refused(client, setting):
    bloc, _, _, people = setting
    login(client, people.secretary)
    body = client.post(
        reverse("pledges:create", args=[bloc.pk]) + f"?year={YEAR + 1}",
        criteria_post([], extra=[{"code": "", "title": "", "max_points": ""}]),
    ).content.decode()
    assert "Giao ước phải có ít nhất một tiêu chí." in body
    assert not Pledge.objects.filter(year=YEAR + 1).exists()


def test_copy_from_last_year_creates_the_pledge_with_the_same_criteria(client, setting):
    bloc, _, pledge, people = setting
    login(client, people.secretary)
    body = client.get(reverse("pledges:create", args=[bloc.pk]), {"year": YEAR + 1}).content.decode()
    assert f"Sao chép từ năm {YEAR}" in body
    response = client.post(reverse("pledges:copy", args=[bloc.pk]), {"year": YEAR + 1})
    copy = Pledge.objects.get(bloc=bloc, year=YEAR + 1)
    assert response["Location"] == reverse("pledges:detail", args=[copy.pk])
    assert [(c.code, c.title, c.max_points) for c in copy.criteria.all()] == [
        (c.code, c.title, c.max_points) for c in pledge.criteria.all()
    ]


def test_copy_when_the_year_already_has_a_pledge_says_so(client, setting):
    bloc, _, _, people = setting
    pledge_create(bloc=bloc, year=YEAR + 1, criteria=CRITERIA)
    login(client, people.board)
    response = client.post(reverse("pledges:copy", args=[bloc.pk]), {"year": YEAR + 1}, follow=True)
    assert "Khối đã có giao ước thi đua" in response.content.decode()
    assert Pledge.objects.filter(bloc=bloc, year=YEAR + 1).count() == 1


# Criteria


def existing_rows(pledge):
    return [{"code": c.code, "title": c.title, "max_points": str(c.max_points)} for c in pledge.criteria.all()]


def test_criteria_are_edited_while_nothing_is_scored(client, setting):
    _, _, pledge, people = setting
    login(client, people.secretary)
    rows = existing_rows(pledge)
    rows[0]["max_points"] = "30"
    rows[2]["DELETE"] = "on"
    extra = [
        {"code": "4", "title": "Đổi mới sáng tạo", "max_points": "10,5"},
        {"code": "", "title": "", "max_points": ""},
    ]
    response = client.post(reverse("pledges:criteria", args=[pledge.pk]), criteria_post(rows, initial=3, extra=extra))
    assert response.status_code == 302
    assert [(c.code, c.max_points) for c in pledge.criteria.all()] == [
        ("1", Decimal("30")),
        ("2", Decimal("35.5")),
        ("4", Decimal("10.5")),
    ]


def test_criteria_page_shows_the_service_refusal_beside_the_row(client, setting):
    _, _, pledge, people = setting
    login(client, people.board)
    rows = existing_rows(pledge)
    rows[1]["code"] = "1"
    response = client.post(reverse("pledges:criteria", args=[pledge.pk]), criteria_post(rows, initial=3))
    assert "Mã tiêu chí đã có trong giao ước." in error_text(response.content.decode(), "id_criteria-1-code_error")
    assert pledge.criteria.count() == 3


def test_criteria_are_locked_once_a_score_exists(client, setting):
    _, agencies, pledge, people = setting
    first = pledge.criteria.first()
    scores_record(pledge=pledge, points={(agencies[1].pk, first.pk): 30})
    login(client, people.secretary)
    response = client.get(reverse("pledges:criteria", args=[pledge.pk]), follow=True)
    assert "Giao ước đã có điểm chấm nên không thể sửa tiêu chí." in response.content.decode()
    client.post(reverse("pledges:criteria", args=[pledge.pk]), criteria_post(existing_rows(pledge)[:1], initial=3))
    assert pledge.criteria.count() == 3


def test_criteria_are_locked_once_the_signing_meeting_is_finalized(client, setting):
    bloc, _, pledge, people = setting
    MeetingFactory(
        bloc=bloc, year=YEAR - 1, held_on=datetime.date(2025, 1, 10), pledge_year=YEAR, status=Meeting.Status.FINALIZED
    )
    login(client, people.board)
    response = client.get(reverse("pledges:criteria", args=[pledge.pk]), follow=True)
    assert "hội nghị đã chốt biên bản, nên không thể sửa tiêu chí" in response.content.decode()


# Signatures


def signature_post(agencies, rows, signed_on="10/01/2025"):
    data = {"signed_on": signed_on}
    for agency in agencies:
        row = rows.get(agency, {})
        for field in ("signer", "title", "signed_on"):
            data[f"{agency.pk}-{field}"] = row.get(field, "")
    return data


def test_signatures_are_recorded_with_vietnamese_dates(client, setting):
    _, agencies, pledge, people = setting
    signature_record(pledge=pledge, agency=agencies[3], signer="Người cũ", title="Giám đốc")
    login(client, people.secretary)
    rows = {agencies[0]: {"signer": "Bùi Đức Trọng", "title": "Giám đốc", "signed_on": "04/01/2025"}}
    response = client.post(reverse("pledges:signatures", args=[pledge.pk]), signature_post(agencies, rows))
    assert response.status_code == 302
    signature = Signature.objects.get(pledge=pledge)  # the emptied row withdrew agencies[3]'s signature
    assert (signature.agency, signature.signer, signature.signed_on) == (
        agencies[0],
        "Bùi Đức Trọng",
        datetime.date(2025, 1, 4),
    )


def test_signature_date_error_is_shown_beside_the_field(client, setting):
    _, agencies, pledge, people = setting
    login(client, people.secretary)
    rows = {agencies[0]: {"signer": "Bùi Đức Trọng", "title": "Giám đốc", "signed_on": "2025/31/01"}}
    body = client.post(reverse("pledges:signatures", args=[pledge.pk]), signature_post(agencies, rows)).content.decode()
    assert "Nhập ngày theo dạng ngày/tháng/năm" in error_text(body, f"id_{agencies[0].pk}-signed_on_error")
    assert 'value="Bùi Đức Trọng"' in body
    assert not Signature.objects.exists()


# Scores


def grid_post(agencies, criteria, values):
    return {f"{a.pk}-{c.pk}": values.get((a, c), "") for a in agencies for c in criteria}


def test_scores_accept_comma_decimals_and_rank_the_members(client, setting):
    _, agencies, pledge, people = setting
    c1, c2, c3 = pledge.criteria.all()
    login(client, people.secretary)
    values = {
        (agencies[0], c1): "38,5", (agencies[0], c2): "30",
        (agencies[1], c1): "40", (agencies[1], c2): "28.5",
        (agencies[2], c1): "39", (agencies[2], c2): "29,5",
    }  # fmt: skip
    response = client.post(reverse("pledges:scores", args=[pledge.pk]), grid_post(agencies, [c1, c2, c3], values))
    assert response.status_code == 302
    assert Score.objects.get(agency=agencies[0], criterion=c1).points == Decimal("38.5")
    body = client.get(response["Location"]).content.decode()
    assert 'value="38,5"' in body
    # 68,5 for every one of the three: they share rank 1; the two not scored have none.
    assert body.count(">68,5<") == 3


def test_score_errors_are_shown_in_the_cell_and_nothing_typed_is_lost(client, setting):
    _, agencies, pledge, people = setting
    c1, c2, c3 = pledge.criteria.all()
    login(client, people.board)
    values = {(agencies[0], c1): "38,5", (agencies[1], c1): "45", (agencies[2], c2): "tám"}
    response = client.post(reverse("pledges:scores", args=[pledge.pk]), grid_post(agencies, [c1, c2, c3], values))
    body = response.content.decode()
    assert response.status_code == 200
    assert "vượt quá điểm tối đa" in error_text(body, f"id_{agencies[1].pk}-{c1.pk}_error")
    assert "không phải là một số điểm hợp lệ" in error_text(body, f"id_{agencies[2].pk}-{c2.pk}_error")
    assert error_text(body, f"id_{agencies[0].pk}-{c1.pk}_error") is None
    assert 'value="38,5"' in body and 'value="45"' in body and 'value="tám"' in body
    assert not Score.objects.exists()  # the sheet is saved whole or not at all


def test_an_emptied_cell_clears_the_score(client, setting):
    _, agencies, pledge, people = setting
    criteria = list(pledge.criteria.all())
    scores_record(pledge=pledge, points={(agencies[0].pk, criteria[0].pk): 30})
    login(client, people.secretary)
    client.post(reverse("pledges:scores", args=[pledge.pk]), grid_post(agencies, criteria, {}))
    assert not Score.objects.exists()


# Fixed number of queries


def sized_pledge(organizer, size):
    """A bloc of ``3 × size`` members and a pledge of ``2 × size`` criteria, every cell scored."""
    bloc, agencies = bloc_with_members(3 * size, organizer=organizer)
    criteria = [{"code": str(i), "title": f"Tiêu chí {i}", "max_points": 10} for i in range(2 * size)]
    pledge = pledge_create(bloc=bloc, year=YEAR, criteria=criteria)
    ids = list(Criterion.objects.filter(pledge=pledge).values_list("pk", flat=True))
    Score.objects.bulk_create(Score(criterion_id=c, agency=a, points=5) for a in agencies for c in ids)
    Signature.objects.bulk_create(Signature(pledge=pledge, agency=a, signer="Ông A") for a in agencies)
    return bloc, agencies, pledge


@pytest.mark.parametrize(
    ("page", "who"),
    [
        ("pledges:detail", "board"),
        ("pledges:detail", "secretary"),
        ("pledges:detail", "member"),
        ("pledges:scores", "board"),
        ("pledges:scores", "secretary"),
    ],
)
def test_pages_run_a_fixed_number_of_queries(client, organizer, page, who):
    counts = []
    for size in (1, 10):
        bloc, agencies, pledge = sized_pledge(organizer, size)
        client.logout()
        login(client, getattr(bloc_people(bloc, agencies, years=(YEAR,)), who))
        client.get(reverse(page, args=[pledge.pk]))  # settles the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(page, args=[pledge.pk]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 14, counts


def test_agencies_of_another_year_are_not_in_the_grid(client, setting):
    bloc, agencies, pledge, people = setting
    leaving = Agency.objects.get(pk=agencies[4].pk)
    bloc.memberships.filter(agency=leaving).update(to_year=YEAR - 1)
    login(client, people.board)
    body = client.get(reverse("pledges:scores", args=[pledge.pk])).content.decode()
    assert leaving.name not in body


def test_saving_an_unchanged_sheet_writes_no_score(client, setting):
    _, agencies, pledge, people = setting
    criteria = list(pledge.criteria.all())
    scores_record(pledge=pledge, points={(agencies[0].pk, criteria[0].pk): "30.5"})
    login(client, people.secretary)
    data = grid_post(agencies, criteria, {(agencies[0], criteria[0]): "30,5"})
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("pledges:scores", args=[pledge.pk]), data)
    assert response.status_code == 302
    assert not [
        q["sql"] for q in queries if "score" in q["sql"].lower() and q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))
    ]
