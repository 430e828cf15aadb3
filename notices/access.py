"""Who may read a notification: the user it was sent to; anyone else gets 404 (nothing says it exists)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from members.models import User

from .models import Notification


def get_notification_for_user(user: User, pk: int) -> Notification:
    """The user's own notification, else 404."""
    return get_object_or_404(Notification, pk=pk, user_id=user.pk)
