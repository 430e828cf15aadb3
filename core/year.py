"""The emulation year a user is looking at: chosen with the year switcher, remembered in the session."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

SESSION_KEY = "selected_year"


def _valid(value) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 1945 <= year <= 2100 else None


def selected_year(request: HttpRequest) -> int:
    """``?year=`` if given (and remembered), else the remembered year, else the current year."""
    year = _valid(request.GET.get("year"))
    session = getattr(request, "session", None)
    if year is not None:
        if session is not None and session.get(SESSION_KEY) != year:
            session[SESSION_KEY] = year
        return year
    if session is not None and (remembered := _valid(session.get(SESSION_KEY))) is not None:
        return remembered
    return timezone.localdate().year


def year_choices(selected: int) -> list[int]:
    this_year = timezone.localdate().year
    return sorted({*range(this_year - 9, this_year + 2), selected}, reverse=True)


def year_context(request: HttpRequest) -> dict:
    """Template context: the selected year and the years the switcher offers."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    year = selected_year(request)
    return {"selected_year": year, "year_choices": year_choices(year)}
