"""A bloc's document symbol (Số: 01/BB-<symbol>): suggested from its name, kept from a short name already
written as one, and printed in the minutes number."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from blocs.models import Bloc, default_symbol, suggest_symbol, symbol_validator
from blocs.services import bloc_create


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("Khối thi đua Kinh tế - Kỹ thuật", Bloc.Kind.BLOC, "KTĐ-KTKT"),
        ("Khối thi đua các cơ quan Tham mưu - Tổng hợp", Bloc.Kind.BLOC, "KTĐ-TMTH"),
        ("Khối thi đua Văn hóa - Xã hội", Bloc.Kind.BLOC, "KTĐ-VHXH"),
        ("Khối thi đua các Ban Đảng và Nội chính", Bloc.Kind.BLOC, "KTĐ-BĐNC"),
        ("Cụm thi đua số 2", Bloc.Kind.CLUSTER, "CTĐ-2"),
        ("Cụm thi đua các huyện miền núi", Bloc.Kind.CLUSTER, "CTĐ-HMN"),
        ("Khối thi đua", Bloc.Kind.BLOC, "KTĐ"),
        ("", Bloc.Kind.CLUSTER, "CTĐ"),
    ],
)
def test_the_name_suggests_a_valid_symbol(name, kind, expected):
    symbol = suggest_symbol(name, kind)
    assert symbol == expected
    symbol_validator(symbol)


def test_a_short_name_written_as_a_symbol_is_kept_else_the_name_suggests_one():
    assert default_symbol("Khối thi đua Văn hóa - Xã hội", "KTĐVHXH", Bloc.Kind.BLOC) == "KTĐVHXH"
    assert default_symbol("Khối thi đua Kinh tế - Kỹ thuật", "Khối KT-KT", Bloc.Kind.BLOC) == "KTĐ-KTKT"


@pytest.mark.parametrize("symbol", ["Khối KT-KT", "ktđ-ktkt", "KTĐ KTKT", "KTĐ--KT", "KTĐ-"])
def test_a_symbol_with_other_characters_is_refused_in_vietnamese(symbol):
    with pytest.raises(ValidationError, match="Ký hiệu chỉ gồm chữ in hoa không dấu"):
        symbol_validator(symbol)


@pytest.mark.django_db
def test_the_minutes_number_prints_the_symbol_not_the_short_name(organizer):
    from meetings.tests.factories import MeetingFactory, complete
    from records.models import MinutesVersion
    from records.services import meeting_finalize

    bloc = bloc_create(
        organizer=organizer, code="KTKT", name="Khối thi đua Kinh tế - Kỹ thuật", short_name="Khối KT-KT"
    )
    assert bloc.symbol == "KTĐ-KTKT"
    meeting_finalize(meeting=complete(MeetingFactory(bloc=bloc)))
    assert MinutesVersion.objects.get().minutes_number == "01/BB-KTĐ-KTKT"
