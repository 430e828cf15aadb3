"""Changes to organizers, agencies and users."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core.locks import for_update
from core.mail import absolute_url, send_after_commit
from core.text import nfc
from core.validation import validate
from history import audit

from .audit_states import AGENCY_FIELDS, ORGANIZER_FIELDS, USER_FIELDS
from .models import Agency, BoardName, Organizer, User, board_name_problems


@transaction.atomic
def agency_create(
    *, organizer: Organizer, code: str, name: str, short_name: str = "", by: User | None = None
) -> Agency:
    """Create an agency of the organizer."""
    agency = Agency(organizer=organizer, code=code, name=name, short_name=short_name)
    agency.refresh_text_keys()
    validate(agency)
    agency.save()
    changes = audit.diff({}, audit.snapshot(agency, AGENCY_FIELDS))
    audit.record(action=audit.Action.CREATE, instance=agency, changes=changes, by=by)
    return agency


@transaction.atomic
def agency_update(
    *, agency: Agency, name: str, short_name: str = "", code: str | None = None, by: User | None = None
) -> Agency:
    """Correct an agency's name, short name or code (None: the code stays). A real rename that should keep
    history is ``agency_succeed``."""
    before = audit.snapshot(agency, AGENCY_FIELDS)
    agency.name = name
    agency.short_name = short_name
    if code is not None:
        agency.code = code
    agency.refresh_text_keys()
    validate(agency)
    agency.save(update_fields=["name", "short_name", "code"])
    changes = audit.diff(before, audit.snapshot(agency, AGENCY_FIELDS))
    audit.record(action=audit.Action.UPDATE, instance=agency, changes=changes, by=by)
    return agency


def _user_rules(user: User) -> None:
    """What the pages ask of an account besides the model's rules: an agency user belongs to an agency."""
    if user.role == User.Role.AGENCY_USER and not user.agency_id:
        raise ValidationError({"agency": _("Hãy chọn cơ quan, đơn vị của người dùng.")})


def _audit_user(action: str, user: User, before: dict, *, by: User | None, reason: str = "") -> None:
    changes = audit.diff(before, audit.snapshot(user, USER_FIELDS))
    audit.record(action=action, instance=user, changes=changes, by=by, reason=reason)


@transaction.atomic
def user_create(
    *,
    username: str = "",
    password: str | None = None,
    organizer: Organizer | None = None,
    agency: Agency | None = None,
    role: str = User.Role.AGENCY_USER,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    invite: bool = False,
    by: User | None = None,
) -> User:
    """Create a user tied to an organizer (board staff) or to an agency. Without a password the account has
    none usable until its owner sets one through the invitation (``invite``: sent at once, ``user_invite``);
    without a username, the email address is the username."""
    email = User.objects.normalize_email(email.strip()).lower()
    user = User(
        username=username or email,
        organizer=organizer or (agency.organizer if agency else None),
        agency=agency if role == User.Role.AGENCY_USER else None,  # board staff belong to no agency
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    validate(user)
    _user_rules(user)
    user.save()
    _audit_user(audit.Action.CREATE, user, {}, by=by)
    if invite:
        user_invite(user=user, by=by)
    return user


@transaction.atomic
def user_update(
    *,
    user: User,
    email: str,
    first_name: str,
    role: str,
    agency: Agency | None,
    last_name: str = "",
    by: User | None = None,
) -> User:
    """Change a user's name, email, role or agency (board staff belong to no agency). A username that was the
    old email address follows the new one. Nobody changes their own role: they could lock themselves out.
    The pages keep the whole name in ``first_name``, as the application shows it."""
    user = for_update(User.objects).get(pk=user.pk)
    before = audit.snapshot(user, USER_FIELDS)
    if by is not None and by.pk == user.pk and role != user.role:
        raise ValidationError({"role": _("Bạn không thể tự đổi vai trò của mình.")})
    email = User.objects.normalize_email(email.strip()).lower()
    if user.email and user.username.lower() == user.email.lower():
        user.username = email or user.username
    user.email, user.first_name, user.last_name, user.role = email, first_name, last_name, role
    user.agency = agency if role == User.Role.AGENCY_USER else None
    validate(user)
    _user_rules(user)
    user.save(update_fields=["username", "email", "first_name", "last_name", "role", "agency", "organizer"])
    _audit_user(audit.Action.UPDATE, user, before, by=by)
    return user


@transaction.atomic
def user_deactivate(*, user: User, by: User | None = None) -> User:
    """Lock an account: its owner can no longer sign in (their open sessions end with their next request);
    the records they made keep their name. Nobody locks their own account."""
    if by is not None and by.pk == user.pk:
        raise ValidationError(_("Bạn không thể tự khoá tài khoản của mình."))
    return _user_set_active(user, False, by=by)


@transaction.atomic
def user_activate(*, user: User, by: User | None = None) -> User:
    """Unlock an account locked by ``user_deactivate``."""
    return _user_set_active(user, True, by=by)


def _user_set_active(user: User, active: bool, *, by: User | None) -> User:
    user = for_update(User.objects).get(pk=user.pk)
    before = audit.snapshot(user, USER_FIELDS)
    user.is_active = active
    user.save(update_fields=["is_active"])
    _audit_user(audit.Action.UPDATE, user, before, by=by)
    return user


def set_password_link(user: User) -> str:
    """The address where the user sets a password (Django's reset token: valid for PASSWORD_RESET_TIMEOUT, and
    only until the password changes)."""
    uid, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
    return absolute_url(reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}))


@transaction.atomic
def user_invite(*, user: User, by: User | None = None) -> str:
    """Email the user a link to set their password (sent once the transaction commits); returns the link, for
    an operator who passes it on by other means. Written in the site's language: the recipient has chosen none."""
    if not user.email:
        raise ValidationError({"email": _("Người dùng chưa có địa chỉ email để nhận thư mời.")})
    if not user.is_active:
        raise ValidationError(_("Tài khoản này đang bị khoá: hãy mở khoá trước khi gửi thư mời."))
    link = set_password_link(user)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "link": link,
            "login_link": absolute_url(reverse("login")),
            "reset_link": absolute_url(reverse("password_reset")),
            "inviter": (by.get_full_name() or by.get_username()) if by is not None and by.is_authenticated else "",
            "organizer": user.organizer,
            "has_password": user.has_usable_password(),
            "valid_days": max(1, round(settings.PASSWORD_RESET_TIMEOUT / 86400)),
        }
        subject = render_to_string("registration/invitation_subject.txt", context)
        body = render_to_string("registration/invitation_email.txt", context)
        reason = _("Gửi thư mời đặt mật khẩu đến %(email)s") % {"email": user.email}
    send_after_commit(to=[user.email], subject=subject, body=body)
    audit.record(action=audit.Action.UPDATE, instance=user, changes={}, by=by, reason=reason)
    return link


ORGANIZER_EDITABLE = ("name", "short_name", "place_name", "board_name")


@transaction.atomic
def organizer_update(*, organizer: Organizer, by: User | None = None, **fields) -> Organizer:
    """Correct a province's names (its code stays): the fields given, the others left as they are."""
    unknown = set(fields) - set(ORGANIZER_EDITABLE)
    if unknown:
        raise TypeError(f"unknown organizer fields: {sorted(unknown)}")
    before = audit.snapshot(organizer, ORGANIZER_FIELDS)
    for name, value in fields.items():
        setattr(organizer, name, value)
    validate(organizer)
    organizer.save(update_fields=list(fields))
    audit.record(
        action=audit.Action.UPDATE,
        instance=organizer,
        changes=audit.diff(before, audit.snapshot(organizer, ORGANIZER_FIELDS)),
        by=by,
    )
    return organizer


@transaction.atomic
def agency_successor_set(
    *, agency: Agency, successor: Agency | None, until: datetime.date | None, by: User | None = None
) -> Agency:
    """Record an agency's successor and last day as a document states them (None, None: none), its
    memberships as they are. Succeeding an agency in the application, which moves its memberships to the
    successor, is ``blocs.services.agency_succeed``."""
    agency = for_update(Agency.objects).get(pk=agency.pk)
    before = audit.snapshot(agency, AGENCY_FIELDS)
    agency.successor, agency.until = successor, until
    validate(agency)
    agency.save(update_fields=["successor", "until"])
    changes = audit.diff(before, audit.snapshot(agency, AGENCY_FIELDS))
    audit.record(action=audit.Action.UPDATE, instance=agency, changes=changes, by=by)
    return agency


@transaction.atomic
def organizer_merge(
    *, organizer: Organizer, into: Organizer | None, on: datetime.date | None, by: User | None = None
) -> Organizer:
    """Record that ``organizer`` became part of ``into`` from ``on`` (None, None: it was not). Its records stay
    its own, in its names; the successor's board staff read them (``blocs.access.readable_organizers``)."""
    organizer = for_update(Organizer.objects).get(pk=organizer.pk)
    before = audit.snapshot(organizer, ORGANIZER_FIELDS)
    organizer.merged_into, organizer.merged_on = into, on
    validate(organizer)
    organizer.save(update_fields=["merged_into", "merged_on"])
    changes = audit.diff(before, audit.snapshot(organizer, ORGANIZER_FIELDS))
    audit.record(action=audit.Action.UPDATE, instance=organizer, changes=changes, by=by)
    return organizer


@transaction.atomic
def board_names_set(
    *,
    organizer: Organizer,
    names: list[tuple[str, datetime.date, datetime.date | None]],
    by: User | None = None,
) -> list[BoardName]:
    """Replace the board's names over time with ``names`` ((name, from, until or None), in any order), refused
    on ``board_name_problems`` (two periods may not overlap: a document has one name on its date)."""
    rows = [
        BoardName(organizer=organizer, name=nfc(name), valid_from=start, valid_until=end) for name, start, end in names
    ]
    if problems := board_name_problems(rows):
        errors: dict[str, list[str]] = {}
        for by_field in problems.values():
            for field, messages in by_field.items():
                errors.setdefault(field, []).extend(messages)
        raise ValidationError(errors)
    rows.sort(key=lambda row: row.valid_from)
    stored = list(organizer.board_names.order_by("valid_from"))

    def state(items) -> dict:
        return {
            _("Tên từ %(day)s") % {"day": item.valid_from.strftime("%d/%m/%Y")}: " — ".join(
                filter(None, [item.name, item.valid_until.strftime("đến %d/%m/%Y") if item.valid_until else ""])
            )
            for item in items
        }

    before, after = state(stored), state(rows)
    if before == after:
        return stored
    organizer.board_names.all().delete()
    BoardName.objects.bulk_create(rows)
    audit.record(action=audit.Action.UPDATE, instance=organizer, changes=audit.diff(before, after), by=by)
    return list(organizer.board_names.order_by("valid_from"))
