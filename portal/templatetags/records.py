"""Links and badges of records, repeated on every row of the long pages (dashboard, bloc, agency, meeting).

They were small ``{% include %}`` templates; as tags they render the same HTML several times faster, which
the dashboard and the bloc page feel: a bloc page of ten years holds some 250 of them
(bench/load_bench.py, "Load" in bench/README.md).
"""

from __future__ import annotations

import functools

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils import dateformat
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from meetings.models import Meeting, Proposal
from records.models import MinutesVersion

register = template.Library()


@functools.lru_cache(maxsize=65536)
def _reverse(script_prefix: str, viewname: str, args: tuple) -> str:
    return reverse(viewname, args=args)


@receiver(setting_changed)
def _forget_urls(*, setting, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()


def record_url(viewname: str, *args) -> str:
    """``reverse()``, remembered: a record's address never changes while the process runs, and a long page
    asks for the same few hundred (reverse() was a sixth of the bloc page's time, cold)."""
    return _reverse(get_script_prefix(), viewname, args)


def label(choices, value) -> str:
    """The label of a choice, as ``get_FOO_display()`` gives it but a few times faster (no dict built per call)."""
    try:
        return choices(value).label
    except ValueError:
        return value


@register.simple_tag
def agency_link(agency) -> SafeString:
    """An agency's name as recorded (a record of before a rename keeps the old name), linked to its page."""
    if not agency:
        return SafeString("")
    return format_html('<a href="{}">{}</a>', record_url("members:detail", agency.pk), agency.name)


@register.simple_tag
def meeting_link(meeting, label="") -> SafeString:
    """A meeting's name (or ``label``), linked to the meeting page once that page exists."""
    text = label or meeting.display_title
    try:
        url = record_url("meetings:detail", meeting.pk)
    except NoReverseMatch:
        return format_html("{}", text)
    return format_html('<a href="{}">{}</a>', url, text)


@register.simple_tag
def meeting_badges(meeting) -> SafeString:
    """The meeting's status and its latest minutes version (``meeting.latest_minutes``, prefetched)."""
    status = format_html(
        '\n<span class="badge {}">{}</span>\n',
        "text-bg-success" if meeting.is_finalized else "text-bg-warning",
        label(Meeting.Status, meeting.status),
    )
    minutes = getattr(meeting, "latest_minutes", None)
    if minutes:
        if minutes.is_ready:
            look = "text-bg-primary"
        elif minutes.is_pending:
            look = "text-bg-light border"
        else:
            look = "text-bg-danger"
        text = gettext("Biên bản v%(number)s: %(status)s") % {
            "number": minutes.number,
            "status": label(MinutesVersion.Status, minutes.status),
        }
        url = record_url("meetings:minutes_status", meeting.pk, "bien-ban")
        link = format_html(
            '\n<a class="badge text-wrap text-start text-decoration-none {}" href="{}">{}</a>\n', look, url, text
        )
        return status + link + SafeString("\n")
    if meeting.is_finalized:
        return status + format_html('<span class="badge text-bg-light border">{}</span>\n', gettext("Chưa có biên bản"))
    return status + SafeString("\n")


OUTCOME_LOOKS = {"passed": "text-bg-success", "failed": "text-bg-secondary"}


@register.simple_tag
def outcome_badge(proposal) -> SafeString:
    """A proposal's outcome."""
    return format_html(
        '<span class="badge {}">{}</span>',
        OUTCOME_LOOKS.get(proposal.outcome, "text-bg-light border"),
        label(Proposal.Outcome, proposal.outcome),
    )


@register.simple_tag
def decision(proposal) -> SafeString:
    """The decision awarding a passed proposal, or that one is awaited."""
    try:
        award = proposal.decision_award
    except ObjectDoesNotExist:
        award = None
    if award:
        signed_on = award.decision.signed_on
        return format_html(
            '<span class="text-nowrap">{}</span> <span class="text-body-secondary small text-nowrap">{}</span>',
            award.decision.number,
            dateformat.format(signed_on, "d/m/Y") if signed_on else "",
        )
    if proposal.outcome == "passed":
        return format_html('<span class="text-body-secondary">{}</span>', gettext("Chờ quyết định"))
    return SafeString("—")
