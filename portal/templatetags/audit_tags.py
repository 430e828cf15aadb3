"""``{% history_link record %}``: the link to a record's history, shown to the board staff who may read it."""

from __future__ import annotations

from django import template
from django.urls import reverse

from portal.history import can_read_history, kind_of, organizer_id_of

register = template.Library()


@register.inclusion_tag("includes/_history_link.html", takes_context=True)
def history_link(context, record) -> dict:
    kind = kind_of(record) if record is not None else None
    user = context.get("user")
    if kind is None or user is None or not can_read_history(user, organizer_id_of(record, kind)):
        return {"url": None}
    return {"url": reverse("members:history", kwargs={"kind": kind.slug, "pk": record.pk})}
