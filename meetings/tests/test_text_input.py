"""What people type: stored NFC, no invisible characters in names, dates within 1945–2100, one name per
agency of a province (core.fields); the rules themselves and through the meeting forms."""

from __future__ import annotations

import datetime
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.fields import validate_date, validate_name, validate_text
from core.tests.html import error_text
from meetings.models import Meeting, Participant
from meetings.tests.conftest import client_of
from members.services import agency_create
from members.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

NFD = unicodedata.normalize("NFD", "Sở Tài chính tỉnh Quảng Ngãi")
INVISIBLE = ["Sở\u200bTài chính", "Sở Tài chính\u202e", "\ufeffSở Tài chính", "Sở\u00adTài chính", "Sở\tTài chính"]


# -- the rules themselves ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["a\ud800b", "\udfff", "a\x00b", "Sở Tài chính\u202e", "\u2066x\u2069", "\x01", "a\x1b[31m", "\x7f"]
)
def test_text_that_cannot_be_stored_or_shows_other_text_is_refused(text):
    with pytest.raises(ValidationError):
        validate_text(text)


@pytest.mark.parametrize("text", INVISIBLE)
def test_names_refuse_invisible_characters(text):
    validate_text(text.replace("\u202e", ""))  # ordinary text may keep them; a name may not
    with pytest.raises(ValidationError):
        validate_name(text)


@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(1944, 12, 31), datetime.date(2101, 1, 1)])
def test_dates_outside_1945_2100_are_refused(day):
    with pytest.raises(ValidationError):
        validate_date(day)


def test_dates_at_the_bounds_are_accepted():
    validate_date(datetime.date(1945, 1, 1))
    validate_date(datetime.date(2100, 12, 31))


# -- the services and the forms -------------------------------------------------------------------------------


def test_a_second_agency_with_the_name_of_another_once_normalised_is_refused(organizer):
    AgencyFactory(organizer=organizer, code="STC", name="Sở Tài chính")
    with pytest.raises(ValidationError) as error:
        agency_create(organizer=organizer, code="STC2", name=unicodedata.normalize("NFD", "Sở Tài chính"))
    assert "Tỉnh đã có một cơ quan, đơn vị cùng tên." in error.value.messages


def test_meeting_form_stores_nfc(world):
    client = client_of(world.people.secretary)
    page = client.get(reverse("meetings:content", args=[world.meeting.pk]))
    data = {**page.context["form"].initial, "report": NFD, "directions": NFD}
    response = client.post(reverse("meetings:content", args=[world.meeting.pk]), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    assert meeting.report == unicodedata.normalize("NFC", NFD)
    assert meeting.directions == [unicodedata.normalize("NFC", NFD)]


def test_meeting_form_refuses_a_date_outside_1945_2100(world):
    client = client_of(world.people.secretary)
    page = client.get(reverse("meetings:update", args=[world.meeting.pk]))
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["held_on"] = "01/01/0001"
    response = client.post(reverse("meetings:update", args=[world.meeting.pk]), data)
    assert response.status_code == 200
    assert "nằm ngoài khoảng cho phép" in error_text(response.content.decode(), "id_held_on_error")
    assert Meeting.objects.get(pk=world.meeting.pk).held_on == datetime.date(2018, 1, 4)


@pytest.mark.parametrize("name", INVISIBLE)
def test_a_person_named_with_invisible_characters_is_refused(world, name):
    data = {
        "presiding-TOTAL_FORMS": "1", "presiding-INITIAL_FORMS": "0", "presiding-0-name": name,
        "secretary-TOTAL_FORMS": "0", "secretary-INITIAL_FORMS": "0",
        "guests-TOTAL_FORMS": "0", "guests-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = client_of(world.people.secretary).post(reverse("meetings:people", args=[world.meeting.pk]), data)
    assert response.status_code == 200
    assert "ký tự vô hình" in response.content.decode() or "hướng chữ" in response.content.decode()
    assert not Participant.objects.filter(meeting=world.meeting).exists()
