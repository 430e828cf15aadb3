"""Django's cached database sessions, saved again after ``REFRESH_AFTER`` of use (config/sessions/__init__.py).

Redis down, the ``sessions`` cache answers as an empty one (config/redis_cache.py): every session is then
read from and written to the database alone.
"""

from django.contrib.sessions.backends import cached_db

from . import IdleExpiry


class SessionStore(IdleExpiry, cached_db.SessionStore):
    pass
