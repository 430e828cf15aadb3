"""Pages that read across the apps: the dashboard and search, the bloc page, the agency page, a record's
history, the user's notifications, a meeting's news draft, and the public results."""

from .bloc import bloc_detail, leadership_override
from .dashboard import bloc_list, search_view
from .news import news_draft
from .notifications import notification_list, notification_open, notifications_read_all
from .public import public_document, public_results, public_settings
from .records import agency_detail, history
from .tasks import sign as pledge_sign
from .tasks import tasks as agency_tasks

__all__ = [
    "agency_detail", "agency_tasks", "bloc_detail", "bloc_list", "history", "leadership_override", "news_draft",
    "notification_list", "notification_open", "notifications_read_all", "pledge_sign", "public_document",
    "public_results", "public_settings", "search_view",
]  # fmt: skip
