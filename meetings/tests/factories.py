"""Factories of the meetings app."""

from __future__ import annotations

import datetime

import factory

from blocs.tests.factories import BlocFactory
from meetings.models import Meeting


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    bloc = factory.SubFactory(BlocFactory)
    kind = Meeting.Kind.YEAR_END_REVIEW
    year = 2017
    held_on = datetime.date(2018, 1, 4)


def finalized(meeting: Meeting) -> Meeting:
    """The meeting marked finalized without its minutes (a fixture's shortcut past ``meeting_finalize``, for
    tests about what follows: decisions award only finalized meetings' proposals)."""
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.FINALIZED)
    meeting.refresh_from_db()
    return meeting
