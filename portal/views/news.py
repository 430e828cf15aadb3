"""A finalized meeting's news draft: the article for the province's portal, to edit and copy (never stored)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from meetings.access import get_meeting_for_user
from portal.news import news_draft as draft_of


@login_required
@require_safe
def news_draft(request, pk: int):
    """Whoever may read the meeting's minutes (``records.views.minutes``: who sees the meeting) may read its
    draft; a meeting not finalized has none yet, and the page says so."""
    meeting = get_meeting_for_user(request.user, pk)
    text = draft_of(meeting) if meeting.is_finalized else ""
    return render(request, "portal/meeting_news.html", {"meeting": meeting, "bloc": meeting.bloc, "text": text})
