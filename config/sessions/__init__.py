"""Sessions that end after ``SESSION_IDLE_HOURS`` without a request (8 by default), without a write per request.

Django ends a session ``SESSION_COOKIE_AGE`` after it was last saved (the row's ``expire_date`` and the
cookie's max-age), and saves it only when it changed. Saving it on every request
(``SESSION_SAVE_EVERY_REQUEST``) would write a row for every page; instead each session records when it was
saved, and one that is read more than ``refresh_after()`` seconds after that (5 minutes, or a quarter of a
shorter ``SESSION_COOKIE_AGE``) is saved again with the answer. A session in use therefore keeps going, at the
cost of one write per five minutes of use; one left alone ends between ``SESSION_COOKIE_AGE`` − 5 minutes and
``SESSION_COOKIE_AGE`` after its last request.

``SESSION_ENGINE`` names ``config.sessions.db`` (the database) or ``config.sessions.cached_db`` (the database,
read through Redis when it is up): Django's two stores with this rule.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

SAVED_AT = "_saved_at"
REFRESH_AFTER = 300  # seconds


def refresh_after() -> int:
    return min(REFRESH_AFTER, settings.SESSION_COOKIE_AGE // 4)


def _now() -> int:
    return int(timezone.now().timestamp())


class IdleExpiry:
    """For a ``SessionBase`` subclass: saved again when read ``refresh_after()`` seconds after its last save."""

    def load(self):
        data = super().load()
        saved_at = data.get(SAVED_AT)
        if data and (not isinstance(saved_at, int) or _now() - saved_at >= refresh_after()):
            self.modified = True  # SessionMiddleware saves it, and renews the cookie, with the answer
        return data

    def save(self, must_create: bool = False) -> None:
        self._get_session(no_load=must_create)[SAVED_AT] = _now()
        super().save(must_create)
