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
