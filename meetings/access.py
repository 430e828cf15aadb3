"""Who may read a meeting and what its pages offer: the bloc's rules (``blocs.access``) for the meeting's year."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from blocs.access import Capabilities, can_edit_bloc_year, in_visible_blocs
from members.models import User

from .models import Meeting


def get_meeting_for_user(user: User, pk: int, *, edit: bool = False) -> Meeting:
    """The meeting if the user may read its bloc, else 404; with ``edit``, only if the user also enters the
    records of the bloc's year (its secretaries, board staff), else 404 as for a meeting they cannot see.
    Whether a finalized meeting may change is the services' rule, not an access rule."""
    meetings = Meeting.objects.select_related("bloc", "host")
    meeting = get_object_or_404(meetings.filter(in_visible_blocs(user)), pk=pk)
    if edit and not can_edit_bloc_year(user, meeting.bloc, meeting.year):
        raise Http404
    return meeting


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
