"""The fields of an award type its history follows."""

from __future__ import annotations

AWARD_TYPE_FIELDS = ("code", "name", "conferred_by", "quota_per_bloc", "basis", "ratio", "strict")
