"""Issue 17, acceptance: on a 390 px phone a member agency's user scores itself with an evidence file and
submits; the bloc's secretary adjusts one line with a reason; the agency sees the reason, and the ranking and
band follow from the reviewed totals. Every page visited is checked with axe-core.

The bloc: three members; the pledge has two standard criteria, a bonus and a deduction, and three bands.
Another member has submitted already and its points were accepted (91: "Tốt").
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from blocs.models import Leadership
from blocs.tests.factories import bloc_with_members
from members.tests.factories import UserFactory
from pledges import scoring
from pledges.models import Band, Criterion, Evidence, Score
from pledges.services import pledge_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2025
PHONE = {"width": 390, "height": 844}
PDF = b"%PDF-1.7\n% minh chung\n%%EOF\n"


@pytest.fixture
def bloc_year(transactional_db):
    bloc, agencies = bloc_with_members(3, year=YEAR, name="Khối thi đua Kinh tế")
    Leadership.objects.create(bloc=bloc, year=YEAR, chair=agencies[0], vice_chair=agencies[1])
    pledge = pledge_create(
        bloc=bloc,
        year=YEAR,
        criteria=[
            {"code": "1", "title": "Thực hiện nhiệm vụ chính trị", "max_points": 60},
            {"code": "2", "title": "Phong trào thi đua", "max_points": 40},
            {"code": "3", "title": "Sáng kiến được công nhận", "max_points": 5},
            {"code": "4", "title": "Vi phạm kỷ luật", "max_points": 10},
        ],
    )
    Criterion.objects.filter(pledge=pledge, code="3").update(kind=Criterion.Kind.BONUS)
    Criterion.objects.filter(pledge=pledge, code="4").update(kind=Criterion.Kind.DEDUCTION)
    Band.objects.bulk_create(
        Band(pledge=pledge, name=n, min_points=p) for n, p in [("Xuất sắc", 95), ("Tốt", 85), ("Khá", 70)]
    )
    organizer = bloc.organizer
    secretary = UserFactory(organizer=organizer, agency=agencies[0], username="thuky")
    other = UserFactory(organizer=organizer, agency=agencies[1], username="donvikhac")
    UserFactory(organizer=organizer, agency=agencies[2], username="donvi")
    scoring.scoring_open(pledge=pledge, deadline=timezone.localdate() + datetime.timedelta(days=7), by=secretary)
    criteria = {c.code: c for c in pledge.criteria.all()}
    # The other member: 55 + 35 + 3 - 2 = 91, accepted.
    points = {"1": 55, "2": 35, "3": 3, "4": 2}
    scoring.self_score_save(
        pledge=pledge, agency=agencies[1], lines={criteria[c].pk: {"points": p} for c, p in points.items()}, by=other
    )
    scoring.self_scoring_submit(pledge=pledge, agency=agencies[1], by=other)
    for criterion in criteria.values():
        scoring.score_review(pledge=pledge, agency=agencies[1], criterion=criterion, accept=True, by=secretary)
    return pledge, agencies, criteria


def _checked(page, axe_violations) -> None:
    assert axe_violations(page) == [], page.url


def test_an_agency_scores_itself_and_the_secretary_adjusts_a_line(
    page, live_server, login, axe_violations, bloc_year, tmp_path
):
    pledge, agencies, criteria = bloc_year
    page.set_viewport_size(PHONE)
    evidence_file = tmp_path / "Biên bản phong trào.pdf"
    evidence_file.write_bytes(PDF)
    own_url = f"{live_server.url}/giao-uoc/{pledge.pk}/tu-cham/"

    # The agency: from the pledge page to its sheet; each criterion is a card on the phone.
    login(page, live_server, "donvi")
    page.goto(f"{live_server.url}/giao-uoc/{pledge.pk}/")
    page.get_by_role("link", name="Tự chấm điểm").click()
    expect(page.locator("#self-score-table")).to_contain_text("Điểm thưởng")
    expect(page.locator("#self-score-table")).to_contain_text("Điểm trừ")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the sheet is {width} px wide on a 390 px phone"
    _checked(page, axe_violations)
    for code, points in {"1": "58", "2": "38", "3": "4", "4": "0"}.items():
        page.fill(f"#id_{criteria[code].pk}-points", points)
    page.fill(f"#id_{criteria['2'].pk}-explanation", "Tổ chức 4 đợt thi đua, có biên bản kèm theo")
    page.set_input_files(f"#id_{criteria['2'].pk}-file", str(evidence_file))
    page.get_by_role("button", name="Lưu nháp").last.click()
    expect(page.locator("body")).to_contain_text("Đã lưu bản nháp bảng tự chấm điểm.")
    expect(page.locator(f"#tieu-chi-{criteria['2'].pk}")).to_contain_text("Biên bản phong trào.pdf")
    assert Evidence.objects.get().self_score.agency == agencies[2]
    page.check("#id_confirm")
    page.get_by_role("button", name="Nộp bảng tự chấm").click()
    expect(page.locator("#scoring-state")).to_contain_text("Đã nộp bảng tự chấm điểm")
    _checked(page, axe_violations)
    page.context.clear_cookies()

    # The secretary: the summary lists who submitted; the review accepts three lines and adjusts one.
    login(page, live_server, "thuky")
    page.goto(f"{live_server.url}/giao-uoc/{pledge.pk}/tong-hop-tu-cham/")
    expect(page.locator("#scoring-round")).to_contain_text("2/3 đơn vị đã nộp")
    _checked(page, axe_violations)
    page.get_by_role("link", name=f"Duyệt {agencies[2].name}").click()
    for code in ("1", "3", "4"):
        page.check(f"#duyet-{criteria[code].pk} input[value='accept']")
    page.check(f"#duyet-{criteria['2'].pk} input[value='adjust']")
    page.fill(f"#id_{criteria['2'].pk}-points", "30")
    page.fill(f"#id_{criteria['2'].pk}-reason", "Hai đợt thi đua chưa có biên bản tổng kết")
    _checked(page, axe_violations)
    page.get_by_role("button", name="Lưu kết quả duyệt").click()
    expect(page.locator("body")).to_contain_text(f"Đã duyệt 4 tiêu chí của {agencies[2].name}.")
    # 58 + 30 + 4 - 0 = 92 (self 100): above the other member's 91, "Tốt".
    expect(page.locator("#review-totals")).to_contain_text("tổng khối chấm 92")
    expect(page.locator("#review-totals")).to_contain_text("xếp loại Tốt")
    expect(page.locator("#review-totals")).to_contain_text("hạng 1")
    assert Score.objects.get(agency=agencies[2], criterion=criteria["2"]).points == 30
    page.context.clear_cookies()

    # The agency reads the bloc's points and the reason, its band and rank.
    login(page, live_server, "donvi")
    page.goto(own_url)
    line = page.locator(f"#tieu-chi-{criteria['2'].pk}")
    expect(line).to_contain_text("30")
    expect(line).to_contain_text("Hai đợt thi đua chưa có biên bản tổng kết")
    expect(page.locator("#scoring-band")).to_have_text("Tốt")
    expect(page.locator("#scoring-rank")).to_have_text("1")
    expect(page.locator("#scoring-totals")).to_contain_text("100")
    _checked(page, axe_violations)
