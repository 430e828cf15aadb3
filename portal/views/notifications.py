"""The signed-in user's notifications: the list, opening one (which marks it read), marking all read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from notices import services
from notices.access import get_notification_for_user

PAGE_SIZE = 30


@login_required
@require_safe
def notification_list(request):
    """Newest first; the unread ones stand out."""
    notifications = request.user.notifications.order_by("-created_at", "-pk")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notices/notification_list.html", {"page_obj": page})


@login_required
@require_safe
def notification_open(request, pk: int):
    """Mark the notification read and go to the page it is about."""
    notification = get_notification_for_user(request.user, pk)
    services.mark_read(user=request.user, ids=[notification.pk])
    # Stored by the services from reverse(); checked again so that the redirect can only stay on the site.
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        return redirect("notifications")
    return redirect(notification.url)


@login_required
@require_POST
def notifications_read_all(request):
    count = services.mark_read(user=request.user, all_unread=True)
    if count:
        text = ngettext(
            "Đã đánh dấu %(count)s thông báo là đã đọc.", "Đã đánh dấu %(count)s thông báo là đã đọc.", count
        )
        messages.success(request, text % {"count": count})
    return redirect("notifications")
