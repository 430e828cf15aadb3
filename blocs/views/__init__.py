"""The board's work on a bloc (its members and secretaries) and the province's setup (agencies, blocs, users)."""

from .board import (
    membership_add,
    membership_delete,
    membership_end,
    memberships_move,
    secretary_add,
    secretary_delete,
)
from .setup import (
    agency_create,
    agency_list,
    agency_update,
    bloc_create,
    bloc_setup_list,
    bloc_successor,
    bloc_update,
    symbol_suggest,
    user_activate,
    user_create,
    user_deactivate,
    user_invite,
    user_list,
    user_update,
)

__all__ = [
    "agency_create",
    "agency_list",
    "agency_update",
    "bloc_create",
    "bloc_setup_list",
    "bloc_successor",
    "bloc_update",
    "membership_add",
    "membership_delete",
    "membership_end",
    "memberships_move",
    "secretary_add",
    "secretary_delete",
    "symbol_suggest",
    "user_activate",
    "user_create",
    "user_deactivate",
    "user_invite",
    "user_list",
    "user_update",
]
