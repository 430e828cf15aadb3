"""Changes to award types, proposals and their votes, rankings and decisions."""

from __future__ import annotations

from django.db import transaction

from awards.audit_states import AWARD_TYPE_FIELDS
from awards.models import DEFAULT_AWARD_TYPES, AwardType
from core.validation import validate
from history import audit
from members.audit_states import ORGANIZER_FIELDS
from members.models import Organizer, User

from . import rules


def award_types_ensure_defaults(*, organizer: Organizer) -> None:
    """Give the organizer the five default award types it does not have yet (never overwrites edits)."""
    have = set(AwardType.objects.filter(organizer=organizer).values_list("code", flat=True))
    created = AwardType.objects.bulk_create(
        [AwardType(organizer=organizer, **spec) for spec in DEFAULT_AWARD_TYPES if spec["code"] not in have]
    )
    audit.record_many(
        audit.entry(
            action=audit.Action.CREATE, instance=t, changes=audit.diff({}, audit.snapshot(t, AWARD_TYPE_FIELDS))
        )
        for t in created
    )


def rule_of(award_type: AwardType) -> rules.Rule:
    return rules.Rule(basis=award_type.basis, ratio=award_type.ratio, strict=award_type.strict)


@transaction.atomic
def organizer_create(
    *, code: str, name: str, place_name: str, short_name: str = "", board_name: str = "", by: User | None = None
) -> Organizer:
    """Create a province and give it the default award types."""
    organizer = Organizer(code=code, name=name, place_name=place_name, short_name=short_name, board_name=board_name)
    validate(organizer)
    organizer.save()
    changes = audit.diff({}, audit.snapshot(organizer, ORGANIZER_FIELDS))
    audit.record(action=audit.Action.CREATE, instance=organizer, changes=changes, by=by)
    award_types_ensure_defaults(organizer=organizer)
    return organizer
