"""Changes to award types, proposals and their votes, rankings and decisions."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from awards.audit_states import (
    AGENCY_HOLD_FIELDS,
    AWARD_POLICY_FIELDS,
    AWARD_TYPE_FIELDS,
    LEGAL_BASIS_FIELDS,
    WOMEN_SHARE_FIELDS,
)
from awards.models import DEFAULT_AWARD_TYPES, AgencyHold, AwardPolicy, AwardType, LegalBasis, WomenShare
from core.locks import for_update
from core.validation import validate
from history import audit
from members.audit_states import ORGANIZER_FIELDS
from members.models import Agency, Organizer, User

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


@transaction.atomic
def award_type_create(
    *,
    organizer: Organizer,
    code: str,
    name: str,
    conferred_by: str = "",
    quota_per_bloc: int | None = None,
    basis: str = AwardType.Basis.MEMBERS,
    ratio: float = 0.5,
    strict: bool = True,
    flag: str = AwardType.Flag.NONE,
    by: User | None = None,
) -> AwardType:
    """A province's award type of its own (the defaults come with the province), placed after the others."""
    position = (AwardType.objects.filter(organizer=organizer).aggregate(last=Max("position"))["last"] or 0) + 1
    award_type = AwardType(
        organizer=organizer, code=code, name=name, conferred_by=conferred_by, quota_per_bloc=quota_per_bloc,
        basis=basis, ratio=ratio, strict=strict, position=position, flag=flag,
    )  # fmt: skip
    validate(award_type)
    award_type.save()
    changes = audit.diff({}, audit.snapshot(award_type, AWARD_TYPE_FIELDS))
    audit.record(action=audit.Action.CREATE, instance=award_type, changes=changes, by=by)
    return award_type


@transaction.atomic
def award_types_order(*, organizer: Organizer, codes: list[str]) -> None:
    """The order the province lists its award types in: ``codes`` first, in that order, then the others as
    they were. The order is how they are shown, not a rule: not in the history."""
    types = list(for_update(AwardType.objects.filter(organizer=organizer)).order_by("position", "pk"))
    rank = {code: index for index, code in enumerate(codes)}
    ordered = sorted(types, key=lambda t: (0, rank[t.code]) if t.code in rank else (1, 0))
    changed = []
    for position, award_type in enumerate(ordered, start=1):
        if award_type.position != position:
            award_type.position = position
            changed.append(award_type)
    AwardType.objects.bulk_update(changed, ["position"])


@transaction.atomic
def legal_basis_create(
    *,
    organizer: Organizer,
    number: str,
    title: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    by: User | None = None,
) -> LegalBasis:
    """A law, decree or provincial rule the province prints on its documents, valid from a day (until a day)."""
    legal_basis = LegalBasis(organizer=organizer, number=number, title=title, valid_from=valid_from, valid_to=valid_to)
    validate(legal_basis)
    legal_basis.save()
    changes = audit.diff({}, audit.snapshot(legal_basis, LEGAL_BASIS_FIELDS))
    audit.record(action=audit.Action.CREATE, instance=legal_basis, changes=changes, by=by)
    return legal_basis


@transaction.atomic
def legal_basis_update(
    *,
    legal_basis: LegalBasis,
    number: str,
    title: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    by: User | None = None,
) -> LegalBasis:
    """Correct a legal basis of the province, or record the day it stops being in force."""
    legal_basis = for_update(LegalBasis.objects).get(pk=legal_basis.pk)
    before = audit.snapshot(legal_basis, LEGAL_BASIS_FIELDS)
    legal_basis.number, legal_basis.title = number, title
    legal_basis.valid_from, legal_basis.valid_to = valid_from, valid_to
    validate(legal_basis)
    legal_basis.save(update_fields=["number", "title", "valid_from", "valid_to"])
    changes = audit.diff(before, audit.snapshot(legal_basis, LEGAL_BASIS_FIELDS))
    audit.record(action=audit.Action.UPDATE, instance=legal_basis, changes=changes, by=by)
    return legal_basis


@transaction.atomic
def legal_basis_delete(*, legal_basis: LegalBasis, by: User | None = None) -> None:
    """Delete a legal basis entered by mistake; refused while a record refers to it (one that stopped being in
    force is given its last day instead: documents of its time still cite it)."""
    changes = audit.diff(audit.snapshot(legal_basis, LEGAL_BASIS_FIELDS), {})
    audit.record(action=audit.Action.DELETE, instance=legal_basis, changes=changes, by=by)
    try:
        legal_basis.delete()
    except (ProtectedError, RestrictedError) as error:
        raise ValidationError(
            _("Không thể xoá: căn cứ pháp lý này đang được sử dụng. Hãy nhập ngày hết hiệu lực thay vì xoá.")
        ) from error


# -- eligibility (Nghị định 152/2025/NĐ-CP and the province's own rules) ----------------------------------------


def policy_of(organizer_id: int) -> AwardPolicy:
    """The province's eligibility rules: its row, else the defaults (unsaved)."""
    return AwardPolicy.objects.filter(organizer_id=organizer_id).first() or AwardPolicy(organizer_id=organizer_id)


@transaction.atomic
def award_policy_update(*, organizer: Organizer, by: User | None = None, **fields) -> AwardPolicy:
    """Change the province's eligibility rules (the fields given)."""
    unknown = set(fields) - set(AWARD_POLICY_FIELDS)
    if unknown:
        raise TypeError(f"unknown policy fields: {sorted(unknown)}")
    policy = for_update(AwardPolicy.objects).filter(organizer=organizer).first() or AwardPolicy(organizer=organizer)
    before = audit.snapshot(policy, AWARD_POLICY_FIELDS) if policy.pk else {}
    for name, value in fields.items():
        setattr(policy, name, value)
    validate(policy, exclude=["organizer"])
    policy.save()
    changes = audit.diff(before, audit.snapshot(policy, AWARD_POLICY_FIELDS))
    audit.record(action=audit.Action.UPDATE, instance=policy, changes=changes, by=by)
    return policy


@transaction.atomic
def agency_hold_add(*, agency: Agency, year: int, kind: str, reason: str = "", by: User | None = None) -> AgencyHold:
    """Record that the agency may not pass a proposal in ``year`` (a pending discipline case, an inspection, a
    task rated "not completed"), with the reason."""
    hold = AgencyHold(agency=agency, year=year, kind=kind, reason=reason)
    validate(hold)
    hold.save()
    audit.record(
        action=audit.Action.CREATE,
        instance=hold,
        changes=audit.diff({}, audit.snapshot(hold, AGENCY_HOLD_FIELDS)),
        by=by,
    )
    return hold


@transaction.atomic
def agency_hold_update(*, hold: AgencyHold, reason: str, by: User | None = None) -> AgencyHold:
    """Change the reason written on a hold."""
    before = audit.snapshot(hold, AGENCY_HOLD_FIELDS)
    hold.reason = reason
    validate(hold)
    hold.save(update_fields=["reason"])
    audit.record(
        action=audit.Action.UPDATE,
        instance=hold,
        changes=audit.diff(before, audit.snapshot(hold, AGENCY_HOLD_FIELDS)),
        by=by,
    )
    return hold


@transaction.atomic
def agency_hold_remove(*, hold: AgencyHold, by: User | None = None) -> None:
    """Lift a hold (the case closed, entered by mistake)."""
    audit.record(
        action=audit.Action.DELETE,
        instance=hold,
        changes=audit.diff(audit.snapshot(hold, AGENCY_HOLD_FIELDS), {}),
        by=by,
    )
    hold.delete()


@transaction.atomic
def women_share_set(*, agency: Agency, year: int, share: Decimal | None, by: User | None = None) -> WomenShare | None:
    """The share of women among the agency's staff in ``year`` (0..1); None removes it."""
    stored = for_update(WomenShare.objects).filter(agency=agency, year=year).first()
    before = audit.snapshot(stored, WOMEN_SHARE_FIELDS) if stored else {}
    if share is None:
        if stored is not None:
            audit.record(action=audit.Action.DELETE, instance=stored, changes=audit.diff(before, {}), by=by)
            stored.delete()
        return None
    row = stored or WomenShare(agency=agency, year=year)
    row.share = Decimal(share)
    validate(row, constraints=stored is None)
    row.save()
    after = audit.snapshot(row, WOMEN_SHARE_FIELDS)
    if after != before:
        action = audit.Action.UPDATE if stored else audit.Action.CREATE
        audit.record(action=action, instance=row, changes=audit.diff(before, after), by=by)
    return row
