"""What every meeting page does first: fetch the meeting through the access helper, and for the pages
that change it, check the user may edit the bloc's year (else 404, as for a meeting they cannot see)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from meetings.access import get_meeting_for_user

from ..models import Meeting


def editable_meeting(request, pk: int) -> Meeting:
    """The meeting if the user may read it and enter its year's records (the bloc's secretary for the
    meeting's year, or board staff), else 404."""
    return get_meeting_for_user(request.user, pk, edit=True)


def detail_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meetings:detail", kwargs={"pk": meeting.pk})
    return f"{url}#{anchor}" if anchor else url


def locked_response(request, meeting: Meeting) -> HttpResponse | None:
    """A finalized meeting's record is not edited: back to its page with the reason (the services refuse too)."""
    if not meeting.is_finalized:
        return None
    messages.warning(request, _("Hội nghị đã chốt biên bản; cần được Ban Thi đua - Khen thưởng mở lại để sửa."))
    return redirect(detail_url(meeting))
