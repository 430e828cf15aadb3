"""The board's work on a bloc: its members and secretaries."""

from .board import membership_add, membership_delete, membership_end, secretary_add, secretary_delete

__all__ = ["membership_add", "membership_delete", "membership_end", "secretary_add", "secretary_delete"]
