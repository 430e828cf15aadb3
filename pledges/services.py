"""Changes to pledges: criteria, classification bands, signatures and the score sheet, each moving the pledge's
version on."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.models import Bloc
from core.locks import for_update
from core.validation import atomic_retried, ensure_version, validate
from history import audit
from members.models import Agency, User
from pledges.audit_states import (
    PLEDGE_FIELDS,
    bands_state,
    criteria_state,
    notes_state,
    scores_state,
    self_scores_state,
    signatures_state,
)
from pledges.models import Band, Criterion, Pledge, Score, SelfScore, Signature

# meetings.Meeting.Status.FINALIZED: the meetings app lies above this one.
FINALIZED = "finalized"


def _points(value) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = None
    # Decimal also parses "NaN" and "Infinity", which no points scale holds (and NaN breaks comparisons).
    if number is None or not number.is_finite():
        raise ValidationError(_("“%(value)s” không phải là một số điểm hợp lệ.") % {"value": value})
    return number


def _lock_pledge(pledge: Pledge, expected_version: int | str | None) -> Pledge:
    """The pledge as stored, locked until the transaction ends; refused when someone saved it after the
    user's page read ``expected_version`` (as the page sent it back; None: nothing to compare, e.g. the
    demo seed)."""
    current = for_update(Pledge.objects).get(pk=pledge.pk)
    ensure_version(
        current.version,
        expected_version,
        _("Giao ước đã được người khác lưu trong lúc bạn đang nhập nên thay đổi của bạn chưa được lưu."),
    )
    return current


def _bump_version(current: Pledge, given: Pledge, *fields: str) -> None:
    """Count one more change of the locked pledge (saving ``fields`` with it) and tell the caller's copy."""
    current.version += 1
    current.save(update_fields=[*fields, "version"])
    given.version = current.version


@atomic_retried
def pledge_create(
    *,
    bloc: Bloc,
    year: int,
    criteria: Iterable[Mapping],
    signed_on: datetime.date | None = None,
    bands: Iterable[Mapping] = (),
    by: User | None = None,
) -> Pledge:
    """Create the year's pledge with its criteria (each: code, title, max_points, optional kind) and its
    classification bands (each: name, min_points)."""
    pledge = Pledge(bloc=bloc, year=year, signed_on=signed_on)
    validate(pledge)
    pledge.save()
    criteria = list(criteria)
    if not criteria:
        raise ValidationError(_("Giao ước phải có ít nhất một tiêu chí."))
    created: list[Criterion] = []
    for position, item in enumerate(criteria, start=1):
        criterion = Criterion(
            pledge=pledge,
            code=item["code"],
            title=item["title"],
            max_points=_points(item["max_points"]),
            kind=item.get("kind") or Criterion.Kind.STANDARD,
            position=position,
        )
        validate(criterion)
        criterion.save()
        created.append(criterion)
    built = Band.objects.bulk_create(_bands_built(pledge, bands))
    state = {**audit.snapshot(pledge, PLEDGE_FIELDS), **criteria_state(created), **bands_state(built)}
    audit.record(action=audit.Action.CREATE, instance=pledge, changes=audit.diff({}, state), by=by)
    return pledge


@transaction.atomic
def pledge_copy(*, source: Pledge, year: int, by: User | None = None) -> Pledge:
    """Start a year's pledge from another year's criteria (with their kinds) and classification bands (signatures
    and scores are not copied)."""
    criteria = [
        {"code": c.code, "title": c.title, "max_points": c.max_points, "kind": c.kind} for c in source.criteria.all()
    ]
    bands = [{"name": b.name, "min_points": b.min_points} for b in source.bands.all()]
    return pledge_create(bloc=source.bloc, year=year, criteria=criteria, bands=bands, by=by)


@transaction.atomic
def signature_record(
    *,
    pledge: Pledge,
    agency: Agency,
    signer: str = "",
    title: str = "",
    signed_on: datetime.date | None = None,
    by: User | None = None,
) -> Signature:
    """Record (or correct) an agency's signature on the pledge."""
    current = _lock_pledge(pledge, None)
    before = signatures_state(Signature.objects.filter(pledge=current, agency=agency).select_related("agency"))
    signature = _signature_save(pledge=current, agency=agency, signer=signer, title=title, signed_on=signed_on)
    _bump_version(current, pledge)
    changes = audit.diff(before, signatures_state([signature]))
    audit.record(action=audit.Action.UPDATE, instance=current, changes=changes, by=by)
    return signature


@transaction.atomic
def pledge_sign(*, pledge: Pledge, agency: Agency, signer: str, title: str, by: User) -> Signature:
    """A member agency signs the pledge from its own login, today, once: its signature stands as recorded
    (the bloc's secretary corrects it on the signatures sheet). The signer is required."""
    current = _lock_pledge(pledge, None)
    if Signature.objects.filter(pledge=current, agency=agency).exists():
        raise ValidationError(_("%(agency)s đã ký giao ước này.") % {"agency": agency})
    if not (signer or "").strip():
        raise ValidationError({"signer": _("Cần ghi họ tên người ký.")})
    return signature_record(
        pledge=current, agency=agency, signer=signer, title=title, signed_on=timezone.localdate(), by=by
    )


def _signature_save(
    *,
    pledge: Pledge,
    agency: Agency,
    signer: str,
    title: str,
    signed_on: datetime.date | None,
    stored: Signature | bool | None = False,
) -> Signature:
    """Record one signature; ``stored``: the agency's signature read already under the pledge's lock (None:
    it has none), so the sheet writes one row per agency without asking again."""
    preloaded = stored is not False
    if not preloaded:
        stored = Signature.objects.filter(pledge=pledge, agency=agency).first()
    signature = stored or Signature(pledge=pledge, agency=agency)
    if stored and (signature.signer, signature.title, signature.signed_on) == (signer, title, signed_on):
        return signature
    signature.signer, signature.title, signature.signed_on = signer, title, signed_on
    validate(signature, constraints=not preloaded)
    signature.save()
    return signature


@transaction.atomic
def scores_record(
    *,
    pledge: Pledge,
    points: Mapping[tuple[int, int], object],
    expected_version: int | str | None = None,
    by: User | None = None,
) -> list[Score]:
    """Record scores: ``points`` maps (agency id, criterion id) to points; ``None`` or "" clears a score.

    Every problem in the sheet is reported at once, keyed ``"<agency id>-<criterion id>"``. Refused
    (code ``"stale"``) when the pledge changed since the sheet read ``expected_version``.
    """
    given, pledge = pledge, _lock_pledge(pledge, expected_version)
    criteria = {c.pk: c for c in pledge.criteria.all()}
    existing = {(s.agency_id, s.criterion_id): s for s in Score.objects.filter(criterion__pledge=pledge)}
    # Agencies of the pledge's province only: another province's id is no agency here (never named back).
    agencies = Agency.objects.filter(organizer__blocs=pledge.bloc_id).in_bulk({agency_id for agency_id, _ in points})
    before = {cell: existing[cell].points for cell in points if cell in existing}
    errors: dict[str, list[str]] = {}
    saved: list[Score] = []
    cleared: list[int] = []
    for (agency_id, criterion_id), value in points.items():
        key = f"{agency_id}-{criterion_id}"
        if criterion_id not in criteria:
            errors[key] = [_("Tiêu chí không thuộc giao ước này.")]
            continue
        score = existing.get((agency_id, criterion_id))
        if value is None or value == "":
            if score is not None:
                cleared.append(score.pk)
            continue
        try:
            number = _points(value)
        except ValidationError as error:
            errors[key] = error.messages
            continue
        if score is None:
            score = Score(criterion=criteria[criterion_id], agency=agencies.get(agency_id), agency_id=agency_id)
        score.points = number
        try:
            validate(score, constraints=False)  # one score per cell (``existing``), the pledge locked
        except ValidationError as error:
            errors[key] = [m for msgs in error.message_dict.values() for m in msgs]
            continue
        saved.append(score)
    if errors:
        raise ValidationError(errors)
    # The sheet in three statements, whatever its size.
    Score.objects.filter(pk__in=cleared).delete()
    Score.objects.bulk_update([s for s in saved if s.pk], ["points"], batch_size=500)
    Score.objects.bulk_create([s for s in saved if not s.pk], batch_size=500)
    if points:  # an unchanged sheet sends nothing and writes nothing
        _bump_version(pledge, given)
    after = {(s.agency_id, s.criterion_id): s.points for s in saved}
    names = {pk: agency.name for pk, agency in agencies.items()}

    def cells(values):
        return scores_state({(a, criteria[c].code): p for (a, c), p in values.items()}, names)

    audit.record(action=audit.Action.UPDATE, instance=pledge, changes=audit.diff(cells(before), cells(after)), by=by)
    return saved


def pledge_criteria_lock_reason(pledge: Pledge) -> str | None:
    """Why the pledge's criteria may no longer change, or None while they may.

    Scores are measured against the scale, so the first score fixes it; and once the meeting where the
    pledge is signed is finalized, the signed pledge document is an official record (reopening the
    meeting unlocks it again). A signature alone does not lock it: the text is usually corrected after
    the paper copies are signed, before anybody is scored. Meetings are an app above this one: the bloc's
    are read through its relation to them, by name.
    """
    if Score.objects.filter(criterion__pledge=pledge).exists():
        return _("Giao ước đã có điểm chấm nên không thể sửa tiêu chí.")
    if SelfScore.objects.filter(criterion__pledge=pledge).exists():
        return _("Các đơn vị đã tự chấm điểm theo giao ước nên không thể sửa tiêu chí.")
    signed_at = pledge.bloc.meetings.filter(pledge_year=pledge.year, status=FINALIZED).first()
    if signed_at is not None:
        return _("Giao ước đã được ký tại %(meeting)s, hội nghị đã chốt biên bản, nên không thể sửa tiêu chí.") % {
            "meeting": signed_at
        }
    return None


@transaction.atomic
def pledge_criteria_set(
    *, pledge: Pledge, criteria: Iterable[Mapping], expected_version: int | str | None = None, by: User | None = None
) -> list[Criterion]:
    """Replace the pledge's criteria (each: code, title, max_points, optional kind; in order) while nothing
    locks them.

    Every problem is reported at once, keyed ``"<row index>-<field>"``. Nothing refers to a criterion
    before it is scored, so the rows are simply replaced. Refused (code ``"stale"``) when the pledge
    changed since the page read ``expected_version``.
    """
    given, pledge = pledge, _lock_pledge(pledge, expected_version)
    if reason := pledge_criteria_lock_reason(pledge):
        raise ValidationError(reason)
    rows = list(criteria)
    if not rows:
        raise ValidationError(_("Giao ước phải có ít nhất một tiêu chí."))
    errors: dict[str, list[str]] = {}
    built: list[Criterion] = []
    codes: set[str] = set()
    for index, item in enumerate(rows):
        criterion = Criterion(
            pledge=pledge,
            code=item["code"],
            title=item["title"],
            kind=item.get("kind") or Criterion.Kind.STANDARD,
            position=index + 1,
        )
        exclude = ["pledge"]  # the pledge's old rows are about to go: codes are compared among the new ones
        try:
            criterion.max_points = _points(item["max_points"])
        except ValidationError as error:
            errors[f"{index}-max_points"] = error.messages
            exclude.append("max_points")
        try:
            validate(criterion, exclude=exclude)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(f"{index}-{field}", []).extend(messages)
        if criterion.code in codes:
            errors.setdefault(f"{index}-code", []).append(_("Mã tiêu chí đã có trong giao ước."))
        codes.add(criterion.code)
        built.append(criterion)
    if errors:
        raise ValidationError(errors)
    before = criteria_state(pledge.criteria.all())
    pledge.criteria.all().delete()
    _bump_version(pledge, given)
    changes = audit.diff(before, criteria_state(built))
    audit.record(action=audit.Action.UPDATE, instance=pledge, changes=changes, by=by)
    return Criterion.objects.bulk_create(built)


@transaction.atomic
def signatures_record(
    *,
    pledge: Pledge,
    signed_on: datetime.date | None,
    rows: Mapping[int, Mapping],
    expected_version: int | str | None = None,
    by: User | None = None,
) -> Pledge:
    """Record the pledge's signing date and the signatures: agency id → signer, title, signed_on.

    A row left empty withdraws the agency's signature, unless it says ``signed`` (a list of signatories
    naming an agency without its signer). Every problem is reported at once, keyed
    ``"<agency id>-<field>"``. Refused (code ``"stale"``) when the pledge changed since the page read
    ``expected_version``.
    """
    given, pledge = pledge, _lock_pledge(pledge, expected_version)

    def state() -> dict:
        signatures = Signature.objects.filter(pledge=pledge).select_related("agency")
        return {**audit.snapshot(pledge, PLEDGE_FIELDS), **signatures_state(signatures)}

    before = state()
    pledge.signed_on = signed_on
    validate(pledge)
    _bump_version(pledge, given, "signed_on")
    agencies = Agency.objects.filter(organizer__blocs=pledge.bloc_id).in_bulk(list(rows))
    stored = {s.agency_id: s for s in Signature.objects.filter(pledge=pledge)}
    errors: dict[str, list[str]] = {}
    for agency_id, row in rows.items():
        agency = agencies.get(agency_id)
        if agency is None:
            errors[f"{agency_id}-agency"] = [_("Đơn vị không tồn tại.")]
            continue
        if not row.get("signed", any(row.get(field) for field in ("signer", "title", "signed_on"))):
            if agency_id in stored:
                stored[agency_id].delete()
            continue
        try:
            _signature_save(
                pledge=pledge,
                agency=agency,
                signer=row.get("signer") or "",
                title=row.get("title") or "",
                signed_on=row.get("signed_on"),
                stored=stored.get(agency_id),
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(f"{agency_id}-{field}", []).extend(messages)
    if errors:
        raise ValidationError(errors)
    audit.record(action=audit.Action.UPDATE, instance=pledge, changes=audit.diff(before, state()), by=by)
    return pledge


def _bands_built(pledge: Pledge, bands: Iterable[Mapping]) -> list[Band]:
    """The bands as rows of ``pledge`` (not saved), best first; every problem at once, keyed
    ``"<row index>-<field>"``. Names and minimums are compared among the given rows (they replace the stored ones)."""
    errors: dict[str, list[str]] = {}
    built: list[Band] = []
    names: set[str] = set()
    minimums: set[Decimal] = set()
    for index, item in enumerate(bands):
        band = Band(pledge=pledge, name=item["name"])
        exclude = ["pledge"]
        try:
            band.min_points = _points(item["min_points"])
        except ValidationError as error:
            errors[f"{index}-min_points"] = error.messages
            exclude.append("min_points")
        try:
            validate(band, exclude=exclude)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(f"{index}-{field}", []).extend(messages)
        if band.name in names:
            errors.setdefault(f"{index}-name", []).append(_("Giao ước đã có mức xếp loại này."))
        if band.min_points is not None and band.min_points in minimums:
            errors.setdefault(f"{index}-min_points", []).append(
                _("Hai mức xếp loại không được có cùng điểm tối thiểu.")
            )
        names.add(band.name)
        if band.min_points is not None:
            minimums.add(band.min_points)
        built.append(band)
    if errors:
        raise ValidationError(errors)
    return sorted(built, key=lambda band: -band.min_points)


@transaction.atomic
def pledge_bands_set(
    *, pledge: Pledge, bands: Iterable[Mapping], expected_version: int | str | None = None, by: User | None = None
) -> list[Band]:
    """Replace the pledge's classification bands (each: name, min_points; an empty list: no classification).

    Bands classify the totals, they do not measure them: unlike the criteria they may change at any time.
    Every problem is reported at once, keyed ``"<row index>-<field>"``. Refused (code ``"stale"``) when the
    pledge changed since the page read ``expected_version``.
    """
    given, pledge = pledge, _lock_pledge(pledge, expected_version)
    built = _bands_built(pledge, bands)
    before = bands_state(pledge.bands.all())
    pledge.bands.all().delete()
    created = Band.objects.bulk_create(built)
    _bump_version(pledge, given)
    audit.record(action=audit.Action.UPDATE, instance=pledge, changes=audit.diff(before, bands_state(created)), by=by)
    return created


def _cell_names(pledge: Pledge, cells: Iterable[tuple[int, int]]) -> tuple[dict[int, Criterion], dict[int, Agency]]:
    """The pledge's criteria by id and the agencies of its province the cells name, by id (another province's
    id is no agency here)."""
    criteria = {c.pk: c for c in pledge.criteria.all()}
    agencies = Agency.objects.filter(organizer__blocs=pledge.bloc_id).in_bulk({agency_id for agency_id, _ in cells})
    return criteria, agencies


@transaction.atomic
def self_scores_record(
    *, pledge: Pledge, points: Mapping[tuple[int, int], object], by: User | None = None
) -> list[SelfScore]:
    """Record agencies' own scores as given (an interchange document, the bloc's paper sheet): ``points`` maps
    (agency id, criterion id) to points, 0..the criterion's maximum; an explanation already given stays.

    Every problem is reported at once, keyed ``"<agency id>-<criterion id>"``. The self-scoring round of the
    agencies themselves is ``pledges.scoring``.
    """
    given, pledge = pledge, _lock_pledge(pledge, None)
    criteria, agencies = _cell_names(pledge, points)
    existing = {(s.agency_id, s.criterion_id): s for s in SelfScore.objects.filter(criterion__pledge=pledge)}
    before = {cell: existing[cell].points for cell in points if cell in existing}
    errors: dict[str, list[str]] = {}
    saved: list[SelfScore] = []
    for (agency_id, criterion_id), value in points.items():
        key = f"{agency_id}-{criterion_id}"
        if criterion_id not in criteria:
            errors[key] = [_("Tiêu chí không thuộc giao ước này.")]
            continue
        try:
            number = _points(value)
        except ValidationError as error:
            errors[key] = error.messages
            continue
        score = existing.get((agency_id, criterion_id)) or SelfScore(
            criterion=criteria[criterion_id], agency=agencies.get(agency_id), agency_id=agency_id
        )
        score.points = number
        try:
            validate(score, constraints=False)  # one row per cell (``existing``), the pledge locked
        except ValidationError as error:
            errors[key] = [m for msgs in error.message_dict.values() for m in msgs]
            continue
        saved.append(score)
    if errors:
        raise ValidationError(errors)
    SelfScore.objects.bulk_update([s for s in saved if s.pk], ["points"], batch_size=500)
    SelfScore.objects.bulk_create([s for s in saved if not s.pk], batch_size=500)
    if points:
        _bump_version(pledge, given)
    names = {pk: agency.name for pk, agency in agencies.items()}

    def cells(values):
        return self_scores_state({(a, criteria[c].code): p for (a, c), p in values.items()}, names)

    after = {(s.agency_id, s.criterion_id): s.points for s in saved}
    audit.record(action=audit.Action.UPDATE, instance=pledge, changes=audit.diff(cells(before), cells(after)), by=by)
    return saved


@transaction.atomic
def score_notes_record(*, pledge: Pledge, notes: Mapping[tuple[int, int], str], by: User | None = None) -> list[Score]:
    """Record why the bloc's points differ from an agency's own: ``notes`` maps (agency id, criterion id) of a
    recorded score to its note ("" clears it). Every problem at once, keyed ``"<agency id>-<criterion id>"``."""
    given, pledge = pledge, _lock_pledge(pledge, None)
    criteria, agencies = _cell_names(pledge, notes)
    existing = {(s.agency_id, s.criterion_id): s for s in Score.objects.filter(criterion__pledge=pledge)}
    before = {cell: existing[cell].note for cell in notes if cell in existing}
    errors: dict[str, list[str]] = {}
    saved: list[Score] = []
    for (agency_id, criterion_id), note in notes.items():
        key = f"{agency_id}-{criterion_id}"
        score = existing.get((agency_id, criterion_id))
        if score is None:
            errors[key] = [_("Đơn vị chưa có điểm cho tiêu chí này.")]
            continue
        score.note = note or ""
        try:
            validate(score, constraints=False)
        except ValidationError as error:
            errors[key] = [m for msgs in error.message_dict.values() for m in msgs]
            continue
        saved.append(score)
    if errors:
        raise ValidationError(errors)
    Score.objects.bulk_update(saved, ["note"], batch_size=500)
    if notes:
        _bump_version(pledge, given)
    names = {pk: agency.name for pk, agency in agencies.items()}

    def cells(values):
        return notes_state({(a, criteria[c].code): n for (a, c), n in values.items()}, names)

    after = {(s.agency_id, s.criterion_id): s.note for s in saved}
    audit.record(action=audit.Action.UPDATE, instance=pledge, changes=audit.diff(cells(before), cells(after)), by=by)
    return saved
