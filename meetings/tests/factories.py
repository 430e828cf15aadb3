"""Factories of the meetings app."""

from __future__ import annotations

import datetime

import factory

from awards.tests.factories import award
from blocs.models import Membership, members_of
from blocs.tests.factories import BlocFactory, bloc_with_members
from meetings.models import Attendance, Meeting, Participant
from meetings.services import meeting_create, voting_set
from meetings.voting import proposal_create
from members.tests.factories import AgencyFactory


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


def complete(meeting: Meeting) -> Meeting:
    """Give a fixture's meeting what finalizing requires (meetings/checklist.py): every member of its year
    marked (present, where not marked yet; a bloc with no member that year gets one), a presiding person and a
    secretary. Returns the meeting, for ``meeting_finalize(meeting=complete(meeting))``."""
    members = members_of(meeting.bloc_id, meeting.year)
    if not members:
        agency = AgencyFactory(organizer=meeting.bloc.organizer)
        Membership.objects.create(bloc=meeting.bloc, agency=agency, from_year=meeting.year)
        members = {agency.pk}
    marked = set(meeting.attendances.values_list("agency_id", flat=True))
    Attendance.objects.bulk_create(Attendance(meeting=meeting, agency_id=pk, present=True) for pk in members - marked)
    roles = set(meeting.participants.values_list("role", flat=True))
    if Participant.Role.PRESIDING not in roles:
        Participant.objects.create(meeting=meeting, role=Participant.Role.PRESIDING, name="Nguyễn Văn Chủ Trì")
    if Participant.Role.SECRETARY not in roles:
        Participant.objects.create(meeting=meeting, role=Participant.Role.SECRETARY, name="Trần Thị Thư Ký")
    return meeting


def vote_world(organizer, *, mode: str = "secret", members: int = 12, proposals: int = 4, award_code: str = "BK_TINH"):
    """A draft 2017 year-end meeting of a bloc of ``members`` agencies, voted in ``mode``, with proposals of one
    award for its first agencies and no votes yet: (meeting, agencies, [proposals])."""
    bloc, agencies = bloc_with_members(members, organizer=organizer)
    meeting = meeting_create(bloc=bloc, kind=Meeting.Kind.YEAR_END_REVIEW, year=2017, held_on=datetime.date(2018, 1, 4))
    voting_set(meeting=meeting, voting_mode=mode)
    nominated = [
        proposal_create(meeting=meeting, nominee=agencies[i], award_type=award(organizer, award_code))
        for i in range(proposals)
    ]
    return meeting, agencies, nominated
