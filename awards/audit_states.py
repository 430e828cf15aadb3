"""The fields of an award type and of a legal basis that their history follows."""

from __future__ import annotations

AWARD_TYPE_FIELDS = ("code", "name", "conferred_by", "quota_per_bloc", "basis", "ratio", "strict")
LEGAL_BASIS_FIELDS = ("number", "title", "valid_from", "valid_to")
