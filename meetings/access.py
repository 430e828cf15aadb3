"""Who may read a meeting: whoever may read its bloc (``blocs.access``)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from blocs.access import in_visible_blocs
from members.models import User

from .models import Meeting


def get_meeting_for_user(user: User, pk: int) -> Meeting:
    """The meeting if the user may read its bloc, else 404."""
    meetings = Meeting.objects.select_related("bloc", "host")
    return get_object_or_404(meetings.filter(in_visible_blocs(user)), pk=pk)
