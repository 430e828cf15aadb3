"""Minutes versions: made when a meeting is finalized, rendered by a worker, re-sent by the sweep.

The database, not the broker, records what is pending: a version is *queued* until a worker takes it,
so a message lost with a broker or a killed worker is found again by ``minutes_sweep``.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import time
from collections.abc import Iterable
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from blocs.access import can_edit_bloc_year, can_manage_organizer, secretaries_of
from blocs.models import Bloc
from core.locks import for_update
from core.mail import absolute_url
from core.validation import validate
from history import audit
from meetings.checklist import meeting_checklist
from meetings.models import Meeting
from meetings.services import ensure_editable, lock_meeting
from members.models import User
from notices.models import Notification
from notices.services import notify
from records import numbering, rendering, snapshot
from records.models import MinutesVersion
from signatures import services as signing

logger = logging.getLogger(__name__)

QUEUED_AFTER = datetime.timedelta(minutes=1)
# A render has RENDER_TIME_LIMIT seconds (records/tasks.py): at RENDER_SOFT_TIME_LIMIT it is interrupted and
# the version marked failed, at RENDER_TIME_LIMIT Celery kills the process (the soft limit could not interrupt
# WeasyPrint's C code). So a version still rendering RENDERING_AFTER after its render started has no live
# render left: its worker died (killed, out of memory, machine restarted) and the sweep sends it again. The
# margin covers the commit that marks the version and the clocks of two machines. Beat runs the sweep every
# 30 s (config/settings/base.py): a dead render is sent again at most 75 + 30 = 105 s after it started, so
# within 2 minutes of its worker's death. A 3-page minutes takes 0.3 s; 45 s is some hundreds of pages.
RENDER_SOFT_TIME_LIMIT = 45
RENDER_TIME_LIMIT = 60
RENDERING_AFTER = datetime.timedelta(seconds=RENDER_TIME_LIMIT + 15)
MAX_ATTEMPTS = 5
Status = MinutesVersion.Status
Document = MinutesVersion.Document


def enqueue_render(version_id: int) -> bool:
    """Send the render task. If the broker is unreachable, log it and return False: the version stays
    queued and the sweep sends it again, so finalizing never fails because of the broker."""
    from records.tasks import render_minutes_version

    try:
        render_minutes_version.apply_async(
            args=[version_id],
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5},
        )
    except Exception:
        logger.exception("minutes version %s: could not reach the broker; the sweep will send it again", version_id)
        return False
    return True


def _enqueue_on_commit(version: MinutesVersion) -> None:
    transaction.on_commit(partial(enqueue_render, version.pk))


def minutes_number_for(meeting: Meeting) -> str:
    """The number printed as "Số: …": the one entered on the meeting, else the one its first version got,
    else the next in the bloc's sequence for the calendar year the meeting was held (01/BB-KTĐ, …)."""
    if meeting.minutes_number.strip():
        return numbering.strip_number_label(meeting.minutes_number)
    earlier = (
        MinutesVersion.objects.filter(meeting=meeting, document=Document.MINUTES)
        .exclude(minutes_number="")
        .order_by("number")
        .values_list("minutes_number", flat=True)
        .first()
    )
    if earlier:
        return earlier
    # Two meetings of one bloc finalized at once must not get the same number: one at a time per bloc.
    for_update(Bloc.objects.filter(pk=meeting.bloc_id)).first()
    same_year = Meeting.objects.filter(bloc_id=meeting.bloc_id, held_on__year=meeting.held_on.year).exclude(
        pk=meeting.pk
    )
    # The place in date order among the year's finalized meetings (imported history has no versions yet)...
    earlier = same_year.filter(status=Meeting.Status.FINALIZED).filter(
        Q(held_on__lt=meeting.held_on) | Q(held_on=meeting.held_on, pk__lt=meeting.pk)
    )
    sequence = earlier.count() + 1
    # ...skipping numbers already printed on another meeting's minutes, so a late finalization never
    # repeats one.
    issued = MinutesVersion.objects.filter(document=Document.MINUTES, meeting__in=same_year).values_list(
        "minutes_number", flat=True
    )
    taken = {numbering.sequence_of(n) for n in issued} | {
        numbering.sequence_of(numbering.strip_number_label(n))
        for n in same_year.values_list("minutes_number", flat=True)
    }
    while sequence in taken:
        sequence += 1
    return numbering.format_minutes_number(sequence, meeting.bloc.symbol)


def _verification(code: str) -> dict:
    """What an issued document prints to be checked: its code and the public page of that code."""
    return {"code": code, "url": absolute_url(reverse("verify:document", kwargs={"code": code}))}


def _next_version(meeting: Meeting, document: str, data: dict, *, by: User | None) -> MinutesVersion:
    previous = MinutesVersion.objects.filter(meeting=meeting, document=document).order_by("-number").first()
    version = MinutesVersion(
        meeting=meeting,
        document=document,
        number=(previous.number + 1) if previous else 1,
        minutes_number=data.get("minutes_number", ""),
        reason=previous.reopen_reason if previous else "",
        created_by=by if by is not None and by.is_authenticated else None,
    )
    # The code (made by the field's default) and the page it opens are printed on page 1 with a QR code: part of
    # what the version says, so inside the snapshot and its hash.
    data = data | {"verification": _verification(version.code)}
    version.snapshot, version.content_hash = data, snapshot.content_hash(data)
    validate(version, exclude=["file"])
    version.save()
    _enqueue_on_commit(version)
    return version


@transaction.atomic
def minutes_versions_create(*, meeting: Meeting, by: User | None = None) -> list[MinutesVersion]:
    """Make the next version of the minutes (and of the pledge signed at the meeting, if any) of a
    meeting being finalized; the render is queued when the transaction commits."""
    meeting = Meeting.objects.select_related("bloc__organizer").get(pk=meeting.pk)
    versions = [
        _next_version(
            meeting,
            Document.MINUTES,
            snapshot.meeting_snapshot(meeting, minutes_number=minutes_number_for(meeting)),
            by=by,
        )
    ]
    pledge = snapshot.pledge_snapshot(meeting)
    if pledge is not None:
        versions.append(_next_version(meeting, Document.PLEDGE, pledge, by=by))
    # The dossier's documents of the meeting (the letter is the dossier's: dossiers.services makes it).
    vote_count = snapshot.vote_count_snapshot(meeting)
    if vote_count is not None:
        versions.append(_next_version(meeting, Document.VOTE_COUNT, vote_count, by=by))
    if meeting.kind == Meeting.Kind.YEAR_END_REVIEW and (scores := snapshot.scores_snapshot(meeting)) is not None:
        versions.append(_next_version(meeting, Document.SCORES, scores, by=by))
    return versions


@transaction.atomic
def letter_number_for(bloc: Bloc, dated: datetime.date) -> str:
    """The next number of the bloc's proposal letters (tờ trình) in the calendar year of ``dated``: "01/TTr-KTĐ",
    after the numbers its letters of that year already carry (a number resent with a new version counts once),
    skipping any taken."""
    # Two letters of one bloc numbered at once must not get the same number: one at a time per bloc.
    for_update(Bloc.objects.filter(pk=bloc.pk)).first()
    issued = (
        MinutesVersion.objects.filter(document=Document.LETTER, meeting__bloc_id=bloc.pk)
        .exclude(minutes_number="")
        .values_list("minutes_number", "snapshot__dated")
    )
    taken = {
        sequence
        for number, dated_on in issued
        if str(dated_on or "").startswith(f"{dated.year}-") and (sequence := numbering.sequence_of(number)) is not None
    }
    sequence = len(taken) + 1
    while sequence in taken:
        sequence += 1
    return numbering.format_number(sequence, numbering.LETTER, bloc.symbol)


@transaction.atomic
def minutes_version_request(*, meeting: Meeting, by: User) -> list[MinutesVersion]:
    """Board staff ask for the next version of a finalized meeting's minutes outside finalizing, e.g. for a
    meeting imported as history without any; refused while a version is still queued or rendering."""
    meeting = for_update(Meeting.objects.select_related("bloc"), of=("self",)).get(pk=meeting.pk)
    if not can_manage_organizer(by, meeting.bloc.organizer_id):
        raise PermissionDenied(_("Chỉ cán bộ Ban Thi đua - Khen thưởng được tạo biên bản cho hội nghị đã chốt."))
    if not meeting.is_finalized:
        raise ValidationError(_("Hội nghị chưa chốt; biên bản được tạo khi chốt hội nghị."))
    if MinutesVersion.objects.filter(meeting=meeting, status__in=[Status.QUEUED, Status.RENDERING]).exists():
        raise ValidationError(_("Biên bản của hội nghị đang được tạo; hãy chờ tệp sẵn sàng."))
    return minutes_versions_create(meeting=meeting, by=by)


@transaction.atomic
def minutes_versions_mark_reopened(*, meeting: Meeting, reason: str, by: User | None = None) -> None:
    """Record on the current versions why the meeting was reopened; the next version takes it as its reason."""
    for document in Document.values:
        latest = current_version(meeting, document)
        if latest is not None:
            latest.reopen_reason = reason.strip()
            latest.save(update_fields=["reopen_reason"])


def _lock(version_id: int) -> MinutesVersion | None:
    return for_update(MinutesVersion.objects.filter(pk=version_id)).first()


def _notify_secretaries(
    meeting: Meeting, kind: str, *, url: str, also: Iterable[User] = (), by: User | None = None, **params
) -> None:
    """Tell the secretaries of the meeting's bloc and year (and the users ``also``) of an event of ``kind``."""
    bloc = meeting.bloc
    # The meeting's name in the site's language, whatever language the acting user reads.
    with translation.override(settings.LANGUAGE_CODE):
        params |= {"meeting": meeting.display_title, "bloc": bloc.name, "year": meeting.year}
    users = [*secretaries_of([(bloc.pk, meeting.year)])[bloc.pk, meeting.year], *also]
    notify(users=users, kind=kind, params=params, url=url, by=by)


def _notify_minutes_ready(version: MinutesVersion) -> None:
    """The minutes (not the pledge signed with them) are ready: their secretaries and who finalized are told."""
    if version.document == Document.MINUTES:
        _notify_secretaries(
            version.meeting,
            Notification.Kind.MINUTES_READY,
            url=reverse("meetings:minutes_status", kwargs={"pk": version.meeting_id, "doc": "bien-ban"}),
            also=[version.created_by] if version.created_by_id else [],
        )


def _failure(message: str, error: Exception) -> str:
    """The error a failed version shows: ``message`` ("Không tạo được tệp PDF: %(error)s") with why."""
    if isinstance(error, SoftTimeLimitExceeded):
        reason = _("tạo tệp quá %(seconds)s giây nên đã dừng") % {"seconds": RENDER_SOFT_TIME_LIMIT}
    else:
        reason = f"{type(error).__name__}: {error}"
    return (message % {"error": reason})[:2000]


def _mark_failed(version_id: int, error: str) -> MinutesVersion | None:
    with transaction.atomic():
        version = _lock(version_id)
        if version is not None and version.status == Status.RENDERING:
            version.status = Status.FAILED
            version.error = error
            version.status_changed_at = timezone.now()
            version.save(update_fields=["status", "error", "status_changed_at"])
    return version


def _sha256(data: bytes | None) -> str:
    return hashlib.sha256(data).hexdigest() if data is not None else ""


def minutes_render(*, version_id: int, delay: float = 0) -> MinutesVersion | None:
    """Render a version to its PDF/A, signed by the province's organization certificate when the board set one up
    (``signatures.services.sign_issued``): the stored official copy, with the SHA-256 of the file and of its
    attached record (how records/verification.py recognises it, or a copy of it). Its Word file is made from the
    same frozen snapshot when downloaded (``records.views.minutes``; a worker making both rendered 40 % fewer
    documents a second, bench/README.md). Idempotent: a ready (or missing) version is left alone, so a task
    delivered twice renders once. No lock is held while WeasyPrint works; the file is written and the version
    marked ready under the row lock, after checking nobody finished first. ``delay`` (seconds, tests only) widens
    the window in which a worker can be killed mid-render."""
    with transaction.atomic():
        # With its meeting and bloc: the province whose certificate signs, without another query.
        version = for_update(
            MinutesVersion.objects.select_related("meeting__bloc").filter(pk=version_id), of=("self",)
        ).first()
        if version is None or version.status not in (Status.QUEUED, Status.RENDERING):
            return version
        version.status = Status.RENDERING
        version.attempts += 1
        version.error = ""
        version.status_changed_at = timezone.now()
        version.save(update_fields=["status", "attempts", "error", "status_changed_at"])
    try:
        pdf = rendering.render_document(version.snapshot)
    except Exception as error:
        logger.exception("minutes version %s: rendering failed", version_id)
        return _mark_failed(version_id, _failure(_("Không tạo được tệp PDF: %(error)s"), error))
    try:
        pdf = signing.sign_issued(version.meeting.bloc.organizer_id, pdf)
    except Exception as error:
        # sign_issued already issues unsigned when the certificate cannot be used (signatures/services.py); what
        # still raises here (its database read) fails the version like a render, to be made again.
        logger.exception("minutes version %s: signing failed", version_id)
        return _mark_failed(version_id, _failure(_("Không ký số được tệp PDF: %(error)s"), error))
    record_sha256 = _sha256(rendering.attachment_bytes(version.snapshot))
    if delay:
        time.sleep(delay)
    with transaction.atomic():
        version = _lock(version_id)
        if version is None or version.status == Status.READY:
            return version  # the sweep sent it twice and the other worker finished first
        field = version.file
        name = field.field.generate_filename(version, "bien-ban")
        # A render killed after writing and before committing left this very file: replace it.
        if field.storage.exists(name):
            field.storage.delete(name)
        field.name = field.storage.save(name, ContentFile(pdf))
        version.file_sha256, version.record_sha256 = _sha256(pdf), record_sha256
        version.status = Status.READY
        version.error = ""
        version.rendered_at = version.status_changed_at = timezone.now()
        version.save(
            update_fields=[
                "file", "file_sha256", "record_sha256", "status", "error", "rendered_at", "status_changed_at",
            ]
        )  # fmt: skip
        _notify_minutes_ready(version)
    return version


@transaction.atomic
def minutes_version_retry(*, version: MinutesVersion, by: User) -> MinutesVersion:
    """Queue a failed version again (secretaries of the bloc's year and board staff)."""
    version = for_update(MinutesVersion.objects.select_related("meeting__bloc"), of=("self",)).get(pk=version.pk)
    if not can_edit_bloc_year(by, version.meeting.bloc, version.meeting.year):
        raise PermissionDenied(_("Chỉ thư ký khối hoặc Ban Thi đua - Khen thưởng được tạo lại tệp."))
    if version.status != Status.FAILED:
        raise ValidationError(_("Chỉ tạo lại được phiên bản bị lỗi."))
    version.status = Status.QUEUED
    version.error = ""
    version.status_changed_at = timezone.now()
    version.save(update_fields=["status", "error", "status_changed_at"])
    _enqueue_on_commit(version)
    return version


def minutes_sweep(
    *,
    queued_after: datetime.timedelta = QUEUED_AFTER,
    rendering_after: datetime.timedelta = RENDERING_AFTER,
    max_attempts: int = MAX_ATTEMPTS,
    now: datetime.datetime | None = None,
) -> list[int]:
    """Send again the versions stuck in queued (the broker was down) or rendering (the worker died);
    a version whose renders keep dying is marked failed after ``max_attempts``. Returns the ids sent.
    ``now`` (tests) is the moment the thresholds are counted from."""
    now = now or timezone.now()
    since = {Status.QUEUED: now - queued_after, Status.RENDERING: now - rendering_after}
    stuck = MinutesVersion.objects.filter(status=Status.QUEUED, status_changed_at__lte=since[Status.QUEUED]) | (
        MinutesVersion.objects.filter(status=Status.RENDERING, status_changed_at__lte=since[Status.RENDERING])
    )
    sent = []
    for version_id in stuck.order_by("status_changed_at").values_list("pk", flat=True):
        with transaction.atomic():
            version = _lock(version_id)
            # Again under the lock: a worker may have taken it (or finished it) since the query.
            if version is None or version.status not in since or version.status_changed_at > since[version.status]:
                continue
            if version.status == Status.RENDERING and version.attempts >= max_attempts:
                version.status = Status.FAILED
                version.error = _("Tạo tệp bị gián đoạn %(attempts)s lần; hãy thử lại hoặc báo quản trị viên.") % {
                    "attempts": version.attempts
                }
            else:
                version.status = Status.QUEUED
                _enqueue_on_commit(version)
                sent.append(version_id)
            version.status_changed_at = timezone.now()
            version.save(update_fields=["status", "error", "status_changed_at"])
    return sent


def current_version(meeting: Meeting, document: str = Document.MINUTES) -> MinutesVersion | None:
    """The newest version of a document: the only one everybody who sees the meeting may download."""
    return MinutesVersion.objects.filter(meeting=meeting, document=document).order_by("-number").first()


@transaction.atomic
def meeting_finalize(
    *, meeting: Meeting, by: User | None = None, minutes: bool = True, history: bool = False
) -> Meeting:
    """Lock the record: after this only board staff can reopen it. Makes the next minutes version; its PDF is
    rendered by a worker once this transaction commits. Refused while the meeting's checklist (attendance of
    every member, presiding person, secretary, votes, the pledge of a signing) has a required item missing.

    ``history=True`` (the importer): a meeting of the past is recorded as its document states, checklist or
    not; its minutes print only what is known. ``minutes=False``: no minutes version now, they are made when
    somebody asks for them (``minutes_version_request``)."""
    meeting = lock_meeting(meeting)
    ensure_editable(meeting)
    if not history and (missing := [check.missing for check in meeting_checklist(meeting) if check.blocking]):
        raise ValidationError(missing)
    before = audit.snapshot(meeting, ["status"])
    meeting.status = Meeting.Status.FINALIZED
    meeting.version += 1
    meeting.save(update_fields=["status", "version"])
    changes = audit.diff(before, audit.snapshot(meeting, ["status"]))
    audit.record(action=audit.Action.UPDATE, instance=meeting, changes=changes, by=by)
    if minutes:
        minutes_versions_create(meeting=meeting, by=by)
    return meeting


@transaction.atomic
def meeting_reopen(*, meeting: Meeting, reason: str, by: User | None) -> Meeting:
    """Board staff reopen a finalized meeting to correct it; the reason is required. ``by`` None: the operator
    of a command (``import_blocs --reopen``), who answers for the installation."""
    meeting = lock_meeting(meeting)
    if by is not None and not can_manage_organizer(by, meeting.bloc.organizer_id):
        raise PermissionDenied(_("Chỉ cán bộ Ban Thi đua - Khen thưởng được mở lại hội nghị đã chốt."))
    if not meeting.is_finalized:
        raise ValidationError(_("Hội nghị chưa chốt nên không cần mở lại."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Cần ghi rõ lý do mở lại.")})
    before = audit.snapshot(meeting, ["status"])
    meeting.status = Meeting.Status.DRAFT
    meeting.version += 1
    meeting.save(update_fields=["status", "version"])
    changes = audit.diff(before, audit.snapshot(meeting, ["status"]))
    audit.record(action=audit.Action.UPDATE, instance=meeting, changes=changes, by=by, reason=reason.strip())
    minutes_versions_mark_reopened(meeting=meeting, reason=reason, by=by)
    _notify_secretaries(
        meeting, Notification.Kind.MEETING_REOPENED, url=reverse("meetings:detail", kwargs={"pk": meeting.pk}),
        by=by, reason=reason.strip(),
    )  # fmt: skip
    return meeting


@transaction.atomic
def dossier_versions(*, meeting: Meeting, letter: dict, by: User | None) -> tuple[MinutesVersion, list[MinutesVersion]]:
    """The documents a year-end dossier sends (dossiers.services.dossier_send): a new version of the proposal
    letter (``letter``: ``snapshot.letter_snapshot``) and the meeting's current minutes, vote count and score
    table. A meeting finalized before the vote count and the score table existed gets them now, from its record."""
    meeting = Meeting.objects.select_related("bloc__organizer").get(pk=meeting.pk)
    letter_version = _next_version(meeting, Document.LETTER, letter, by=by)
    documents = []
    for document, build in (
        (Document.MINUTES, None),
        (Document.VOTE_COUNT, snapshot.vote_count_snapshot),
        (Document.SCORES, snapshot.scores_snapshot),
    ):
        version = current_version(meeting, document)
        if version is None and build is not None and (data := build(meeting)) is not None:
            version = _next_version(meeting, document, data, by=by)
        if version is not None:
            documents.append(version)
    return letter_version, documents
