"""Who may read a meeting and what its pages offer: the bloc's rules (``blocs.access``) for the meeting's year."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from blocs.access import Capabilities, can_edit_bloc_year, in_visible_blocs
from blocs.models import is_member
from members.models import Agency, User

from .models import Meeting


def get_meeting_for_user(user: User, pk: int, *, edit: bool = False) -> Meeting:
    """The meeting if the user may read its bloc, else 404; with ``edit``, only if the user also enters the
    records of the bloc's year (its secretaries, board staff), else 404 as for a meeting they cannot see.
    Whether a finalized meeting may change is the services' rule, not an access rule."""
    meetings = Meeting.objects.select_related("bloc", "host", "online_voting")
    meeting = get_object_or_404(meetings.filter(in_visible_blocs(user)), pk=pk)
    if edit and not can_edit_bloc_year(user, meeting.bloc, meeting.year):
        raise Http404
    return meeting


def get_ballot_for_user(user: User, pk: int) -> tuple[Meeting, Agency]:
    """The meeting and the user's agency when that agency is a member of the meeting's bloc that year (whether it
    may vote now, present and the vote open, is the ballot page's to say), else 404: board staff, secretaries
    of no member agency and other agencies' users have no ballot here."""
    meeting = get_meeting_for_user(user, pk)
    if not user.agency_id or not is_member(meeting.bloc_id, user.agency_id, meeting.year):
        raise Http404
    return meeting, user.agency


class MeetingCapabilities(Capabilities):
    """What a meeting's pages offer the user (``can`` in the templates)."""

    def __init__(self, user: User, meeting: Meeting):
        super().__init__(user, meeting.bloc, meeting.year)
        self.meeting = meeting

    @cached_property
    def edit(self) -> bool:
        """Change the record: a draft meeting, by whoever enters the year's records."""
        return self.enter_records and not self.meeting.is_finalized

    @property
    def finalize(self) -> bool:
        return self.edit

    @cached_property
    def vote_online(self) -> bool:
        """The member agency's ballot, while the meeting's online vote is open (asked only then: no query else)."""
        session = self.meeting.voting_session
        if session is None or not session.is_open or not self.user.agency_id:
            return False
        return is_member(self.meeting.bloc_id, self.user.agency_id, self.meeting.year)

    @property
    def reopen(self) -> bool:
        return self.manage and self.meeting.is_finalized

    @property
    def request_minutes(self) -> bool:
        """A new minutes version of a finalized meeting outside finalizing (records.services)."""
        return self.manage

    @property
    def ask_to_reopen(self) -> bool:
        """A secretary of a finalized meeting is told that the board reopens it."""
        return self.enter_records and self.meeting.is_finalized and not self.manage

    @property
    def retry_render(self) -> bool:
        return self.enter_records

    @property
    def see_older_versions(self) -> bool:
        return self.manage
