"""Pages that read across the apps: the dashboard and search, the bloc page, the agency page and a record's
history."""

from .bloc import bloc_detail, leadership_override
from .dashboard import bloc_list, search_view
from .records import agency_detail, history

__all__ = ["agency_detail", "bloc_detail", "bloc_list", "history", "leadership_override", "search_view"]
