"""Bloc pages: the dashboard, search, the bloc page and the board's work on a bloc."""

from .bloc import bloc_detail, leadership_override
from .board import membership_add, membership_delete, membership_end, secretary_add, secretary_delete
from .dashboard import bloc_list, search_view

__all__ = [
    "bloc_detail", "bloc_list", "leadership_override", "membership_add", "membership_delete", "membership_end",
    "search_view", "secretary_add", "secretary_delete",
]  # fmt: skip
