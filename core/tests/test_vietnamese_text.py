"""Vietnamese order and diacritic-free search, on whichever database the suite runs."""

import re

import pytest

from core.text import fold, fold_pattern, nfc, sort_key
from members.models import Agency
from members.tests.factories import AgencyFactory, UserFactory
from portal.search import search

ORDERED = ["Ban Dân tộc", "Cục Thuế", "Đài Phát thanh", "Sở Tài chính", "Sở Tư pháp", "Ủy ban nhân dân"]


def test_sort_key_follows_vietnamese_alphabet():
    shuffled = [ORDERED[i] for i in (3, 5, 0, 4, 2, 1)]
    assert sorted(shuffled, key=sort_key) == ORDERED


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Sở Tài", "Sở Tài chính"),  # a prefix sorts first
        ("an", "ăn"),  # a < ă < â
        ("ăn", "ân"),
        ("do", "đo"),  # d < đ
        ("ơn", "ôn")[::-1],  # ô < ơ
        ("ma", "má"),  # tones only break ties, in the order ngang, huyền, hỏi, ngã, sắc, nặng
        ("mà", "má"),
        ("má", "mạ"),
        ("mạ", "mb"),  # the letter decides before the tone
        ("Khối 2", "Khối 10")[::-1],  # digits compare as characters: "10" < "2"
    ],
)
def test_sort_key_pairs(before, after):
    assert sort_key(before) < sort_key(after)


def test_sort_key_ignores_case_and_normalisation_form():
    decomposed = "So\u031b\u0309 Ta\u0300i chi\u0301nh"  # NFD
    assert sort_key(decomposed) == sort_key("sở tài chính") == sort_key("Sở Tài chính")
    assert nfc(decomposed) == "Sở Tài chính"


def test_fold_strips_diacritics_and_d_stroke():
    assert fold("  Sở  Tài chính Đài Phát thanh ") == "so tai chinh dai phat thanh"


@pytest.mark.django_db
def test_agencies_list_in_vietnamese_order_from_the_database(organizer):
    for index, name in enumerate(reversed(ORDERED)):
        AgencyFactory(organizer=organizer, code=f"A{index}", name=name)
    assert list(Agency.objects.filter(organizer=organizer).values_list("name", flat=True)) == ORDERED


@pytest.mark.django_db
def test_search_without_diacritics_finds_the_agency(organizer):
    for index, name in enumerate(ORDERED):
        AgencyFactory(organizer=organizer, code=f"A{index}", name=name)
    staff = UserFactory(role="board_staff", organizer=organizer)
    assert [a.name for a in search(staff, "so tai chinh").agencies] == ["Sở Tài chính"]
    assert [a.name for a in search(staff, "SỞ TÀI").agencies] == ["Sở Tài chính"]
    assert [a.name for a in search(staff, "so t").agencies] == ["Sở Tài chính", "Sở Tư pháp"]
    assert search(staff, "dai phat").agencies[0].name == "Đài Phát thanh"
    assert search(staff, "   ").total == 0


@pytest.mark.django_db
def test_search_never_returns_another_organizers_records(organizer):
    from members.tests.factories import OrganizerFactory

    other = OrganizerFactory()
    AgencyFactory(organizer=other, code="X1", name="Sở Tài chính")
    staff = UserFactory(role="board_staff", organizer=organizer)
    assert search(staff, "so tai chinh").agencies == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("word", "finds"),
    [
        ("nguyen", ["Nguyễn Văn An", "NGUYỄN THỊ BÌNH", "Nguyễn Hữu Đức"]),
        ("NGUYỄN", ["Nguyễn Văn An", "NGUYỄN THỊ BÌNH", "Nguyễn Hữu Đức"]),
        ("duc", ["Nguyễn Hữu Đức"]),
        ("qd-ubnd", ["Số 15/QĐ-UBND"]),
        ("15/qđ", ["Số 15/QĐ-UBND"]),
        ("an", ["Nguyễn Văn An", "Trần Thị Ân"]),
        ("nguyn", []),
        ("(.*)", []),  # the user's text is text, not a pattern
    ],
)
def test_fold_pattern_finds_in_stored_text_what_fold_would(organizer, word, finds):
    """On the database itself (SQLite's REGEXP, PostgreSQL's ~): for columns with no folded copy."""
    names = ["Nguyễn Văn An", "NGUYỄN THỊ BÌNH", "Nguyễn Hữu Đức", "Trần Thị Ân", "Số 15/QĐ-UBND"]
    for index, name in enumerate(names):
        AgencyFactory(organizer=organizer, code=f"P{index}", name=name)
    found = Agency.objects.filter(organizer=organizer, name__regex=fold_pattern(word)).values_list("name", flat=True)
    assert sorted(found) == sorted(finds)
    assert sorted(finds) == sorted(n for n in names if fold(word) in fold(n))


def test_fold_pattern_also_finds_tones_kept_decomposed():
    """Text kept as given may carry "Nguyễn" as "Nguye" plus two combining marks: fold reads both alike."""
    decomposed = "Nguye\u0302\u0303n Văn An"
    assert fold(decomposed) == "nguyen van an"
    assert re.search(fold_pattern("nguyen"), decomposed)
    assert not re.search(fold_pattern("nguyn"), decomposed)
