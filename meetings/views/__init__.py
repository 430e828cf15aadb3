"""Meeting pages: the record a secretary enters (pages, record, proposals)."""

from .pages import meeting_content, meeting_create, meeting_detail, meeting_update
from .proposals import proposal_add, proposal_outcome, proposal_votes, proposal_withdraw
from .record import attendance, election, people, ranking, voting

__all__ = [
    "attendance", "election", "meeting_content", "meeting_create", "meeting_detail", "meeting_update",
    "people", "proposal_add", "proposal_outcome", "proposal_votes", "proposal_withdraw", "ranking", "voting",
]  # fmt: skip
