"""Snapshot → the context a document's template (and its Word builder, records/docx/) reads: every fact in
the words the document prints, in Vietnamese."""

from __future__ import annotations

from .dossier import letter_context, scores_context, vote_count_context
from .minutes import minutes_context, pledge_context

CONTEXTS = {
    "minutes": minutes_context,
    "pledge": pledge_context,
    "vote_count": vote_count_context,
    "scores": scores_context,
    "letter": letter_context,
}
