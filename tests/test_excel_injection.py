"""Excel exports write text as text: a name or a decision number that starts like a formula stays the text.

Names and decision numbers are typed by users or imported, and member agencies download the bloc workbook:
a cell that Excel evaluates (``=HYPERLINK(...)``, ``=cmd|...``) would run whatever the text says (OWASP, "CSV
Injection"). openpyxl makes a formula of any str that starts with "=", so this is checked on what a workbook
holds once read back.
"""

import datetime
import json

import pytest
from django.urls import reverse
from openpyxl import Workbook

from blocs.models import Bloc
from core import excel
from decisions.tests.test_excel_exports import YEAR_XLSX, open_workbook, staff_of
from imports.importer import import_document
from imports.tests.conftest import EXAMPLE
from meetings.models import Meeting, Ranking
from members.models import Agency
from members.tests.factories import OrganizerFactory, UserFactory
from pledges.services import pledge_create, scores_record

pytestmark = pytest.mark.django_db

# Agencies of the example renamed to start with each character OWASP lists (and an error value's text).
NAMES = {
    "VP-HDND": '=HYPERLINK("http://x","y")',
    "VP-UBND": "+84 Văn phòng UBND tỉnh",
    "STC": "-Sở Tài chính",
    "KBNN": "@SUM(1,1) Kho bạc Nhà nước tỉnh",
    "BDT": "\tBan Dân tộc tỉnh",
    "CT": "\rCục Thuế tỉnh",
    "CHQ": "#N/A",
}
# Names refuse tabs and line breaks now (core.fields.NameField): these two are rows stored before that rule.
STORED_BEFORE_THE_RULE = ("BDT", "CT")
BLOC_NAME = "=1+2 Khối thi đua"
AWARD_NAME = "-Cờ thi đua của Chính phủ"
BOARD_NAME = "@Ban Thi đua - Khen thưởng tỉnh"
DECISION = "=1+1 ngày 15/03/2018"


def read_back(text: str) -> str:
    """A text as compared once read back: XML parsers read a bare carriage return as a line feed, unless the
    writer escaped it (openpyxl does with lxml installed); either way it is still text."""
    return text.replace("\r", "\n")


@pytest.fixture
def qng():
    """The example imported with formula-like names, and a decision numbered "=1+1"."""
    OrganizerFactory(code="QNG")
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    document["organizer"]["board_name"] = BOARD_NAME
    for agency in document["agencies"]:
        if agency["code"] not in STORED_BEFORE_THE_RULE:
            agency["name"] = NAMES.get(agency["code"], agency["name"])
    document["award_types"][0]["name"] = AWARD_NAME
    bloc = document["blocs"][0]
    bloc["name"] = BLOC_NAME
    bloc["meetings"][0]["proposals"] += [{"agency": code, "award": "BK_TINH"} for code in ("BDT", "CT", "CHQ")]
    document["decisions"] = [
        {
            "number": "=1+1",
            "signed_on": "2018-03-15",
            "issued_by": "Chủ tịch UBND tỉnh Quảng Ngãi",
            "awards": [{"bloc": "TMTH", "year": 2017, "agency": "VP-UBND", "award": "CO_TINH"}],
        }
    ]
    report = import_document(document)
    assert report.ok, report.problems
    for code in STORED_BEFORE_THE_RULE:
        Agency.objects.filter(code=code).update(name=NAMES[code])
    organizer = Agency.objects.get(code="VP-HDND").organizer
    assert organizer.board_name == BOARD_NAME and Agency.objects.filter(name=NAMES["VP-HDND"]).exists()
    return organizer


def workbooks(client, organizer) -> dict:
    """Both exports as board staff download them, and the bloc's as one of its member agencies downloads it."""
    bloc = Bloc.objects.get(organizer=organizer, code="TMTH")
    client.force_login(staff_of(organizer))
    books = {
        "year": open_workbook(client.get(YEAR_XLSX, {"year": 2017})),
        "bloc": open_workbook(client.get(reverse("awards:bloc_xlsx", args=[bloc.pk]))),
    }
    client.force_login(UserFactory(organizer=organizer, agency=Agency.objects.get(organizer=organizer, code="STC")))
    books["bloc, as a member"] = open_workbook(client.get(reverse("awards:bloc_xlsx", args=[bloc.pk])))
    return books


def cells(workbook):
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def test_no_exported_cell_is_a_formula_and_every_text_is_kept(client, qng):
    expected = {
        "year": {*NAMES.values(), BLOC_NAME, AWARD_NAME, BOARD_NAME, DECISION},
        "bloc": {*NAMES.values(), BLOC_NAME.upper(), AWARD_NAME, DECISION},
    }
    expected["bloc, as a member"] = expected["bloc"]
    for name, workbook in workbooks(client, qng).items():
        every = cells(workbook)
        assert [c.coordinate for c in every if c.data_type == "f"] == [], name
        texts = {read_back(c.value): c for c in every if c.data_type == "s"}
        for text in expected[name]:
            cell = texts.get(read_back(text))
            assert cell is not None, (name, text)
            # Kept exactly, no apostrophe added; marked so that Excel keeps it text when it is edited.
            assert cell.quotePrefix == (text[0] in "=+-@\t\r"), (name, text)


def test_the_score_sheet_and_the_ranking_keep_formula_like_names_as_text(client, qng):
    """The member workbooks of the pledge and of the meeting's ranking, as a member agency downloads them."""
    bloc = Bloc.objects.get(organizer=qng, code="TMTH")
    criterion = "=1+2 Thực hiện nhiệm vụ"
    pledge = pledge_create(
        bloc=bloc, year=2017, criteria=[{"code": "1", "title": criterion, "max_points": 10}], signed_on=None
    )
    members = list(Agency.objects.filter(organizer=qng, memberships__bloc=bloc).distinct())
    scores_record(pledge=pledge, points={(a.pk, pledge.criteria.get().pk): 5 for a in members})
    meeting = Meeting.objects.get(bloc=bloc, kind=Meeting.Kind.YEAR_END_REVIEW, year=2017)
    Ranking.objects.bulk_create(Ranking(meeting=meeting, agency=a, rank=n) for n, a in enumerate(members, 1))
    client.force_login(UserFactory(organizer=qng, agency=Agency.objects.get(organizer=qng, code="STC")))
    books = {
        "scores": open_workbook(client.get(reverse("pledges:scores_xlsx", args=[pledge.pk]))),
        "ranking": open_workbook(client.get(reverse("meetings:ranking_xlsx", args=[meeting.pk]))),
    }
    names = set(NAMES.values())
    expected = {"scores": {*names, criterion, f"1. {criterion} (tối đa 10)", BLOC_NAME}, "ranking": names}
    for name, workbook in books.items():
        every = cells(workbook)
        assert [c.coordinate for c in every if c.data_type == "f"] == [], name
        texts = {read_back(c.value): c for c in every if c.data_type == "s"}
        for text in expected[name]:
            cell = texts.get(read_back(text))
            assert cell is not None, (name, text)
            assert cell.quotePrefix == (text[0] in "=+-@\t\r"), (name, text)


def test_numbers_and_dates_stay_numbers_and_dates(client, qng):
    sheet = workbooks(client, qng)["year"].active
    rows = list(sheet.iter_rows(min_row=4))
    assert len(rows) == 7
    for row in rows:
        number, held_on, votes_for = row[0], row[4], row[5]
        assert (number.data_type, held_on.data_type) == ("n", "d")
        assert held_on.value == datetime.datetime(2018, 1, 4)
        assert votes_for.data_type == "n" or votes_for.value is None
        assert not number.quotePrefix


@pytest.mark.parametrize(
    ("value", "data_type", "quoted"),
    [
        ("=1+1", "s", True),
        ('=HYPERLINK("http://x","y")', "s", True),
        ("+1", "s", True),
        ("-5", "s", True),
        ("@A1", "s", True),
        ("\t=1", "s", True),
        ("\r=1", "s", True),
        ("#N/A", "s", False),
        ("Sở Tài chính", "s", False),
        (" =1+1", "s", False),
        (-5, "n", False),
        (-2.5, "n", False),
        (0, "n", False),
        (datetime.date(2018, 1, 4), "d", False),
        (None, "n", False),
    ],
)
def test_write_cell_types_text_as_text_and_leaves_numbers_alone(value, data_type, quoted):
    sheet = Workbook().active
    cell = excel.write_cell(sheet, row=1, column=1, value=value)
    assert (cell.value, cell.data_type, bool(cell.quotePrefix)) == (value, data_type, quoted)


def test_control_characters_xml_cannot_hold_are_left_out_instead_of_failing(client, qng):
    """The importer keeps text as given; a workbook cannot hold U+0001 (openpyxl would refuse the cell)."""
    Agency.objects.filter(organizer=qng, code="STC").update(name="\x01=Sở\x0b Tài chính")
    texts = {c.value: c for c in cells(workbooks(client, qng)["bloc"]) if c.data_type == "s"}
    assert texts["=Sở Tài chính"].quotePrefix
