"""Pages that read across the apps: the dashboard and search, the bloc page, the agency page, a record's
history, and the user's notifications."""

from .bloc import bloc_detail, leadership_override
from .dashboard import bloc_list, search_view
from .notifications import notification_list, notification_open, notifications_read_all
from .records import agency_detail, history
from .tasks import sign as pledge_sign
from .tasks import tasks as agency_tasks

__all__ = [
    "agency_detail", "agency_tasks", "bloc_detail", "bloc_list", "history", "leadership_override",
    "notification_list", "notification_open", "notifications_read_all", "pledge_sign", "search_view",
]  # fmt: skip
