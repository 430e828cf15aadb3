"""Self-scoring (tự chấm điểm) of a pledge: the bloc's secretary opens it with a deadline; each member agency
scores itself per criterion with an explanation and evidence files, saves drafts and submits once; the
secretary reviews each line, accepting the agency's points or setting the bloc's with a reason the agency sees.

The bloc's reviewed points are the pledge's ``Score`` rows, written under the same rules as the secretary's
score sheet (``services.scores_record``): the pledge locked, its version moved on, the change audited. Totals,
ranks and bands are never made here: ``selectors.score_sheet``.

Locks: an agency's writes lock the round (``ScoringRound``), so a submission cannot cross a draft being saved
and no agency submits twice; a review locks the pledge, as every change of the score sheet does.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.models import members_of
from core.locks import for_update
from core.numbers import number_text
from core.text import nfc
from core.validation import validate
from history import audit
from members.models import Agency, User
from notices.models import Notification
from notices.services import notify
from pledges.access import PledgeCapabilities, may_score_for
from pledges.files import evidence_kind
from pledges.models import Criterion, Evidence, Pledge, Score, ScoreSubmission, ScoringRound, SelfScore, points_problem
from pledges.selectors import pledge_members
from pledges.services import _bump_version, _lock_pledge, _points


def _date(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def _line(agency: Agency, criterion: Criterion) -> str:
    return _("%(agency)s — tiêu chí %(code)s") % {"agency": agency.name, "code": criterion.code}


def _require_secretary(pledge: Pledge, by: User) -> None:
    if not PledgeCapabilities(by, pledge).edit:
        raise PermissionDenied(_("Chỉ thư ký khối hoặc Ban Thi đua - Khen thưởng được làm việc này."))


# -- the secretary opens the round ------------------------------------------------------------------------------


@transaction.atomic
def scoring_open(*, pledge: Pledge, deadline: datetime.date, by: User) -> ScoringRound:
    """Open self-scoring of the pledge until ``deadline`` (the day included), or move the deadline of the open
    round. The deadline cannot lie in the past."""
    _require_secretary(pledge, by)
    current = _lock_pledge(pledge, None)
    if deadline is None or deadline < timezone.localdate():
        raise ValidationError({"deadline": _("Hạn nộp phải từ hôm nay trở đi.")})
    scoring = ScoringRound.objects.filter(pledge=current).first()
    label = _("Hạn nộp bảng tự chấm điểm")
    if scoring is None:
        scoring = ScoringRound(pledge=current, deadline=deadline, opened_by=by)
        validate(scoring, exclude=["pledge"])
        scoring.save()
        changes = audit.diff({}, {label: _date(deadline)})
        audit.record(
            action=audit.Action.UPDATE,
            instance=current,
            changes=changes,
            by=by,
            reason=_("Mở tự chấm điểm"),
        )
        members = members_of(current.bloc_id, current.year)
        notify(
            users=User.objects.filter(agency_id__in=members, role=User.Role.AGENCY_USER).order_by("pk"),
            kind=Notification.Kind.SCORING_OPENED,
            params={"bloc": str(current.bloc), "year": current.year, "deadline": _date(deadline)},
            url=reverse("pledges:self_score", args=[current.pk]),
            by=by,
        )
    elif scoring.deadline != deadline:
        before = scoring.deadline
        scoring.deadline = deadline
        scoring.save(update_fields=["deadline"])
        changes = audit.diff({label: _date(before)}, {label: _date(deadline)})
        audit.record(action=audit.Action.UPDATE, instance=current, changes=changes, by=by)
    scoring.pledge = current
    return scoring


# -- the agency scores itself ---------------------------------------------------------------------------------


def _open_round(pledge: Pledge, agency: Agency, by: User) -> ScoringRound:
    """The pledge's round, locked until the transaction ends, if the agency may still change its
    self-scoring; else the refusal, in words the agency's user reads."""
    if not may_score_for(by, agency):
        raise PermissionDenied(_("Chỉ người dùng của đơn vị được tự chấm điểm cho đơn vị."))
    scoring = for_update(ScoringRound.objects.filter(pledge_id=pledge.pk)).first()
    if scoring is None:
        raise ValidationError(_("Khối chưa mở tự chấm điểm giao ước này."))
    submitted = ScoreSubmission.objects.filter(pledge_id=pledge.pk, agency=agency).first()
    if submitted is not None:
        raise ValidationError(
            _("Đơn vị đã nộp bảng tự chấm điểm ngày %(date)s nên không thể thay đổi.")
            % {"date": _date(timezone.localtime(submitted.submitted_at).date())}
        )
    if scoring.is_closed():
        raise ValidationError(
            _("Đã quá hạn nộp bảng tự chấm điểm (hạn %(deadline)s).") % {"deadline": _date(scoring.deadline)}
        )
    return scoring


@audit.in_vietnamese
def _self_state(agency: Agency, rows: Mapping[Criterion, SelfScore]) -> dict:
    return {
        _("Tự chấm — %(line)s") % {"line": _line(agency, criterion)}: (
            f"{number_text(row.points)}" + (f" — {row.explanation}" if row.explanation else "")
        )
        for criterion, row in rows.items()
    }


@transaction.atomic
def self_score_save(*, pledge: Pledge, agency: Agency, lines: Mapping[int, Mapping], by: User) -> dict[int, SelfScore]:
    """Save the agency's draft: ``lines`` maps a criterion id to its ``points`` (None or "" clears the line)
    and ``explanation``. Every problem is reported at once, keyed ``"<criterion id>-points"`` (or
    ``-explanation``). Returns the agency's self-scores by criterion id."""
    _open_round(pledge, agency, by)
    criteria = {c.pk: c for c in pledge.criteria.all()}
    stored = {
        s.criterion_id: s
        for s in SelfScore.objects.filter(criterion__pledge=pledge, agency=agency).prefetch_related("evidence")
    }
    before = _self_state(agency, {criteria[c]: s for c, s in stored.items() if c in criteria})
    errors: dict[str, list[str]] = {}
    saved: list[SelfScore] = []
    cleared: list[SelfScore] = []
    for criterion_id, line in lines.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors[f"{criterion_id}-points"] = [_("Tiêu chí không thuộc giao ước này.")]
            continue
        row = stored.get(criterion_id)
        value, explanation = line.get("points"), nfc((line.get("explanation") or "").strip())
        if value is None or value == "":
            if row is not None and row.evidence.all():
                errors[f"{criterion_id}-points"] = [_("Tiêu chí đã có minh chứng: hãy nhập điểm tự chấm.")]
            elif row is not None:
                cleared.append(row)
            continue
        try:
            number = _points(value)
        except ValidationError as error:
            errors[f"{criterion_id}-points"] = error.messages
            continue
        row = row or SelfScore(criterion=criterion, agency=agency)
        if row.pk and (row.points, row.explanation) == (number, explanation):
            continue
        row.points, row.explanation = number, explanation
        try:
            validate(row, constraints=False)  # one row per criterion (``stored``), the round locked
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                key = field if field in ("points", "explanation") else "points"
                errors.setdefault(f"{criterion_id}-{key}", []).extend(messages)
            continue
        saved.append(row)
    if errors:
        raise ValidationError(errors)
    SelfScore.objects.filter(pk__in=[row.pk for row in cleared]).delete()
    SelfScore.objects.bulk_update([row for row in saved if row.pk], ["points", "explanation"])
    SelfScore.objects.bulk_create([row for row in saved if not row.pk])
    for row in cleared:
        stored.pop(row.criterion_id)
    stored |= {row.criterion_id: row for row in saved}
    after = _self_state(agency, {criteria[c]: s for c, s in stored.items() if c in criteria})
    audit.record(action=audit.Action.UPDATE, instance=pledge, changes=audit.diff(before, after), by=by)
    return stored


@transaction.atomic
def evidence_add(*, self_score: SelfScore, upload: UploadedFile, by: User) -> Evidence:
    """Attach a file to the agency's self-score of a criterion (its type read from its content, ≤ 20 MB)."""
    self_score = SelfScore.objects.select_related("criterion__pledge__bloc", "agency").get(pk=self_score.pk)
    pledge = self_score.criterion.pledge
    _open_round(pledge, self_score.agency, by)
    content_type = evidence_kind(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = nfc((upload.name or "minh-chung").replace("\\", "/").rsplit("/", 1)[-1]).strip()[:300] or "minh-chung"
    evidence = Evidence(
        self_score=self_score,
        name=name,
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    validate(evidence, exclude=["file"])  # before the file is written: a refusal leaves nothing in storage
    evidence.file.save(name, upload, save=False)
    evidence.save()
    key = _("Minh chứng — %(line)s") % {"line": _line(self_score.agency, self_score.criterion)}
    audit.record(action=audit.Action.UPDATE, instance=pledge, changes=audit.diff({}, {key: name}), by=by)
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, by: User) -> None:
    """Remove an evidence file of a self-score not yet submitted."""
    evidence = Evidence.objects.select_related("self_score__criterion__pledge__bloc", "self_score__agency").get(
        pk=evidence.pk
    )
    self_score = evidence.self_score
    pledge = self_score.criterion.pledge
    _open_round(pledge, self_score.agency, by)
    name, storage = evidence.file.name, evidence.file.storage
    evidence.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    key = _("Minh chứng — %(line)s") % {"line": _line(self_score.agency, self_score.criterion)}
    audit.record(action=audit.Action.UPDATE, instance=pledge, changes=audit.diff({key: evidence.name}, {}), by=by)


@transaction.atomic
def self_scoring_submit(*, pledge: Pledge, agency: Agency, by: User) -> ScoreSubmission:
    """Submit the agency's self-scoring: every criterion scored; afterwards nothing of it changes."""
    _open_round(pledge, agency, by)
    if agency.pk not in {member.pk for member in pledge_members(pledge)}:
        raise ValidationError(_("Đơn vị không là thành viên của khối trong năm của giao ước."))
    criteria = list(pledge.criteria.all())
    scored = set(
        SelfScore.objects.filter(criterion__pledge=pledge, agency=agency).values_list("criterion_id", flat=True)
    )
    if missing := [c.code for c in criteria if c.pk not in scored]:
        raise ValidationError(
            _("Chưa tự chấm các tiêu chí: %(codes)s. Hãy nhập điểm (0 nếu không có) rồi nộp.")
            % {"codes": ", ".join(missing)}
        )
    submission = ScoreSubmission(pledge=pledge, agency=agency, submitted_by=by)
    validate(submission, constraints=False)  # the round locked: no second submission of the agency meanwhile
    submission.save()
    label = _("Nộp bảng tự chấm điểm — %(agency)s") % {"agency": agency.name}
    now = timezone.localtime(submission.submitted_at)
    changes = audit.diff({}, {label: now.strftime("%d/%m/%Y %H:%M")})
    audit.record(action=audit.Action.UPDATE, instance=pledge, changes=changes, by=by)
    return submission


# -- the secretary reviews ------------------------------------------------------------------------------------


@transaction.atomic
def score_review(
    *,
    pledge: Pledge,
    agency: Agency,
    criterion: Criterion,
    accept: bool = False,
    points=None,
    reason: str = "",
    by: User,
) -> Score:
    """The bloc's points of a line the agency submitted: its own points (``accept``), or ``points`` with the
    ``reason`` the agency reads (required). Writes the pledge's ``Score`` of that line."""
    _require_secretary(pledge, by)
    given, pledge = pledge, _lock_pledge(pledge, None)
    if criterion.pledge_id != pledge.pk:
        raise ValidationError(_("Tiêu chí không thuộc giao ước này."))
    if not ScoreSubmission.objects.filter(pledge=pledge, agency=agency).exists():
        raise ValidationError(_("%(agency)s chưa nộp bảng tự chấm điểm.") % {"agency": agency.name})
    own = SelfScore.objects.filter(criterion=criterion, agency=agency).first()
    reason = nfc((reason or "").strip())
    if accept:
        if own is None:
            raise ValidationError(_("Đơn vị chưa tự chấm tiêu chí này."))
        number, note = own.points, ""
    else:
        if points is None or points == "":
            raise ValidationError({"points": _("Nhập điểm của khối.")})
        number = _points(points)
        if problem := points_problem(number, criterion):
            raise ValidationError({"points": problem})
        if not reason:
            raise ValidationError({"reason": _("Nêu lý do khi điểm của khối khác điểm đơn vị tự chấm.")})
        note = reason
    score = Score.objects.filter(criterion=criterion, agency=agency).first()
    before = {}
    if score is not None:
        before = {
            _line(agency, criterion): number_text(score.points),
            _("Lý do — %(line)s") % {"line": _line(agency, criterion)}: score.note or None,
        }
    else:
        score = Score(criterion=criterion, agency=agency)
    score.points, score.note = number, note
    validate(score, constraints=False)  # one score per line, the pledge locked
    score.save()
    _bump_version(pledge, given)
    after = {
        _line(agency, criterion): number_text(number),
        _("Lý do — %(line)s") % {"line": _line(agency, criterion)}: note or None,
    }
    audit.record(
        action=audit.Action.UPDATE,
        instance=pledge,
        changes=audit.diff(before, after),
        by=by,
        reason=_("Duyệt điểm tự chấm"),
    )
    return score
