"""Pages of the official record: finalizing and reopening a meeting (lifecycle), and the status, download and
retry of its minutes (minutes)."""

from .lifecycle import meeting_finalize, meeting_reopen, minutes_preview, minutes_request
from .minutes import (
    minutes_docx_download,
    minutes_download,
    minutes_retry,
    minutes_status,
    minutes_status_json,
    signed_copy_upload,
)

__all__ = [
    "meeting_finalize", "meeting_reopen", "minutes_docx_download", "minutes_download", "minutes_preview",
    "minutes_request",
    "minutes_retry", "minutes_status", "minutes_status_json", "signed_copy_upload",
]  # fmt: skip
