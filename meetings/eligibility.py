"""Who may pass a proposal, as the province's data says (Nghị định 152/2025/NĐ-CP and the province's own rules):
holds on an agency, the provincial flag for the bloc's leader, the Government flag among the units meeting the
provincial-flag standard within a share, and the tie note for collectives with many women."""

from __future__ import annotations
