"""The admin's rows of a finalized meeting are read-only (``meetings.services.ensure_editable``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from core.validation import error_messages
from meetings.services import ensure_editable
from members.admin_scoping import resolve


class MeetingLockMixin:
    """Rows of a finalized meeting are read-only; ``meeting_path`` leads from the row to its meeting.

    The first link of the path (the meeting, or the proposal of a ballot) is fixed once the row exists.
    """

    meeting_path: str = "meeting"

    def locked(self, obj) -> bool:
        meeting = resolve(obj, self.meeting_path)
        return meeting is not None and meeting.is_finalized

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self.locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self.locked(obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        anchor = self.meeting_path.split("__")[0]
        if obj is not None and anchor and anchor not in fields:
            fields.append(anchor)
        return fields

    def validate_form(self, request, form, change):
        super().validate_form(request, form, change)
        meeting = resolve(form.instance, self.meeting_path)
        if meeting is not None:
            try:
                ensure_editable(meeting)
            except ValidationError as error:
                form.add_error(None, error_messages(error))
