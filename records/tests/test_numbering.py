"""Dates, numbers and the minutes number as official documents write them (Nghị định 30/2020/NĐ-CP)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from blocs.models import Bloc
from blocs.tests.factories import BlocFactory
from core.numbers import number_text
from meetings.models import Meeting
from meetings.services import meeting_update
from meetings.tests.factories import MeetingFactory, complete
from members.models import User
from members.tests.factories import OrganizerFactory, UserFactory
from records import numbering
from records.models import MinutesVersion
from records.services import meeting_finalize, meeting_reopen


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2018, 1, 4), "Quảng Ngãi, ngày 04 tháng 01 năm 2018"),
        (datetime.date(2018, 2, 9), "Quảng Ngãi, ngày 09 tháng 02 năm 2018"),
        (datetime.date(2018, 3, 15), "Quảng Ngãi, ngày 15 tháng 3 năm 2018"),
        (datetime.date(2018, 11, 1), "Quảng Ngãi, ngày 01 tháng 11 năm 2018"),
        (datetime.date(2018, 12, 20), "Quảng Ngãi, ngày 20 tháng 12 năm 2018"),
    ],
)
def test_date_line_pads_days_below_10_and_months_1_and_2(day, expected):
    assert numbering.date_line("Quảng Ngãi", day) == expected


def test_times_and_missing_times():
    assert numbering.time_words(datetime.time(7, 30)) == "7 giờ 30"
    assert numbering.time_words(datetime.time(14, 0)) == "14 giờ 00"
    assert numbering.time_words(None) == "…… giờ ……"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(11, "11"), (1234567, "1.234.567"), (Decimal("12.50"), "12,5"), (Decimal("100.00"), "100"), (0.25, "0,25")],
)
def test_numbers_in_vietnamese_style(value, expected):
    assert number_text(value, thousands=True) == expected


def test_percentages():
    assert numbering.percent(11, 11) == "100%"
    assert numbering.percent(6, 11) == "54,55%"
    assert numbering.percent(1, 0) == numbering.DOTS


def _finalized(meeting: Meeting) -> str:
    meeting_finalize(meeting=complete(meeting))
    return MinutesVersion.objects.get(meeting=meeting, number=1).minutes_number


@pytest.mark.django_db
def test_minutes_are_numbered_per_bloc_and_calendar_year():
    bloc = BlocFactory(short_name="KTĐ")
    other = BlocFactory(organizer=bloc.organizer, short_name="CTĐ1")
    january = MeetingFactory(bloc=bloc, year=2017, held_on=datetime.date(2018, 1, 4))
    july = MeetingFactory(bloc=bloc, year=2018, kind=Meeting.Kind.MID_YEAR_REVIEW, held_on=datetime.date(2018, 7, 10))
    next_year = MeetingFactory(bloc=bloc, year=2018, held_on=datetime.date(2019, 1, 8))
    elsewhere = MeetingFactory(bloc=other, year=2017, held_on=datetime.date(2018, 1, 5))
    assert _finalized(january) == "01/BB-KTĐ"
    assert _finalized(july) == "02/BB-KTĐ"
    assert _finalized(next_year) == "01/BB-KTĐ"
    assert _finalized(elsewhere) == "01/BB-CTĐ1"


@pytest.mark.django_db
def test_a_number_entered_on_the_meeting_wins_and_otherwise_the_bloc_symbol_is_printed():
    cluster = BlocFactory(short_name="", kind=Bloc.Kind.CLUSTER, symbol="CTĐ")
    assert _finalized(MeetingFactory(bloc=cluster, minutes_number="Số: 07/BB-CTĐ")) == "07/BB-CTĐ"
    assert _finalized(MeetingFactory(bloc=cluster, held_on=datetime.date(2018, 1, 9))) == "02/BB-CTĐ"


@pytest.mark.django_db
def test_a_corrected_version_keeps_its_number():
    organizer = OrganizerFactory()
    bloc = BlocFactory(organizer=organizer, short_name="KTĐ")
    meeting = MeetingFactory(bloc=bloc)
    board = UserFactory(role=User.Role.BOARD_STAFF, organizer=organizer)
    meeting_finalize(meeting=complete(meeting), by=board)
    MeetingFactory(bloc=bloc, held_on=datetime.date(2018, 1, 20), kind=Meeting.Kind.OTHER)
    meeting_finalize(meeting=complete(Meeting.objects.get(held_on=datetime.date(2018, 1, 20))))
    meeting_reopen(meeting=meeting, reason="Sửa tên người đại diện", by=board)
    meeting_update(meeting=meeting, venue="Hội trường")
    meeting_finalize(meeting=complete(meeting), by=board)
    numbers = dict(MinutesVersion.objects.filter(meeting=meeting).values_list("number", "minutes_number"))
    assert numbers == {1: "01/BB-KTĐ", 2: "01/BB-KTĐ"}


@pytest.mark.django_db
def test_imported_history_is_numbered_in_date_order_and_a_late_finalization_takes_a_free_number():
    bloc = BlocFactory(short_name="KTĐ")
    finalized = Meeting.Status.FINALIZED
    january = MeetingFactory(bloc=bloc, year=2017, held_on=datetime.date(2018, 1, 4), status=finalized)
    july = MeetingFactory(
        bloc=bloc, year=2018, kind=Meeting.Kind.MID_YEAR_REVIEW, held_on=datetime.date(2018, 7, 10), status=finalized
    )
    from records.services import minutes_number_for

    # Imported meetings have no version yet: their numbers follow the dates.
    assert minutes_number_for(january) == "01/BB-KTĐ"
    assert minutes_number_for(july) == "02/BB-KTĐ"
    # July's minutes are issued first; a March meeting finalized later must not repeat 02.
    assert _finalized_again(july) == "02/BB-KTĐ"
    march = MeetingFactory(bloc=bloc, year=2018, kind=Meeting.Kind.OTHER, held_on=datetime.date(2018, 3, 1))
    assert _finalized(march) == "03/BB-KTĐ"


def _finalized_again(meeting: Meeting) -> str:
    """A finalized meeting without a version gets one (as board staff asking for its minutes would)."""
    from records.services import minutes_versions_create

    minutes_versions_create(meeting=meeting)
    return MinutesVersion.objects.get(meeting=meeting, number=1).minutes_number
