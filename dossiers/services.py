"""The year-end dossier's workflow: what it must hold before it is sent, the achievement reports, sending (the
documents frozen as sent), the board receiving or returning it, and closing it once the decisions are issued.

draft → sent → received → closed, or sent → returned → sent again (a new ``Submission``; the earlier ones stay
as they were sent). Each step is audited and told to the other side (in the bell and by email, after commit).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.access import agency_lineage, can_edit_bloc_year, can_manage_organizer, secretaries_of
from blocs.models import Bloc, Leadership
from core.locks import for_update
from core.text import nfc
from core.uploads import content_type_of, size_problem
from core.validation import validate
from dossiers.models import REPORT_MAX_BYTES, AchievementReport, Dossier, Submission, SubmittedReport
from history import audit
from meetings import eligibility
from meetings.checklist import Check
from meetings.models import Meeting, Participant, Proposal
from members.models import User
from notices.models import Notification
from notices.services import notify
from records import services as records
from records import snapshot
from records.models import MinutesVersion

State = Dossier.State
Document = MinutesVersion.Document


# -- reading -------------------------------------------------------------------------------------------------


def year_end_review(bloc: Bloc, year: int) -> Meeting | None:
    """The bloc's finalized year-end review of the year (the latest, should there be two)."""
    return (
        Meeting.objects.filter(bloc=bloc, year=year, kind=Meeting.Kind.YEAR_END_REVIEW, status=Meeting.Status.FINALIZED)
        .select_related("bloc__organizer")
        .order_by("-held_on", "-pk")
        .first()
    )


def no_review_reason(bloc: Bloc, year: int) -> str:
    return _("%(bloc)s chưa có hội nghị tổng kết năm %(year)s đã chốt biên bản.") % {"bloc": bloc, "year": year}


def passed_proposals(meeting: Meeting) -> list[Proposal]:
    """The meeting's passed proposals with their achievement report, in the order of the minutes (with what the
    eligibility rules read of them: ``meetings.eligibility.annotate``)."""
    return list(
        eligibility.annotate(meeting.proposals.filter(outcome=Proposal.Outcome.PASSED))
        .select_related("nominee", "award_type", "achievement_report")
        .order_by("award_type__position", "position", "pk")
    )


def report_of(proposal: Proposal) -> AchievementReport | None:
    try:
        return proposal.achievement_report
    except AchievementReport.DoesNotExist:
        return None


@dataclass
class DossierView:
    """What the dossier page and the command show of a bloc's year: the dossier (None before any change), the
    year-end review, its passed proposals and what is missing before sending."""

    bloc: Bloc
    year: int
    dossier: Dossier | None
    meeting: Meeting | None
    proposals: list[Proposal]
    checklist: list[Check]

    @property
    def state(self) -> str:
        return self.dossier.state if self.dossier is not None else State.DRAFT

    @property
    def state_label(self) -> str:
        return State(self.state).label

    @property
    def editable(self) -> bool:
        return self.dossier is None or self.dossier.editable

    @property
    def missing(self) -> list[str]:
        return [check.missing for check in self.checklist if check.blocking]


def letter_defaults(meeting: Meeting, *, number: str | None = None) -> dict:
    """What the letter prints that the record does not hold, as the record suggests it today: the next number of
    the bloc's sequence (``number`` to print another, e.g. a draft's "……/TTr-KTĐ"), today's date, and the person
    presiding the year-end review as the signer. The send form starts from it; the preview and the command print
    it."""
    today = timezone.localdate()
    presiding = meeting.participants.filter(role=Participant.Role.PRESIDING).order_by("position", "pk").first()
    return {
        "number": records.letter_number_for(meeting.bloc, today) if number is None else number,
        "dated": today,
        "signer_name": presiding.name if presiding is not None else "",
        "signer_title": presiding.title if presiding is not None else "",
    }


def _chair(bloc: Bloc, year: int) -> Leadership | None:
    return Leadership.objects.filter(bloc=bloc, year=year).select_related("chair").first()


def dossier_checklist(bloc: Bloc, year: int, meeting: Meeting | None, proposals: list[Proposal]) -> list[Check]:
    """What the dossier must hold before it is sent: a finalized year-end review with its minutes, the year's
    chair (who signs the letter), at least one passed proposal and each passed proposal's achievement report."""
    if meeting is None:
        return [
            Check(_("Hội nghị tổng kết năm đã chốt biên bản"), False, True, "hoi-nghi", no_review_reason(bloc, year))
        ]
    minutes = records.current_version(meeting, Document.MINUTES)
    lead = _chair(bloc, year)
    checks = [
        Check(_("Hội nghị tổng kết năm đã chốt biên bản"), True, True, "hoi-nghi"),
        Check(
            _("Biên bản hội nghị đã tạo tệp"),
            minutes is not None and minutes.status != MinutesVersion.Status.FAILED,
            True,
            "hoi-nghi",
            _("Biên bản hội nghị tổng kết chưa có tệp (hoặc tạo tệp bị lỗi): hãy tạo lại biên bản."),
        ),
        Check(
            _("Trưởng khối năm %(year)s (ký tờ trình)") % {"year": year},
            lead is not None,
            False,  # the letter is signed by the person entered when sending; the chair agency is printed if known
            "to-trinh",
            _("Chưa có Trưởng khối năm %(year)s để ký tờ trình.") % {"year": year},
        ),
        Check(
            _("Có đề nghị khen thưởng được biểu quyết đạt"),
            bool(proposals),
            True,
            "de-nghi",
            _("Hội nghị tổng kết không có đề nghị khen thưởng nào đạt: không có gì để đề nghị."),
        ),
    ]
    without = [p for p in proposals if report_of(p) is None]
    checks.append(
        Check(
            _("Báo cáo thành tích của từng đơn vị được đề nghị"),
            bool(proposals) and not without,
            True,
            "de-nghi",
            _("Còn thiếu báo cáo thành tích của: %(names)s.")
            % {"names": "; ".join(f"{p.nominee} ({p.award_type})" for p in without)},
        )
    )
    return checks


def dossier_view(bloc: Bloc, year: int) -> DossierView:
    dossier = Dossier.objects.filter(bloc=bloc, year=year).first()
    meeting = year_end_review(bloc, year)
    proposals = passed_proposals(meeting) if meeting is not None else []
    return DossierView(bloc, year, dossier, meeting, proposals, dossier_checklist(bloc, year, meeting, proposals))


# -- achievement reports ---------------------------------------------------------------------------------------


def report_type(upload: UploadedFile) -> str:
    """The report's type read from its content, not its name (``core.uploads``): a PDF or a Word .docx.
    Anything else, empty or over 20 MB is refused with the reason."""
    if problem := size_problem(upload, REPORT_MAX_BYTES):
        raise ValidationError({"file": problem})
    kind = content_type_of(upload)
    if kind not in AchievementReport.Kind.values:
        raise ValidationError({"file": _("Báo cáo thành tích phải là tệp PDF hoặc Word (.docx); tệp này không phải.")})
    return kind


def can_upload_report(user: User, proposal: Proposal) -> bool:
    """The nominee agency's users (or its successor's) and whoever enters the bloc's records of the year."""
    if not user.is_authenticated:
        return False
    if user.agency_id and proposal.nominee_id in agency_lineage(user.agency_id):
        return True
    return can_edit_bloc_year(user, proposal.bloc, proposal.year)


def _editable_dossier(bloc: Bloc, year: int) -> Dossier | None:
    """The dossier locked for a change, refused once sent and not returned."""
    dossier = for_update(Dossier.objects.filter(bloc=bloc, year=year)).first()
    if dossier is not None and not dossier.editable:
        raise ValidationError(
            _("Hồ sơ đang ở trạng thái “%(state)s”: chỉ sửa được khi đang chuẩn bị hoặc bị trả lại.")
            % {"state": dossier.get_state_display()}
        )
    return dossier


def _delete_file_on_commit(field) -> None:
    name, storage = field.name, field.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def report_upload(*, proposal: Proposal, upload: UploadedFile, by: User) -> AchievementReport:
    """Store (or replace) the achievement report of a passed proposal of the year-end review."""
    proposal = Proposal.objects.select_related("bloc__organizer", "nominee", "award_type", "meeting").get(
        pk=proposal.pk
    )
    if not can_upload_report(by, proposal):
        raise PermissionDenied(_("Chỉ đơn vị được đề nghị hoặc thư ký khối được tải lên báo cáo thành tích."))
    if proposal.outcome != Proposal.Outcome.PASSED:
        raise ValidationError({"file": _("Chỉ đề nghị đã được biểu quyết đạt mới cần báo cáo thành tích.")})
    _editable_dossier(proposal.bloc, proposal.year)
    content_type = report_type(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = nfc((upload.name or "bao-cao").rsplit("/", 1)[-1])[:300]
    report = for_update(AchievementReport.objects.filter(proposal=proposal)).first()
    action = audit.Action.UPDATE if report is not None else audit.Action.CREATE
    before = {_("Báo cáo thành tích"): report.name} if report is not None else {}
    if report is not None:
        _delete_file_on_commit(report.file)
    else:
        report = AchievementReport(proposal=proposal)
    report.name, report.content_type, report.size, report.sha256 = name, content_type, upload.size, digest.hexdigest()
    report.uploaded_at, report.uploaded_by = timezone.now(), by
    validate(report, exclude=["file"])  # before the file is written: a refusal leaves nothing in storage
    report.file.save(name, upload, save=False)
    report.save()
    changes = audit.diff(before, {_("Báo cáo thành tích"): f"{proposal.nominee} — {proposal.award_type}: {name}"})
    audit.record(action=action, instance=report, changes=changes, by=by, object_repr=f"{proposal}: {name}")
    return report


# -- the workflow ----------------------------------------------------------------------------------------------


def _set_state(dossier: Dossier, state: str, *, by: User | None, reason: str = "") -> None:
    before = dossier.get_state_display()
    dossier.state, dossier.state_changed_at = state, timezone.now()
    dossier.version += 1
    dossier.save(update_fields=["state", "state_changed_at", "version"])
    changes = {str(Dossier._meta.get_field("state").verbose_name): [before, dossier.get_state_display()]}
    audit.record(action=audit.Action.UPDATE, instance=dossier, changes=changes, by=by, reason=reason)


def dossier_url(bloc_id: int, year: int, anchor: str = "") -> str:
    """The page of a bloc's dossier of a year (``anchor``: a part of it), as the views and notifications open it."""
    url = reverse("dossiers:dossier", kwargs={"pk": bloc_id, "year": year})
    return f"{url}#{anchor}" if anchor else url


def _board_of(dossier: Dossier) -> Iterable[User]:
    return User.objects.filter(
        role=User.Role.BOARD_STAFF, organizer_id=dossier.bloc.organizer_id, is_active=True
    ).order_by("pk")


def _notify_secretaries(dossier: Dossier, kind: str, *, by: User | None, **params) -> None:
    users = secretaries_of([(dossier.bloc_id, dossier.year)])[dossier.bloc_id, dossier.year]
    sender = dossier.submissions.order_by("-number").values_list("sent_by", flat=True).first()
    if sender and sender not in {u.pk for u in users}:
        users += list(User.objects.filter(pk=sender, is_active=True))
    notify(users=users, kind=kind, params={"bloc": dossier.bloc.name, "year": dossier.year, **params},
           url=dossier_url(dossier.bloc_id, dossier.year), by=by)  # fmt: skip


@transaction.atomic
def dossier_send(
    *,
    bloc: Bloc,
    year: int,
    number: str,
    dated: datetime.date,
    signer_name: str,
    signer_title: str,
    by: User,
) -> Submission:
    """The chair's secretary sends the dossier: the proposal letter is made (a new version, rendered by the
    worker), the meeting's documents and the achievement reports are frozen as they are now, the board is told."""
    bloc = Bloc.objects.select_related("organizer").get(pk=bloc.pk)
    if not can_edit_bloc_year(by, bloc, year):
        raise PermissionDenied(_("Chỉ thư ký khối năm %(year)s được gửi hồ sơ.") % {"year": year})
    dossier = _editable_dossier(bloc, year)
    view = dossier_view(bloc, year)
    if view.missing:
        raise ValidationError(view.missing)
    errors = {}
    if not (number := nfc(number or "").strip()):
        errors["number"] = _("Cần ghi số tờ trình.")
    if not (signer_name := nfc(signer_name or "").strip()):
        errors["signer_name"] = _("Cần ghi họ và tên người ký tờ trình.")
    if dated is None:
        errors["dated"] = _("Cần ghi ngày của tờ trình.")
    elif dated < view.meeting.held_on:
        errors["dated"] = _("Tờ trình không thể đề ngày trước hội nghị tổng kết (%(date)s).") % {
            "date": f"{view.meeting.held_on:%d/%m/%Y}"
        }
    if errors:
        raise ValidationError(errors)
    if dossier is None:
        dossier = Dossier(bloc=bloc, year=year)
        validate(dossier)
        dossier.save()
        audit.record(action=audit.Action.CREATE, instance=dossier, changes={}, by=by)
        dossier = for_update(Dossier.objects.filter(pk=dossier.pk)).get()
    letter = snapshot.letter_snapshot(
        view.meeting, number=number, dated=dated, signer_name=signer_name, signer_title=nfc(signer_title or "").strip()
    )
    letter_version, documents = records.dossier_versions(meeting=view.meeting, letter=letter, by=by)
    previous = dossier.submissions.order_by("-number").values_list("number", flat=True).first() or 0
    submission = Submission.objects.create(
        dossier=dossier, number=previous + 1, meeting=view.meeting, letter=letter_version, sent_by=by
    )
    submission.documents.set(documents)
    for proposal in view.proposals:
        report = report_of(proposal)
        copy = SubmittedReport(
            submission=submission, proposal=proposal, name=report.name, content_type=report.content_type,
            size=report.size, sha256=report.sha256,
        )  # fmt: skip
        with report.file.open("rb") as handle:
            copy.file.save(report.name, ContentFile(handle.read()), save=False)
        copy.save()
    _set_state(dossier, State.SENT, by=by)
    notify(
        users=_board_of(dossier),
        kind=Notification.Kind.DOSSIER_SENT,
        params={"bloc": bloc.name, "year": year, "number": submission.number},
        url=dossier_url(dossier.bloc_id, dossier.year),
        by=by,
    )
    return submission


def _board_dossier(dossier: Dossier, by: User | None, *, step: str) -> Dossier:
    """The dossier locked, for board staff (``by`` None: the application itself, closing a decided dossier)."""
    dossier = for_update(Dossier.objects.select_related("bloc__organizer"), of=("self",)).get(pk=dossier.pk)
    if by is not None and not can_manage_organizer(by, dossier.bloc.organizer_id):
        raise PermissionDenied(_("Chỉ cán bộ Ban Thi đua - Khen thưởng được xử lý hồ sơ."))
    if not dossier.allows(step):
        raise ValidationError(
            _("Hồ sơ đang ở trạng thái “%(state)s”: không thể làm việc này.") % {"state": dossier.get_state_display()}
        )
    return dossier


def _answer(dossier: Dossier, answer: str, by: User, reason: str = "") -> Submission:
    submission = dossier.submissions.order_by("-number").first()
    submission.answer, submission.answered_at, submission.answered_by, submission.reason = (
        answer, timezone.now(), by, reason,
    )  # fmt: skip
    validate(submission)
    submission.save(update_fields=["answer", "answered_at", "answered_by", "reason"])
    return submission


@transaction.atomic
def dossier_receive(*, dossier: Dossier, by: User) -> Dossier:
    """Board staff receive the dossier as sent; the secretaries are told."""
    dossier = _board_dossier(dossier, by, step="receive")
    _answer(dossier, Submission.Answer.RECEIVED, by)
    _set_state(dossier, State.RECEIVED, by=by)
    _notify_secretaries(dossier, Notification.Kind.DOSSIER_RECEIVED, by=by)
    return dossier


@transaction.atomic
def dossier_return(*, dossier: Dossier, reason: str, by: User) -> Dossier:
    """Board staff return the dossier with the reason; it reopens for changes and the secretaries are told."""
    reason = nfc(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do trả lại hồ sơ.")})
    dossier = _board_dossier(dossier, by, step="return")
    _answer(dossier, Submission.Answer.RETURNED, by, reason)
    _set_state(dossier, State.RETURNED, by=by, reason=reason)
    _notify_secretaries(dossier, Notification.Kind.DOSSIER_RETURNED, by=by, reason=reason)
    return dossier


@transaction.atomic
def dossier_close(*, dossier: Dossier, by: User | None) -> Dossier:
    """The decisions on a received dossier are issued: board staff close it (done by itself once every passed
    proposal sent is awarded, ``close_decided``)."""
    dossier = _board_dossier(dossier, by, step="close")
    _set_state(dossier, State.CLOSED, by=by)
    return dossier


def close_decided(proposal_ids: Iterable[int], *, by: User | None = None) -> list[Dossier]:
    """Close the received dossiers whose last sending's passed proposals are all awarded by a decision now."""
    pairs = set(Proposal.objects.filter(pk__in=set(proposal_ids)).values_list("bloc_id", "year"))
    closed = []
    for bloc_id, year in sorted(pairs):
        dossier = Dossier.objects.filter(bloc_id=bloc_id, year=year, state=State.RECEIVED).first()
        submission = dossier.submissions.order_by("-number").first() if dossier is not None else None
        if submission is None:
            continue
        sent = set(submission.reports.values_list("proposal_id", flat=True))
        awarded = set(Proposal.objects.filter(pk__in=sent, decision_award__isnull=False).values_list("pk", flat=True))
        if sent and sent == awarded:
            closed.append(dossier_close(dossier=dossier, by=by))
    return closed
