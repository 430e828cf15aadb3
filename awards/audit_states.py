"""The fields of an award type and of a legal basis that their history follows."""

from __future__ import annotations

AWARD_TYPE_FIELDS = ("code", "name", "conferred_by", "quota_per_bloc", "basis", "ratio", "strict", "flag")
AWARD_POLICY_FIELDS = (
    "provincial_flag_mode", "government_flag_mode", "government_flag_share", "tie_women_share", "legal_basis",
)  # fmt: skip
AGENCY_HOLD_FIELDS = ("agency", "year", "kind", "reason")
WOMEN_SHARE_FIELDS = ("agency", "year", "share")
LEGAL_BASIS_FIELDS = ("number", "title", "valid_from", "valid_to")
