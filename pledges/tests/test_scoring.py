"""Self-scoring: the secretary opens it, each member agency scores itself with evidence and submits once, the
secretary reviews each line; totals, bands and ranks follow from the reviewed points (``score_sheet``)."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from blocs.tests.factories import bloc_people, bloc_with_members
from history.models import AuditEntry
from members.tests.factories import AgencyFactory, UserFactory
from notices.models import Notification
from pledges import scoring
from pledges.models import EVIDENCE_MAX_BYTES, Band, Criterion, Evidence, Score, ScoreSubmission, SelfScore
from pledges.selectors import score_sheet, scoring_tasks
from pledges.services import pledge_create

pytestmark = pytest.mark.django_db

YEAR = 2025
CRITERIA = [
    {"code": "1", "title": "Thực hiện nhiệm vụ chính trị", "max_points": 60},
    {"code": "2", "title": "Phong trào thi đua", "max_points": 40},
    {"code": "T", "title": "Sáng kiến được công nhận", "max_points": 5},
    {"code": "Tr", "title": "Vi phạm kỷ luật", "max_points": 10},
]
PDF = b"%PDF-1.7\n% minh chung\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)
JPEG = b"\xff\xd8\xff\xe0" + bytes(32)


def office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def upload(name: str = "minh-chung.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def setting(organizer):
    """A 4-member bloc chaired by its first agency, the pledge (two standard criteria, a bonus, a deduction)
    with bands, self-scoring open for a week, and a user of each agency."""
    bloc, agencies = bloc_with_members(4, organizer=organizer, year=YEAR, name="Khối thi đua Kinh tế")
    pledge = pledge_create(bloc=bloc, year=YEAR, criteria=CRITERIA)
    kinds = {"T": Criterion.Kind.BONUS, "Tr": Criterion.Kind.DEDUCTION}
    for criterion in pledge.criteria.all():
        if criterion.code in kinds:
            criterion.kind = kinds[criterion.code]
            criterion.save(update_fields=["kind"])
    Band.objects.bulk_create(
        Band(pledge=pledge, name=name, min_points=points)
        for name, points in [("Xuất sắc", 95), ("Tốt", 85), ("Khá", 70)]
    )
    people = bloc_people(bloc, agencies, years=(YEAR,))
    users = [people.secretary, UserFactory(organizer=organizer, agency=agencies[1]), people.member]
    users.append(UserFactory(organizer=organizer, agency=agencies[3]))
    scoring.scoring_open(pledge=pledge, deadline=timezone.localdate() + datetime.timedelta(days=7), by=people.secretary)
    criteria = {c.code: c for c in pledge.criteria.all()}
    return pledge, agencies, users, people, criteria


def lines(criteria, **points):
    return {criteria[code].pk: {"points": value, "explanation": f"Giải trình {code}"} for code, value in points.items()}


def score_all(pledge, agency, user, criteria, one=55, two=35, bonus=3, deduction=2):
    # Python names cannot be "1": the codes are mapped here.
    rows = {
        criteria["1"].pk: {"points": one, "explanation": ""},
        criteria["2"].pk: {"points": two, "explanation": ""},
        criteria["T"].pk: {"points": bonus, "explanation": ""},
        criteria["Tr"].pk: {"points": deduction, "explanation": ""},
    }
    return scoring.self_score_save(pledge=pledge, agency=agency, lines=rows, by=user)


def submit_all(pledge, agencies, users, criteria, points):
    for agency, user, values in zip(agencies, users, points, strict=False):
        score_all(pledge, agency, user, criteria, *values)
        scoring.self_scoring_submit(pledge=pledge, agency=agency, by=user)


def accept_all(pledge, agency, criteria, by):
    for criterion in criteria.values():
        scoring.score_review(pledge=pledge, agency=agency, criterion=criterion, accept=True, by=by)


# -- services -----------------------------------------------------------------------------------------------


def test_a_draft_is_saved_changed_and_cleared(setting):
    pledge, agencies, users, _people, criteria = setting
    score_all(pledge, agencies[2], users[2], criteria)
    assert SelfScore.objects.filter(agency=agencies[2]).count() == 4
    scoring.self_score_save(
        pledge=pledge,
        agency=agencies[2],
        lines={criteria["1"].pk: {"points": "50.5", "explanation": "Đạt"}, criteria["T"].pk: {"points": ""}},
        by=users[2],
    )
    rows = {s.criterion.code: s for s in SelfScore.objects.filter(agency=agencies[2]).select_related("criterion")}
    assert rows["1"].points == Decimal("50.5") and rows["1"].explanation == "Đạt"
    assert "T" not in rows
    assert not Score.objects.filter(agency=agencies[2]).exists()  # the bloc's points come only from the review


def test_points_outside_zero_to_max_are_refused_for_every_kind(setting):
    pledge, agencies, users, _people, criteria = setting
    with pytest.raises(ValidationError) as refused:
        scoring.self_score_save(
            pledge=pledge,
            agency=agencies[2],
            lines={
                criteria["1"].pk: {"points": "61"},
                criteria["T"].pk: {"points": "-1"},
                criteria["Tr"].pk: {"points": "abc"},
            },
            by=users[2],
        )
    assert set(refused.value.message_dict) == {f"{criteria[c].pk}-points" for c in ("1", "T", "Tr")}
    assert "vượt quá điểm tối đa" in refused.value.message_dict[f"{criteria['1'].pk}-points"][0]
    assert not SelfScore.objects.exists()


def test_only_the_agencys_own_users_save_its_draft(setting):
    pledge, agencies, users, people, criteria = setting
    for stranger in (users[1], people.board, people.outsider):
        with pytest.raises(PermissionDenied):
            score_all(pledge, agencies[2], stranger, criteria)


def test_nothing_is_saved_before_the_round_opens(organizer):
    bloc, agencies = bloc_with_members(2, organizer=organizer, year=YEAR)
    pledge = pledge_create(bloc=bloc, year=YEAR, criteria=CRITERIA[:1])
    user = UserFactory(organizer=organizer, agency=agencies[1])
    with pytest.raises(ValidationError, match="chưa mở tự chấm điểm"):
        scoring.self_score_save(pledge=pledge, agency=agencies[1], lines={}, by=user)


def test_submit_once_then_nothing_changes(setting):
    pledge, agencies, users, _people, criteria = setting
    score_all(pledge, agencies[2], users[2], criteria)
    evidence = scoring.evidence_add(
        self_score=SelfScore.objects.get(agency=agencies[2], criterion=criteria["1"]), upload=upload(), by=users[2]
    )
    scoring.self_scoring_submit(pledge=pledge, agency=agencies[2], by=users[2])
    assert ScoreSubmission.objects.filter(pledge=pledge, agency=agencies[2]).count() == 1
    refusals = [
        lambda: scoring.self_scoring_submit(pledge=pledge, agency=agencies[2], by=users[2]),
        lambda: score_all(pledge, agencies[2], users[2], criteria, 1),
        lambda: scoring.evidence_add(self_score=evidence.self_score, upload=upload(), by=users[2]),
        lambda: scoring.evidence_delete(evidence=evidence, by=users[2]),
    ]
    for refused in refusals:
        with pytest.raises(ValidationError, match="đã nộp bảng tự chấm điểm"):
            refused()
    assert ScoreSubmission.objects.count() == 1 and Evidence.objects.count() == 1
    assert SelfScore.objects.get(agency=agencies[2], criterion=criteria["1"]).points == 55


def test_submit_needs_every_criterion_scored(setting):
    pledge, agencies, users, _people, criteria = setting
    scoring.self_score_save(pledge=pledge, agency=agencies[2], lines={criteria["1"].pk: {"points": 10}}, by=users[2])
    with pytest.raises(ValidationError, match="Chưa tự chấm các tiêu chí: 2, T, Tr"):
        scoring.self_scoring_submit(pledge=pledge, agency=agencies[2], by=users[2])
    assert not ScoreSubmission.objects.exists()


def test_after_the_deadline_no_save_nor_submit(setting):
    pledge, agencies, users, _people, criteria = setting
    score_all(pledge, agencies[2], users[2], criteria)
    pledge.scoring.deadline = timezone.localdate() - datetime.timedelta(days=1)
    pledge.scoring.save(update_fields=["deadline"])
    with pytest.raises(ValidationError, match="Đã quá hạn nộp"):
        score_all(pledge, agencies[2], users[2], criteria, 1)
    with pytest.raises(ValidationError, match="Đã quá hạn nộp"):
        scoring.self_scoring_submit(pledge=pledge, agency=agencies[2], by=users[2])
    assert not ScoreSubmission.objects.exists()


def test_the_deadline_day_itself_is_open(setting):
    pledge, agencies, users, people, criteria = setting
    scoring.scoring_open(pledge=pledge, deadline=timezone.localdate(), by=people.secretary)
    score_all(pledge, agencies[2], users[2], criteria)
    scoring.self_scoring_submit(pledge=pledge, agency=agencies[2], by=users[2])


def test_opening_needs_a_secretary_and_a_deadline_not_past(setting):
    pledge, _agencies, users, people, _criteria = setting
    with pytest.raises(PermissionDenied):
        scoring.scoring_open(pledge=pledge, deadline=timezone.localdate(), by=users[2])
    with pytest.raises(ValidationError):
        scoring.scoring_open(pledge=pledge, deadline=timezone.localdate() - datetime.timedelta(days=1), by=people.board)


def test_review_accept_copies_the_agencys_points_and_adjust_needs_a_reason(setting):
    pledge, agencies, users, people, criteria = setting
    score_all(pledge, agencies[2], users[2], criteria)
    with pytest.raises(ValidationError, match="chưa nộp"):
        scoring.score_review(
            pledge=pledge, agency=agencies[2], criterion=criteria["1"], accept=True, by=people.secretary
        )
    scoring.self_scoring_submit(pledge=pledge, agency=agencies[2], by=users[2])
    version = pledge.version
    score = scoring.score_review(
        pledge=pledge, agency=agencies[2], criterion=criteria["1"], accept=True, by=people.secretary
    )
    assert (score.points, score.note) == (Decimal(55), "")
    assert pledge.version == version + 1
    with pytest.raises(ValidationError) as refused:
        scoring.score_review(
            pledge=pledge, agency=agencies[2], criterion=criteria["2"], points="30", by=people.secretary
        )
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        scoring.score_review(
            pledge=pledge, agency=agencies[2], criterion=criteria["2"], points="41", reason="x", by=people.secretary
        )
    assert "points" in refused.value.message_dict
    score = scoring.score_review(
        pledge=pledge,
        agency=agencies[2],
        criterion=criteria["2"],
        points="30.5",
        reason="  Thiếu minh chứng hội nghị  ",
        by=people.secretary,
    )
    assert (score.points, score.note) == (Decimal("30.5"), "Thiếu minh chứng hội nghị")
    with pytest.raises(PermissionDenied):
        scoring.score_review(pledge=pledge, agency=agencies[2], criterion=criteria["T"], accept=True, by=users[2])


def test_totals_subtract_deductions_add_bonus_and_reach_bands(setting):
    pledge, agencies, users, people, criteria = setting
    # 55 + 35 + 3 - 2 = 91 (Tốt); 60 + 40 + 0 - 10 = 90 (Tốt); 40 + 25 + 5 - 0 = 70 (Khá, the minimum itself)
    submit_all(pledge, agencies[1:], users[1:], criteria, [(55, 35, 3, 2), (60, 40, 0, 10), (40, 25, 5, 0)])
    for agency in agencies[1:]:
        accept_all(pledge, agency, criteria, people.secretary)
    rows = {row.agency.pk: row for row in score_sheet(pledge, agencies, list(pledge.criteria.all()))}
    assert [rows[a.pk].total for a in agencies[1:]] == [91, 90, 70]
    assert [rows[a.pk].band for a in agencies[1:]] == ["Tốt", "Tốt", "Khá"]
    assert [rows[a.pk].rank for a in agencies[1:]] == [1, 2, 3]
    assert rows[agencies[0].pk].total is None and rows[agencies[0].pk].rank is None
    # The secretary adds 5 points to the third: 95 reaches "Xuất sắc" and the first place.
    scoring.score_review(
        pledge=pledge, agency=agencies[3], criterion=criteria["1"], points=45, reason="Cộng nhiệm vụ", by=people.board
    )
    rows = {row.agency.pk: row for row in score_sheet(pledge, agencies, list(pledge.criteria.all()))}
    assert (rows[agencies[3].pk].total, rows[agencies[3].pk].band, rows[agencies[3].pk].rank) == (75, "Khá", 3)
    assert rows[agencies[3].pk].self_total == 70


def test_equal_reviewed_totals_share_a_rank(setting):
    pledge, agencies, users, people, criteria = setting
    submit_all(pledge, agencies[1:], users[1:], criteria, [(50, 30, 0, 0), (60, 20, 0, 0), (40, 30, 0, 0)])
    for agency in agencies[1:]:
        accept_all(pledge, agency, criteria, people.secretary)
    rows = {row.agency.pk: row for row in score_sheet(pledge, agencies, list(pledge.criteria.all()))}
    assert [rows[a.pk].rank for a in agencies[1:]] == [1, 1, 3]


def test_open_submit_and_review_are_audited(setting):
    pledge, agencies, users, people, criteria = setting
    score_all(pledge, agencies[2], users[2], criteria)
    scoring.self_scoring_submit(pledge=pledge, agency=agencies[2], by=users[2])
    scoring.score_review(
        pledge=pledge, agency=agencies[2], criterion=criteria["2"], points=20, reason="Thiếu", by=people.secretary
    )
    texts = [str(entry.changes) + entry.reason for entry in AuditEntry.objects.filter(object_id=pledge.pk)]
    assert any("Hạn nộp bảng tự chấm điểm" in text and "Mở tự chấm điểm" in text for text in texts)
    assert any("Nộp bảng tự chấm điểm" in text for text in texts)
    assert any("Thiếu" in text and "Duyệt điểm tự chấm" in text for text in texts)


# -- evidence -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, Evidence.Kind.PDF),
        (PNG, Evidence.Kind.PNG),
        (JPEG, Evidence.Kind.JPEG),
        (office("word/document.xml"), Evidence.Kind.DOCX),
        (office("xl/workbook.xml"), Evidence.Kind.XLSX),
    ],
)
def test_evidence_type_is_read_from_the_content(setting, content, kind):
    pledge, agencies, users, _people, criteria = setting
    own = score_all(pledge, agencies[2], users[2], criteria)[criteria["1"].pk]
    evidence = scoring.evidence_add(self_score=own, upload=upload("tệp.bin", content), by=users[2])
    assert evidence.content_type == kind and evidence.size == len(content) and evidence.name == "tệp.bin"
    assert "minh" not in evidence.file.name and evidence.file.name.startswith("evidence/")


@pytest.mark.parametrize(
    "content",
    [b"", b"MZ\x90\x00 not a document", b"<html><script></script></html>", office("other/part.xml"), b"PK\x03\x04xx"],
)
def test_evidence_that_is_no_known_document_is_refused(setting, content):
    pledge, agencies, users, _people, criteria = setting
    own = score_all(pledge, agencies[2], users[2], criteria)[criteria["1"].pk]
    with pytest.raises(ValidationError):
        scoring.evidence_add(self_score=own, upload=upload("bao-cao.pdf", content), by=users[2])
    assert not Evidence.objects.exists()


def test_evidence_over_20_mb_is_refused(setting):
    pledge, agencies, users, _people, criteria = setting
    own = score_all(pledge, agencies[2], users[2], criteria)[criteria["1"].pk]
    with pytest.raises(ValidationError, match="quá giới hạn 20 MB"):
        scoring.evidence_add(self_score=own, upload=upload(content=PDF + bytes(EVIDENCE_MAX_BYTES)), by=users[2])
    assert not Evidence.objects.exists()


def test_evidence_is_served_to_its_agency_the_secretary_and_the_board_only(client, setting):
    pledge, agencies, users, people, criteria = setting
    own = score_all(pledge, agencies[2], users[2], criteria)[criteria["1"].pk]
    evidence = scoring.evidence_add(self_score=own, upload=upload(), by=users[2])
    url = reverse("pledges:evidence", args=[evidence.pk])
    for user, status in [
        (users[2], 200),
        (people.secretary, 200),
        (people.board, 200),
        (users[1], 404),  # another member agency of the same bloc
        (users[3], 404),
        (people.outsider, 404),
        (people.other_board, 404),
    ]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        if status == 200:
            assert b"".join(response.streaming_content) == PDF
            assert response["Cache-Control"] == "private, no-store"
    client.logout()
    assert client.get(url).status_code == 302


# -- pages ----------------------------------------------------------------------------------------------------


def test_the_agency_saves_uploads_and_submits_on_its_page(client, setting):
    pledge, agencies, users, _people, criteria = setting
    client.force_login(users[2])
    url = reverse("pledges:self_score", args=[pledge.pk])
    page = client.get(url).content.decode()
    assert "Điểm thưởng" in page and "Điểm trừ" in page
    data = {f"{c.pk}-points": "5" for c in criteria.values()} | {f"{criteria['1'].pk}-explanation": "Đạt"}
    response = client.post(url, data | {f"{criteria['1'].pk}-file": upload(), "action": "draft"})
    assert response.status_code == 302
    assert Evidence.objects.get().self_score.criterion == criteria["1"]
    # Submitting asks for the confirmation first.
    response = client.post(url, data | {"action": "submit"})
    assert response.status_code == 200 and not ScoreSubmission.objects.exists()
    assert "Đánh dấu ô xác nhận" in response.content.decode()
    assert client.post(url, data | {"action": "submit", "confirm": "on"}).status_code == 302
    assert ScoreSubmission.objects.filter(agency=agencies[2]).exists()
    # Afterwards the page shows the points, without inputs, and refuses a change.
    page = client.get(url).content.decode()
    assert f'name="{criteria["1"].pk}-points"' not in page and "Đã nộp bảng tự chấm điểm" in page
    assert client.post(url, data | {"action": "draft"}).status_code == 302
    assert SelfScore.objects.get(agency=agencies[2], criterion=criteria["1"]).points == 5


def test_a_bad_file_is_reported_beside_its_criterion_and_nothing_is_saved(client, setting):
    pledge, _agencies, users, _people, criteria = setting
    client.force_login(users[2])
    url = reverse("pledges:self_score", args=[pledge.pk])
    data = {f"{criteria['1'].pk}-points": "5", f"{criteria['1'].pk}-file": upload("x.pdf", b"MZ")}
    response = client.post(url, data | {"action": "draft"})
    assert response.status_code == 200
    assert response.context["form"].errors[f"{criteria['1'].pk}-file"]
    assert not SelfScore.objects.exists() and not Evidence.objects.exists()


def test_deleting_evidence_from_the_page(client, setting):
    pledge, agencies, users, _people, criteria = setting
    own = score_all(pledge, agencies[2], users[2], criteria)
    evidence = scoring.evidence_add(self_score=own[criteria["1"].pk], upload=upload(), by=users[2])
    other = scoring.evidence_add(
        self_score=score_all(pledge, agencies[1], users[1], criteria)[criteria["1"].pk], upload=upload(), by=users[1]
    )
    client.force_login(users[2])
    url = reverse("pledges:self_score", args=[pledge.pk])
    data = {f"{c.pk}-points": "5" for c in criteria.values()}
    assert client.post(url, data | {"delete_evidence": other.pk}).status_code == 404  # another agency's
    assert client.post(url, data | {"delete_evidence": evidence.pk}).status_code == 302
    assert list(Evidence.objects.all()) == [other]


def test_pages_are_for_whom_they_serve(client, setting):
    pledge, _agencies, users, people, _criteria = setting
    own_page = reverse("pledges:self_score", args=[pledge.pk])
    summary = reverse("pledges:scoring", args=[pledge.pk])
    for user, expected in [
        (users[2], (200, 404)),
        (people.secretary, (200, 200)),  # the chair is a member agency too
        (people.board, (404, 200)),
        (people.outsider, (404, 404)),
        (people.other_board, (404, 404)),
    ]:
        client.force_login(user)
        assert (client.get(own_page).status_code, client.get(summary).status_code) == expected, user


def test_the_pledge_page_links_to_the_scoring_pages(client, setting):
    pledge, _agencies, users, people, _criteria = setting
    detail = reverse("pledges:detail", args=[pledge.pk])
    own_page, summary = (reverse(name, args=[pledge.pk]) for name in ("pledges:self_score", "pledges:scoring"))
    client.force_login(users[2])
    page = client.get(detail).content.decode()
    assert own_page in page and summary not in page
    client.force_login(people.board)
    page = client.get(detail).content.decode()
    assert own_page not in page and summary in page


def test_the_secretary_reviews_and_the_agency_reads_the_reason(client, setting):
    pledge, agencies, users, people, criteria = setting
    submit_all(pledge, agencies[2:3], users[2:3], criteria, [(55, 35, 3, 2)])
    client.force_login(people.secretary)
    url = reverse("pledges:scoring_review", args=[pledge.pk, agencies[2].pk])
    data = {f"{c.pk}-decision": "accept" for c in criteria.values()}
    data |= {f"{criteria['2'].pk}-decision": "adjust", f"{criteria['2'].pk}-points": "30"}
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["form"].errors[f"{criteria['2'].pk}-reason"]
    assert not Score.objects.exists()  # all lines or none
    data[f"{criteria['2'].pk}-reason"] = "Chưa có minh chứng phong trào"
    assert client.post(url, data).status_code == 302
    assert Score.objects.get(agency=agencies[2], criterion=criteria["2"]).note == "Chưa có minh chứng phong trào"
    client.force_login(users[2])
    page = client.get(reverse("pledges:self_score", args=[pledge.pk])).content.decode()
    assert "Chưa có minh chứng phong trào" in page and "86" in page  # 55 + 30 + 3 - 2


def test_the_review_of_an_agency_outside_the_bloc_is_404(client, setting, organizer):
    pledge, _agencies, _users, people, _criteria = setting
    client.force_login(people.secretary)
    stranger = AgencyFactory(organizer=organizer)
    assert client.get(reverse("pledges:scoring_review", args=[pledge.pk, stranger.pk])).status_code == 404


def test_the_workbook_sets_self_and_reviewed_points_side_by_side(client, setting):
    pledge, agencies, users, people, criteria = setting
    submit_all(pledge, agencies[1:3], users[1:3], criteria, [(55, 35, 3, 2), (60, 40, 0, 0)])
    accept_all(pledge, agencies[1], criteria, people.secretary)
    scoring.score_review(
        pledge=pledge, agency=agencies[1], criterion=criteria["2"], points=30, reason="=1+1", by=people.secretary
    )
    client.force_login(people.secretary)
    response = client.get(reverse("pledges:scoring_xlsx", args=[pledge.pk]))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    first = next(row for row in values if row[1] == agencies[1].name)
    assert first[0] == 1 and first[3:11] == [55, 55, 35, 30, 3, 3, 2, 2]
    assert first[11:] == [91, 86, "Tốt"]
    reason = book.worksheets[1]["D4"]
    assert reason.value == "=1+1" and reason.data_type == "s"  # text, never a formula


def test_the_summary_query_count_does_not_grow_with_members(client, organizer, django_assert_num_queries):
    def pledge_of(members: int):
        bloc, agencies = bloc_with_members(members, organizer=organizer, year=YEAR)
        pledge = pledge_create(bloc=bloc, year=YEAR, criteria=CRITERIA)
        people = bloc_people(bloc, agencies, years=(YEAR,))
        scoring.scoring_open(pledge=pledge, deadline=timezone.localdate(), by=people.board)
        return pledge, people.board

    small, board = pledge_of(3)
    large, _ = pledge_of(12)
    client.force_login(board)
    client.get(reverse("pledges:scoring", args=[small.pk]))
    with django_assert_num_queries(10):
        assert client.get(reverse("pledges:scoring", args=[small.pk])).status_code == 200
    with django_assert_num_queries(10):
        assert client.get(reverse("pledges:scoring", args=[large.pk])).status_code == 200


def test_scoring_tasks_list_the_agencys_rounds(setting):
    pledge, agencies, users, _people, criteria = setting
    tasks = scoring_tasks(agencies[2], YEAR)
    assert [(t.pledge, t.submitted, t.to_do) for t in tasks] == [(pledge, False, True)]
    score_all(pledge, agencies[2], users[2], criteria)
    scoring.self_scoring_submit(pledge=pledge, agency=agencies[2], by=users[2])
    [task] = scoring_tasks(agencies[2], YEAR)
    assert task.submitted and not task.to_do and task.deadline == pledge.scoring.deadline
    assert scoring_tasks(agencies[2], YEAR + 1) == []
    assert scoring_tasks(AgencyFactory(), YEAR) == []


def test_opening_tells_the_member_agencies_users_once(setting):
    pledge, _agencies, users, people, _criteria = setting  # opened by the secretary (users[0]) in the fixture
    later = timezone.localdate() + datetime.timedelta(days=9)
    scoring.scoring_open(pledge=pledge, deadline=later, by=people.secretary)  # moved: nobody told again
    told = Notification.objects.filter(kind=Notification.Kind.SCORING_OPENED)
    assert sorted(n.user_id for n in told) == sorted(u.pk for u in users[1:])
    notice = told.first()
    assert notice.url == reverse("pledges:self_score", args=[pledge.pk])
    week = timezone.localdate() + datetime.timedelta(days=7)
    assert notice.message == (
        f"Khối thi đua Kinh tế mở tự chấm điểm thi đua năm {YEAR}: đơn vị chấm điểm, kèm minh chứng, và gửi trước "
        f"ngày {week:%d/%m/%Y}."
    )
