"""The meeting pages are tried on an 11-member bloc chaired in 2017 by its first agency, with a draft
year-end meeting of 2017 held on 04/01/2018 and everyone a page is tried as."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.test import Client

from blocs.tests.factories import bloc_people, bloc_with_members
from meetings.models import Meeting
from meetings.services import meeting_create
from members.tests.factories import PASSWORD

YEAR = 2017


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def world(organizer):
    bloc, agencies = bloc_with_members(11, organizer=organizer, name="Khối thi đua các cơ quan Tham mưu - Tổng hợp")
    people = bloc_people(bloc, agencies, years=(YEAR,))
    meeting = meeting_create(
        bloc=bloc,
        kind=Meeting.Kind.YEAR_END_REVIEW,
        year=YEAR,
        held_on=datetime.date(2018, 1, 4),
        title="Hội nghị tổng kết công tác thi đua, khen thưởng năm 2017",
        venue="Hội trường A",
    )
    return SimpleNamespace(bloc=bloc, agencies=agencies, people=people, meeting=meeting, organizer=organizer)


__all__ = ["YEAR", "client_of"]
