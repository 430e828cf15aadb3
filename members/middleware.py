"""Request middleware of the members app."""

from __future__ import annotations

import pickle

from django.contrib import auth
from django.contrib.auth import middleware as auth_middleware
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from core import fragments


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, with the signed-in user's row taken from this process's memory while the data version
    (core/fragments.py) is the one it was read under: a page served from the fragments cache then reads
    nothing from the database. Any write to the users table changes the version (the last-login stamp
    aside, which no request reads from ``request.user``); the session is checked against the row's password
    hash on every request, as Django does. Without the shared cache (no version), Django's own lookup."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _session_user(request))


REMEMBERED_USERS = fragments.Recent(budget=4_000_000)  # pickled rows, about 1 KB each


def _session_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = _remembered_user(request)
    return request._cached_user


def _remembered_user(request):
    session = request.session
    user_id = session.get(auth.SESSION_KEY)
    # The version before the row: a write in between leaves the row under the version it replaced.
    version = fragments.request_version(request) if user_id is not None else None
    if version is None:
        return auth.get_user(request)
    key = (user_id, session.get(auth.BACKEND_SESSION_KEY), version)
    pickled = REMEMBERED_USERS.get(key)
    if pickled is None:
        user = auth.get_user(request)  # checks the session's hash; a session that fails it is flushed
        if user.is_authenticated:
            REMEMBERED_USERS.put(key, pickle.dumps(user))
        return user
    user = pickle.loads(pickled)  # noqa: S301  pickled by this process, above
    session_hash = session.get(auth.HASH_SESSION_KEY)
    if session_hash and constant_time_compare(session_hash, user.get_session_auth_hash()):
        return user
    return auth.get_user(request)  # an old secret's hash (rotated), or none: Django's own rules decide
