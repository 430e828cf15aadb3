"""Django's "Quên mật khẩu" form, sending its email the way every email of the application is sent."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from django.contrib.auth import forms as auth_forms
from django.template.loader import render_to_string
from django.urls import reverse

from core.mail import absolute_url, send_after_commit

from .models import User


def _same_address(a: str, b: str) -> bool:
    return unicodedata.normalize("NFKC", a).casefold() == unicodedata.normalize("NFKC", b).casefold()


class PasswordResetForm(auth_forms.PasswordResetForm):
    """The email is queued for the worker once the request's transaction commits (``core.mail``), never sent
    while the page waits; its link is on ``SITE_URL``, not on the Host the request named. An invited user who
    has not set a password yet may ask too. The page answers the same whether the address is known or not."""

    def get_users(self, email: str) -> Iterator[User]:
        # Django's leaves out accounts without a usable password: here those are invitations not yet taken up.
        users = User._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if _same_address(email, user.email))

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        path = reverse("password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        context = {**context, "link": absolute_url(path), "login_link": absolute_url(reverse("login"))}
        subject = render_to_string(subject_template_name, context)
        body = render_to_string(email_template_name, context)
        send_after_commit(to=[to_email], subject=subject, body=body)
