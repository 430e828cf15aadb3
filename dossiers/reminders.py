"""The province's deadline for the year's dossiers (``deadline_set``), and the reminders Celery beat sends the
chair's secretaries before it (``send_reminders``, daily at 07:00)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.access import secretaries_of
from blocs.models import Bloc, Membership
from core.locks import for_update
from core.validation import atomic_retried, validate
from history import audit
from members.models import Organizer, User
from notices.models import Notification
from notices.services import notify

from .models import NOT_SENT, Deadline, Dossier, Reminder
from .services import dossier_url

DEADLINE_FIELDS = ["year", "due_on"]
# The reminders before a deadline: the first when 14 days or fewer are left (and more than 3), the last when
# 3 days or fewer are left. Each is sent once per bloc, year and due date.
FIRST, LAST = 14, 3
# A dossier in these states is still the secretaries' to send.


@atomic_retried
def deadline_set(*, organizer: Organizer, year: int, due_on: datetime.date, by: User | None = None) -> Deadline:
    """Set or move the date by which the province's blocs send their dossiers for ``year``."""
    deadline = for_update(Deadline.objects.filter(organizer=organizer, year=year)).first()
    if deadline is None:
        deadline, before, action = Deadline(organizer=organizer, year=year), {}, audit.Action.CREATE
    else:
        before, action = audit.snapshot(deadline, DEADLINE_FIELDS), audit.Action.UPDATE
    deadline.due_on = due_on
    validate(deadline)
    # The dossiers follow the year-end reviews, held from December to January: a date of the year or the next.
    if not year <= due_on.year <= year + 1:
        message = _("Hạn gửi hồ sơ năm %(year)s phải trong năm %(year)s hoặc năm %(next)s.")
        raise ValidationError({"due_on": message % {"year": year, "next": year + 1}})
    if action == audit.Action.CREATE:
        deadline.save()
    else:
        deadline.save(update_fields=["due_on"])
    changes = audit.diff(before, audit.snapshot(deadline, DEADLINE_FIELDS))
    audit.record(action=action, instance=deadline, changes=changes, by=by)
    return deadline


def reminder_for(days_left: int) -> int | None:
    """Which reminder is due with ``days_left`` days to the deadline: FIRST, LAST, or none."""
    if LAST < days_left <= FIRST:
        return FIRST
    if 0 <= days_left <= LAST:
        return LAST
    return None


def send_reminders(today: datetime.date | None = None) -> int:
    """Remind the secretaries of every bloc whose dossier is not sent as a deadline nears; returns how many
    blocs were reminded. Safe to run twice, or in two beats at once: a reminder is a Reminder row first."""
    today = today or timezone.localdate()
    deadlines = Deadline.objects.filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=FIRST))
    return sum(_remind(deadline, today) for deadline in deadlines.order_by("due_on", "pk"))


def _remind(deadline: Deadline, today: datetime.date) -> int:
    days_left = (deadline.due_on - today).days
    days_before = reminder_for(days_left)
    if days_before is None:
        return 0
    year = deadline.year
    sent = Dossier.objects.filter(bloc=OuterRef("pk"), year=year).exclude(state__in=NOT_SENT)
    reminded = Reminder.objects.filter(bloc=OuterRef("pk"), year=year, days_before=days_before, due_on=deadline.due_on)
    blocs = list(
        Bloc.objects.filter(organizer_id=deadline.organizer_id)
        .filter(Exists(Membership.objects.in_year(year).filter(bloc=OuterRef("pk"))))
        .exclude(Exists(sent))
        .exclude(Exists(reminded))
        .order_by("sort_key", "code")
    )
    secretaries = secretaries_of((bloc.pk, year) for bloc in blocs)
    due = f"{deadline.due_on:%d/%m/%Y}"
    count = 0
    for bloc in blocs:
        users = secretaries[bloc.pk, year]
        if not users:
            continue  # nobody to tell yet: tried again tomorrow, once the board assigns a secretary
        with transaction.atomic():
            try:
                with transaction.atomic():
                    Reminder.objects.create(bloc=bloc, year=year, days_before=days_before, due_on=deadline.due_on)
            except IntegrityError:
                # Another beat reminded this bloc meanwhile (PostgreSQL made this insert wait for its commit).
                continue
            notify(
                users=users,
                kind=Notification.Kind.DOSSIER_REMINDER,
                params={"bloc": bloc.name, "year": year, "days": days_left, "due": due},
                url=dossier_url(bloc.pk, year),
            )
        count += 1
    return count
