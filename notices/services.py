"""Telling users what happened (``notify``) and marking what they have read (``mark_read``).

Each user's unread count lives on their row (``members.User.unread_notifications``) so the menu's bell costs
no query: these two functions are the only writers, with F() in the same transaction as the notifications.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.mail import absolute_url, send_after_commit
from members.models import User
from notices.models import Notification, message_of

# Inside ``silenced()`` nobody is told: the history an import or the demo data records is not news.
_silenced: ContextVar[bool] = ContextVar("notices_silenced", default=False)


@contextmanager
def silenced() -> Iterator[None]:
    """Within this block the services tell nobody (``import_blocs``, the web import, ``seed_demo``)."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def notify(*, users: Iterable[User], kind: str, params: dict, url: str, by: User | None = None) -> list[Notification]:
    """Tell the users of an event of ``kind``: the same sentence (``params``: its names) and page (``url``, a
    path from ``reverse``) for each. See ``notify_each``."""
    return notify_each(kind=kind, rows=[(user, params, url) for user in users], by=by)


@transaction.atomic
def notify_each(*, kind: str, rows: Iterable[tuple[User, dict, str]], by: User | None = None) -> list[Notification]:
    """Tell each user of ``rows`` (user, params, url) of an event of ``kind``: a notification in the menu's bell
    and, if they have an email address, one email sent once the transaction commits (none if it rolls back).

    A user is told once (their first row counts); inactive users are not told, nor ``by``, who did it; nobody
    inside ``silenced()``."""
    if _silenced.get():
        return []
    recipients: dict[int, tuple[User, dict, str]] = {}
    for user, params, url in rows:
        if not url.startswith("/") or url.startswith("//"):
            raise ValueError(f"a notification opens a page of the site, not {url!r}")
        if user.is_active and (by is None or user.pk != by.pk):
            recipients.setdefault(user.pk, (user, params, url))
    if not recipients:
        return []
    now = timezone.now()
    notifications = Notification.objects.bulk_create(
        Notification(user=user, kind=kind, params=params, url=url, created_at=now)
        for user, params, url in recipients.values()
    )
    User.objects.filter(pk__in=recipients).update(unread_notifications=F("unread_notifications") + 1)
    # The email is read by people who chose no language here: the site's.
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Thi đua khối: %(kind)s") % {"kind": Notification.Kind(kind).label}
        for user, params, url in recipients.values():
            if user.email:
                body = _email_body(user, message_of(kind, params), url)
                send_after_commit(to=[user.email], subject=subject, body=body)
    return notifications


def _email_body(user: User, message: str, url: str) -> str:
    return _(
        "Kính gửi %(name)s,\n\n%(message)s\n\nXem tại: %(link)s\n\n"
        "Mọi thông báo của bạn: %(notifications)s\n"
        "Thư này do hệ thống quản lý khối, cụm thi đua gửi tự động; xin đừng trả lời thư."
    ) % {
        "name": user.get_full_name() or user.username,
        "message": message,
        "link": absolute_url(url),
        "notifications": absolute_url(reverse("notifications")),
    }


@transaction.atomic
def mark_read(*, user: User, ids: Iterable[int] = (), all_unread: bool = False) -> int:
    """Mark the user's notifications ``ids`` (or, with ``all_unread``, every one) read; returns how many were
    unread. Another user's ids are ignored."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if not all_unread:
        unread = unread.filter(pk__in=list(ids))
    # The rows still unread when updated are counted: two tabs marking the same one read count it once.
    count = unread.update(read_at=timezone.now())
    if count:
        User.objects.filter(pk=user.pk).update(unread_notifications=F("unread_notifications") - count)
    return count
