"""The board's trust anchors and organization certificate, and what records/ asks of them.

CONTRACT (issue 18, fixed names; the implementation is being written)."""

from __future__ import annotations


def anchors_for(organizer_id: int | None) -> list[bytes]:
    """The PEM certificates a document of this province must chain to: the installation's and the province's."""
    return []


def sign_issued(organizer_id: int, pdf: bytes) -> bytes:
    """``pdf`` signed by the province's organization certificate when the board set one up and enabled it;
    otherwise ``pdf`` unchanged."""
    return pdf
