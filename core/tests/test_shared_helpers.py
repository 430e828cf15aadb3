"""The helpers every app calls instead of keeping its own copy: Vietnamese numbers and percentages
(core.numbers), a service's refusal put on a form and the stale-save check (core.forms), and the rule "a
member of the bloc that year" (blocs)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template

from awards.forms import parse_ratio, ratio_text
from awards.rules import Rule, Tally, evaluate
from blocs.models import members_of, not_a_member_message
from blocs.selectors import members_of_year
from blocs.tests.factories import MembershipFactory, bloc_with_members
from core.forms import ConfirmForm, add_service_errors, is_stale
from core.numbers import number_text, parse_number, percent_text, typed_number
from core.uploads import megabytes
from members.tests.factories import AgencyFactory
from pledges.forms import same_points
from records import numbering

# --- Numbers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "thousands", "expected"),
    [
        (Decimal("1234.5"), True, "1.234,5"),
        (Decimal("1234.50"), False, "1234,5"),
        (Decimal("8.50"), False, "8,5"),
        (Decimal("40.00"), False, "40"),
        (1234567, True, "1.234.567"),
        (Decimal("-1234.25"), True, "-1.234,25"),
        (0.25, False, "0,25"),
        (Decimal("4E+1"), False, "40"),
        (Decimal("-0.50"), False, "-0,5"),
        # Longer than Decimal's 28 digits (a fuzzed score): written exactly, not rounded, never an error.
        (Decimal("1" * 40 + ".10"), False, "1" * 40 + ",1"),
        (Decimal("12345678901234567890123456789012"), True, "12.345.678.901.234.567.890.123.456.789.012"),
        (None, True, ""),
    ],
)
def test_numbers_are_written_with_a_decimal_comma_and_dots_between_thousands(value, thousands, expected):
    assert number_text(value, thousands=thousands) == expected


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (Fraction(5, 8), "62,5%"),
        (0.625, "62,5%"),
        (Fraction(1, 2), "50%"),
        (Fraction(2, 3), "66,67%"),
        (2 / 3, "66,67%"),
        (0.2, "20%"),  # stored a hair above 1/5
        (Fraction(6, 11), "54,55%"),
        (1, "100%"),
        (Decimal("0.125"), "12,5%"),
        (Fraction(1, 30), "3,33%"),
        (Fraction(1, 800), "0,12%"),  # 0,125: half to even, as the minutes always rounded
        (Fraction(25, 2), "1.250%"),
    ],
)
def test_a_share_is_a_percentage_to_two_decimals(ratio, expected):
    assert percent_text(ratio) == expected


def test_more_decimals_when_asked_and_never_an_exponent():
    assert percent_text(Fraction(1, 10**7), places=6) == "0,00001%"
    assert percent_text(0.123456, places=6) == "12,3456%"
    assert "e" not in percent_text(1e-12).lower()


def test_the_web_the_minutes_and_the_award_form_say_a_share_alike():
    rule = Rule(basis="members", ratio=parse_ratio("2/3"), strict=True)
    _outcome, reason = evaluate(tally=Tally(6, 5), rule=rule, members=11, present=11)
    assert "(54,55%)" in reason and "trên 66,67%" in reason
    assert numbering.percent(6, 11) == "54,55%"
    assert ratio_text(0.625) == "62,5%" and ratio_text(0.6667) == "66,67%" and ratio_text(2 / 3) == "2/3"


def test_a_ratio_no_short_form_says_is_shown_so_that_saving_again_keeps_it():
    for ratio in (0.123456, 1e-7):
        assert parse_ratio(ratio_text(ratio)) == pytest.approx(ratio, rel=1e-9)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("8,5", "8.5"),
        ("8.5", "8.5"),
        (" 10 ", "10"),
        ("1.234,5", "1234.5"),
        ("1 234,5", "1234.5"),
        ("", ""),
    ],
)
def test_a_number_is_read_as_people_type_it(typed, read):
    assert typed_number(typed) == read
    assert parse_number(typed) == (Decimal(read) if read else None)


@pytest.mark.parametrize("typed", ["NaN", "Infinity", "-inf", "abc", "1,2,3", ""])
def test_what_is_no_number_reads_as_none(typed):
    assert parse_number(typed) is None


def test_points_and_ratios_read_numbers_the_same_way():
    assert same_points("8,5", "8.50") and same_points("1.234,5", "1234.5") and not same_points("8,5", "8")
    assert same_points("abc", "abc") and not same_points("abc", "8")
    assert parse_ratio("62,5%") == parse_ratio("62.5%") == 0.625


def test_the_points_filter_writes_what_number_text_writes():
    template = Template("{% load pledge_tags %}{{ value|points }}")
    for value in (Decimal("8.50"), Decimal("40.00"), Decimal("1234.5"), None):
        assert template.render(Context({"value": value})) == number_text(value)


def test_an_upload_size_is_rounded_up_so_a_file_over_the_limit_never_reads_as_the_limit():
    assert number_text(megabytes(20 * 1024 * 1024 + 1)) == "20,1"
    assert number_text(megabytes(5 * 1024 * 1024)) == "5"


# --- Forms ----------------------------------------------------------------------------------------------


class _Form(forms.Form):
    name = forms.CharField(required=False)


def test_a_service_refusal_goes_beside_the_field_it_names_and_the_rest_on_top():
    form = _Form({"name": "x"})
    form.is_valid()
    add_service_errors(form, ValidationError({"name": ["Tên đã có."], "other": ["Khác."], "__all__": ["Chung."]}))
    assert form.errors["name"] == ["Tên đã có."]
    assert form.non_field_errors() == ["Khác.", "Chung."]


def test_a_refusal_on_a_confirmation_page_goes_on_top_whatever_it_names():
    form = ConfirmForm({})
    form.is_valid()
    add_service_errors(form, ValidationError({"proposal": ["Đã có quyết định."]}))
    add_service_errors(form, ValidationError(["Một.", "Hai."]))
    assert form.non_field_errors() == ["Đã có quyết định.", "Một.", "Hai."]


def test_only_a_stale_refusal_is_stale():
    assert is_stale(ValidationError("Đã được người khác lưu.", code="stale"))
    assert not is_stale(ValidationError("Sai.", code="invalid"))
    assert not is_stale(ValidationError({"name": ["Sai."]}))


# --- Members of a year ----------------------------------------------------------------------------------


def test_not_a_member_says_the_agency_and_the_year():
    assert (
        not_a_member_message("Sở Tài chính", 2017) == "Sở Tài chính không phải là thành viên của khối trong năm 2017."
    )


@pytest.mark.django_db
def test_members_of_a_year_follow_the_membership_years_in_vietnamese_order():
    bloc, _agencies = bloc_with_members(0, year=2017)
    later = MembershipFactory(bloc=bloc, from_year=2018, agency=AgencyFactory(organizer=bloc.organizer, name="Ủy ban"))
    gone = MembershipFactory(
        bloc=bloc, from_year=2015, to_year=2017, agency=AgencyFactory(organizer=bloc.organizer, name="Đài")
    )
    always = MembershipFactory(bloc=bloc, from_year=2015, agency=AgencyFactory(organizer=bloc.organizer, name="Cục"))
    assert members_of_year(bloc.pk, 2017) == [always.agency, gone.agency]
    assert members_of_year(bloc.pk, 2018) == [always.agency, later.agency]
    assert members_of(bloc.pk, 2018) == {always.agency_id, later.agency_id}
