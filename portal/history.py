"""History pages: the audit entries of a record, for the board staff of its organizer only.

A record's history is read by its kind's slug and its id (``lich-su/khoi/12/``). A bloc's history holds
everything recorded under it (memberships, leadership, pledges, meetings, proposals); a meeting's holds its
proposals'. The history of a record since deleted is still read through the entries' own organizer.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blocs.access import can_manage_organizer
from core.text import sort_key
from history.models import AuditEntry
from members.models import User


@dataclass(frozen=True)
class Kind:
    slug: str
    model_label: str
    organizer_path: str  # from the record to its organizer's id
    scope: str | None  # AuditEntry field listing everything under the record (bloc_id, meeting_id)
    page: str  # URL name of the record's own page
    name: Any

    @property
    def model(self) -> type[models.Model]:
        from django.apps import apps

        return apps.get_model(self.model_label)


KINDS = {
    kind.slug: kind
    for kind in (
        Kind("khoi", "blocs.Bloc", "organizer_id", "bloc_id", "blocs:detail", gettext_lazy("khối, cụm thi đua")),
        Kind("hoi-nghi", "meetings.Meeting", "bloc__organizer_id", "meeting_id", "meetings:detail",
             gettext_lazy("hội nghị")),
        Kind("don-vi", "members.Agency", "organizer_id", None, "members:detail", gettext_lazy("cơ quan, đơn vị")),
        Kind("giao-uoc", "pledges.Pledge", "bloc__organizer_id", None, "pledges:detail",
             gettext_lazy("giao ước thi đua")),
        Kind("quyet-dinh", "decisions.Decision", "organizer_id", None, "awards:decision_detail",
             gettext_lazy("quyết định khen thưởng")),
        Kind("hinh-thuc-khen-thuong", "awards.AwardType", "organizer_id", None, "awards:award_type_update",
             gettext_lazy("hình thức khen thưởng")),
    )
}  # fmt: skip


def kind_of(instance: models.Model) -> Kind | None:
    label = instance._meta.label
    return next((k for k in KINDS.values() if k.model_label == label), None)


def organizer_id_of(instance: models.Model, kind: Kind) -> int | None:
    value: Any = instance
    for part in kind.organizer_path.split("__"):
        value = getattr(value, part)
    return value


def can_read_history(user: User, organizer_id: int | None) -> bool:
    return organizer_id is not None and can_manage_organizer(user, organizer_id)


@dataclass
class Subject:
    """The record whose history is shown (``instance`` is None once it is deleted)."""

    kind: Kind
    pk: int
    instance: models.Model | None
    title: str
    organizer_id: int

    @property
    def page_url(self) -> str | None:
        return reverse(self.kind.page, kwargs={"pk": self.pk}) if self.instance is not None else None

    def condition(self) -> Q:
        if self.kind.scope:
            return Q(**{self.kind.scope: self.pk})
        from django.contrib.contenttypes.models import ContentType

        return Q(content_type=ContentType.objects.get_for_model(self.kind.model), object_id=self.pk)

    def other_record(self, entry: AuditEntry) -> str | None:
        """The kind and name of the record an entry is about, when it is not the subject (a bloc's member…)."""
        if entry.content_type.model_class() is self.kind.model and entry.object_id == self.pk:
            return None
        return f"{capfirst(entry.content_type.name)}: {entry.object_repr}"

    def entries(self) -> QuerySet[AuditEntry]:
        """Newest first; the entry's record type comes with it (the page names it when it is not the subject)."""
        return (
            AuditEntry.objects.filter(self.condition(), organizer_id=self.organizer_id)
            .select_related("content_type")
            .order_by("-created_at", "-pk")
        )


def get_subject_for_user(user: User, slug: str, pk: int) -> Subject:
    """The record's history if the user does the board work of its organizer, else 404."""
    kind = KINDS.get(slug)
    if kind is None or not user.is_authenticated:
        raise Http404
    records = kind.model._default_manager.filter(pk=pk)
    if "__" in kind.organizer_path:
        records = records.select_related(kind.organizer_path.rsplit("__", 1)[0])
    instance = records.first()
    if instance is not None:
        organizer_id, title = organizer_id_of(instance, kind), str(instance)
    else:
        subject = Subject(kind, pk, None, "", 0)
        last = AuditEntry.objects.filter(subject.condition()).order_by("-created_at", "-pk").first()
        if last is None:
            raise Http404
        organizer_id, title = last.organizer_id, last.object_repr
    if not can_read_history(user, organizer_id):
        raise Http404
    return Subject(kind, pk, instance, title, organizer_id)


# -- how values read ---------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def shown(value: Any) -> str:
    """A recorded value as the page shows it: dates dd/mm/yyyy, yes/no, empty as a dash."""
    if value is None:
        return "—"
    if value is True:
        return _("có")
    if value is False:
        return _("không")
    if isinstance(value, list):
        return "; ".join(shown(v) for v in value)
    if isinstance(value, str) and _ISO_DATE.match(value):
        return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
    return str(value)


def change_rows(entry: AuditEntry) -> list[tuple[str, str, str]]:
    """(label, old, new) for each value the entry changed, in Vietnamese alphabetical order of the labels
    (PostgreSQL keeps JSON keys in its own order)."""
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    rows = []
    for key, pair in changes.items():
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        rows.append((key, shown(old), shown(new)))
    return sorted(rows, key=lambda row: sort_key(row[0]))
