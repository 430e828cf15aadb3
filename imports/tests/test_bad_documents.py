"""Bad documents: every problem listed with its JSON path and a plain Vietnamese message; nothing written."""

import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation

from imports.importer import import_document, import_text
from meetings.models import Proposal
from tests.project import RECORD_APPS

pytestmark = pytest.mark.django_db

TMTH = "blocs[0]"
MEETING = f"{TMTH}.meetings[0]"


def table_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in RECORD_APPS
        for model in apps.get_app_config(app).get_models()
    }


@pytest.fixture
def baseline(example):
    """The example already imported once, so a failed import must leave that state exactly."""
    assert import_document(example).ok
    return table_counts()


def problems_of(report) -> dict[str, str]:
    assert not report.ok
    return {p.path: p.message for p in report.problems}


def assert_refused(example, baseline, path: str, fragment: str):
    """Refused even when the finalized meetings may be reopened: the reopening is rolled back with the rest."""
    report = import_document(example, reopen=True)
    found = problems_of(report)
    assert path in found, found
    assert fragment in found[path], found[path]
    assert table_counts() == baseline
    return found


def test_malformed_json_says_where(baseline):
    report = import_text('{"format": "emulation-blocs/1", "organizer": ')
    assert str(report.problems[0]).startswith("JSON không hợp lệ ở dòng 1, cột")
    assert table_counts() == baseline


def test_text_that_is_not_utf8_is_refused(baseline):
    report = import_text(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert not report.ok
    assert table_counts() == baseline


def test_text_with_nul_characters_is_refused_where_it_is(example, baseline):
    """JSON may carry NUL (0x00), no database text column stores it: refused with its path, on every database."""
    example["blocs"][0]["name"] = "Khối\x00 thi đua"
    example["agencies"][1]["code\x00"] = "x"
    found = assert_refused(example, baseline, f"{TMTH}.name", "ký tự NUL (0x00)")
    assert "ký tự NUL (0x00)" in found["agencies[1]"]


def test_wrong_format_is_refused(example, baseline):
    example["format"] = "emulation-blocs/2"
    assert_refused(example, baseline, "format", 'phải là "emulation-blocs/1"')


def test_missing_required_field_points_at_it(example, baseline):
    del example["blocs"][0]["kind"]
    assert_refused(example, baseline, f"{TMTH}.kind", "thiếu trường bắt buộc")


def test_unknown_field_points_at_it(example, baseline):
    example["blocs"][0]["meetings"][0]["weather"] = "nắng"
    assert_refused(example, baseline, f"{MEETING}.weather", "không có trong định dạng")


def test_invalid_date_is_refused(example, baseline):
    example["blocs"][0]["meetings"][0]["held_on"] = "2018-02-30"
    assert_refused(example, baseline, f"{MEETING}.held_on", "không phải là ngày hợp lệ")


def test_unknown_agency_in_a_proposal(example, baseline):
    example["blocs"][0]["meetings"][0]["proposals"][1]["agency"] = "SO-XYZ"
    assert_refused(example, baseline, f"{MEETING}.proposals[1].agency", "không có đơn vị mã 'SO-XYZ'")


def test_unknown_award_code(example, baseline):
    example["blocs"][0]["meetings"][0]["proposals"][0]["award"] = "HUAN_CHUONG"
    assert_refused(
        example, baseline, f"{MEETING}.proposals[0].award", "không có hình thức khen thưởng mã 'HUAN_CHUONG'"
    )


def test_unknown_agency_in_memberships_and_attendance_are_all_listed(example, baseline):
    example["blocs"][0]["memberships"][3]["agency"] = "SO-A"
    example["blocs"][0]["meetings"][0]["attendance"][5]["agency"] = "SO-B"
    found = assert_refused(example, baseline, f"{TMTH}.memberships[3].agency", "'SO-A'")
    assert "'SO-B'" in found[f"{MEETING}.attendance[5].agency"]


def test_chair_equal_to_vice_chair_in_election(example, baseline):
    example["blocs"][0]["meetings"][0]["election"]["vice_chair"] = "BDT"
    assert_refused(example, baseline, f"{MEETING}.election.vice_chair", "hai đơn vị khác nhau")


def test_leadership_list_disagreeing_with_the_election(example, baseline):
    example["blocs"][0]["leadership"] = [{"year": 2018, "chair": "BDT", "vice_chair": "STC"}]
    assert_refused(example, baseline, f"{MEETING}.election", "không khớp với danh sách leadership năm 2018")


def test_nominee_who_is_not_a_member_that_year(example):
    example["blocs"][0]["memberships"][3]["from_year"] = 2019  # STC joins only in 2019
    before = table_counts()
    found = problems_of(import_document(example))
    assert "không phải là thành viên của khối trong năm 2017" in found[f"{MEETING}.proposals[2].agency"]
    assert "không phải là thành viên của khối trong năm 2017" in found[f"{MEETING}.attendance[3].agency"]
    assert table_counts() == before


def test_membership_that_gives_up_a_year_the_records_stand_on(example, baseline):
    """The 2017 meeting stored names STC: its membership cannot start in 2019 unless the meeting changes too
    (``membership_records``, the rule the bloc's membership page holds)."""
    example["blocs"][0]["memberships"][3]["from_year"] = 2019
    found = assert_refused(example, baseline, f"{TMTH}.memberships[3]", "sẽ không là thành viên của khối")
    assert "các năm 2017–2018" in found[f"{TMTH}.memberships[3]"]
    assert "1 đề nghị khen thưởng" in found[f"{TMTH}.memberships[3]"]


def test_membership_given_up_with_the_records_that_stood_on_it(example, baseline):
    """The same document also takes STC out of the meeting it attended: the records and the membership go
    together, in one import (with the finalized meeting reopened)."""
    blocs = example["blocs"][0]
    blocs["memberships"][3]["from_year"] = 2019
    meeting = blocs["meetings"][0]
    meeting["attendance"] = [a for a in meeting["attendance"] if a["agency"] != "STC"]
    meeting["proposals"] = [p for p in meeting["proposals"] if p["agency"] != "STC"]
    for proposal in meeting["proposals"]:
        if "votes" in proposal:
            proposal["votes"]["for"] = min(proposal["votes"]["for"], 10)
    meeting["ranking"] = [r for r in meeting.get("ranking", []) if r["agency"] != "STC"]
    assert import_document(example).finalized == [MEETING]
    report = import_document(example, reopen=True)
    assert report.ok, report.problems
    assert not Proposal.objects.filter(nominee__code="STC").exists()


def test_overlapping_memberships(example, baseline):
    example["blocs"][0]["memberships"].append({"agency": "STC", "from_year": 2020, "to_year": None})
    assert_refused(example, baseline, f"{TMTH}.memberships[11]", "đã là thành viên của khối")


def test_tally_exceeding_the_voters(example, baseline):
    example["blocs"][0]["meetings"][0]["proposals"][0]["votes"] = {"for": 11, "against": 1}
    assert_refused(example, baseline, f"{MEETING}.proposals[0].votes", "vượt quá số đơn vị được biểu quyết (11)")


def test_tally_that_disagrees_with_the_ballots(example, baseline):
    proposal = example["blocs"][0]["meetings"][0]["proposals"][2]
    proposal["ballots"] = [{"agency": a["code"], "vote": "for"} for a in example["agencies"][:10]]
    proposal["ballots"].append({"agency": "NHNN", "vote": "against"})
    assert_refused(example, baseline, f"{MEETING}.proposals[2].votes", "không khớp với phiếu của từng đơn vị")


def test_two_ballots_of_one_agency(example, baseline):
    proposal = example["blocs"][0]["meetings"][0]["proposals"][3]
    del proposal["votes"]
    proposal["ballots"] = [{"agency": "STC", "vote": "for"}, {"agency": "STC", "vote": "against"}]
    assert_refused(example, baseline, f"{MEETING}.proposals[3].ballots[1].agency", "trùng với mục thứ 1")


def test_ballot_of_an_absent_agency(example, baseline):
    meeting = example["blocs"][0]["meetings"][0]
    meeting["attendance"][10]["present"] = False
    proposal = meeting["proposals"][3]
    del proposal["votes"]
    proposal["ballots"] = [{"agency": "NHNN", "vote": "for"}]
    assert_refused(example, baseline, f"{MEETING}.proposals[3].ballots[0].agency", "vắng mặt")


def test_imported_outcome_that_disagrees_with_the_rule(example, baseline):
    proposal = example["blocs"][0]["meetings"][0]["proposals"][1]
    proposal["votes"] = {"for": 5, "against": 6}  # 5/11 members is not more than half
    proposal["outcome"] = "passed"
    assert_refused(example, baseline, f"{MEETING}.proposals[1].outcome", "khác với kết quả tính theo quy tắc")


def test_quota_exceeded(example, baseline):
    proposals = example["blocs"][0]["meetings"][0]["proposals"]
    proposals.append({"agency": "CT", "award": "CO_CP", "votes": {"for": 10}})
    assert_refused(example, baseline, f"{MEETING}.proposals[4]", "Vượt chỉ tiêu")


def test_score_above_the_criterions_maximum(example, baseline):
    bloc = example["blocs"][0]
    bloc["pledges"] = [{"year": 2017, "criteria": [{"code": "1", "title": "Nhiệm vụ chính trị", "max_points": 40}]}]
    bloc["scores"] = [{"year": 2017, "agency": "STC", "criterion": "1", "points": 41}]
    assert_refused(example, baseline, f"{TMTH}.scores[0].points", "vượt quá điểm tối đa")


def test_score_for_an_unknown_criterion(example, baseline):
    bloc = example["blocs"][0]
    bloc["pledges"] = [{"year": 2017, "criteria": [{"code": "1", "title": "Nhiệm vụ chính trị", "max_points": 40}]}]
    bloc["scores"] = [{"year": 2017, "agency": "STC", "criterion": "9", "points": 1}]
    assert_refused(example, baseline, f"{TMTH}.scores[0].criterion", "không có tiêu chí '9'")


def test_decision_that_awards_no_passed_proposal(example, baseline):
    example["decisions"] = [
        {"number": "12/QĐ-UBND", "signed_on": "2018-03-01", "awards": [
            {"bloc": "TMTH", "year": 2017, "agency": "CT", "award": "BK_TINH"},
        ]},
    ]  # fmt: skip
    assert_refused(example, baseline, "decisions[0].awards[0]", "không khớp với đề nghị nào đã đạt")


def test_successor_without_until(example, baseline):
    del example["agencies"][2]["until"]
    assert_refused(example, baseline, "agencies[2].until", "phải được nhập cùng nhau")


def test_duplicate_agency_codes(example, baseline):
    example["agencies"].append({"code": "STC", "name": "Sở Tài chính (trùng)"})
    assert_refused(example, baseline, "agencies[11].code", "trùng với mục thứ 4")


def test_every_problem_is_listed_not_just_the_first(example, baseline):
    example["blocs"][0]["meetings"][0]["proposals"][0]["agency"] = "X1"
    example["blocs"][0]["meetings"][0]["proposals"][1]["award"] = "X2"
    example["blocs"][0]["meetings"][0]["ranking"] = [{"agency": "X3", "rank": 1}]
    report = import_document(example)
    assert {f"{MEETING}.proposals[0].agency", f"{MEETING}.proposals[1].award", f"{MEETING}.ranking[0].agency"} <= {
        p.path for p in report.problems
    }
    assert table_counts() == baseline


def test_messages_follow_the_active_language(example, baseline):
    example["format"] = "x"
    with translation.override("vi"):
        assert "phải là" in import_document(example).problems[0].message


def test_command_exits_1_and_lists_problems_on_stderr(tmp_path, example, baseline, capsys):
    example["blocs"][0]["meetings"][0]["proposals"][1]["agency"] = "SO-XYZ"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(example, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_blocs", str(path))
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "blocs[0].meetings[0].proposals[1].agency: không có đơn vị mã 'SO-XYZ'" in err
    assert table_counts() == baseline


def test_dry_run_writes_nothing(example):
    before = table_counts()
    report = import_document(example, dry_run=True)
    assert report.ok and report.created["agencies"] == 11
    assert table_counts() == before
