"""Django's database sessions, saved again after ``REFRESH_AFTER`` of use (config/sessions/__init__.py)."""

from django.contrib.sessions.backends import db

from . import IdleExpiry


class SessionStore(IdleExpiry, db.SessionStore):
    pass
