"""Meeting pages: the record a secretary enters (pages, record, proposals), finalizing and reopening it
(lifecycle), and the status, download and retry of its minutes (minutes)."""

from .lifecycle import meeting_finalize, meeting_reopen, minutes_request
from .minutes import minutes_download, minutes_retry, minutes_status, minutes_status_json
from .pages import meeting_content, meeting_create, meeting_detail, meeting_update
from .proposals import proposal_add, proposal_outcome, proposal_votes, proposal_withdraw
from .record import attendance, election, people, ranking

__all__ = [
    "attendance", "election", "meeting_content", "meeting_create", "meeting_detail", "meeting_finalize",
    "meeting_reopen", "meeting_update", "minutes_download", "minutes_request", "minutes_retry", "minutes_status",
    "minutes_status_json", "people", "proposal_add", "proposal_outcome", "proposal_votes", "proposal_withdraw",
    "ranking",
]  # fmt: skip
