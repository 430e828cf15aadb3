"""Password rules that Django's own validators would not tell the users in Vietnamese."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with its message in the project's catalog: Django 5.2 rewrote that message (``%d`` instead of
    ``%(min_length)d``) and its Vietnamese catalog holds only the old wording, so Django's shows in English."""

    def get_error_message(self) -> str:
        return ngettext(
            "Mật khẩu này quá ngắn: phải có ít nhất %(min_length)d ký tự.",
            "Mật khẩu này quá ngắn: phải có ít nhất %(min_length)d ký tự.",
            self.min_length,
        ) % {"min_length": self.min_length}
