"""Award proposals at a meeting: add one with its votes, change the votes, withdraw one, and the small
JSON endpoint the vote form asks for the outcome while the secretary types."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from awards import rules
from awards.models import AwardType
from awards.services import rule_of
from blocs.models import not_a_member_message
from blocs.selectors import members_of_year
from core.forms import ConfirmForm, SheetVersionForm, add_service_errors, is_stale
from history.states import state_version
from meetings.audit_states import proposal_state
from meetings.models import Ballot, Proposal
from meetings.voting import VotingBody, proposal_create, proposal_delete, proposal_record_votes
from members.models import Agency

from ..forms import ProposalForm, VotesForm
from ..models import Meeting
from .common import detail_url, editable_meeting, locked_response


def _voters(members: list[Agency], body: VotingBody) -> list[Agency]:
    return [agency for agency in members if agency.pk in body.voters]


def _context(meeting: Meeting, form, body: VotingBody, **extra) -> dict:
    return {
        "bloc": meeting.bloc,
        "meeting": meeting,
        "form": form,
        "members_count": len(body.members),
        "present_count": len(body.present),
        "attendance_taken": body.attendance_taken,
        "award_rules": {
            str(t.pk): t.rule_text for t in AwardType.objects.filter(organizer_id=meeting.bloc.organizer_id)
        },
        "outcome_url": reverse("meetings:proposal_outcome", kwargs={"pk": meeting.pk}),
        **extra,
    }


@login_required
def proposal_add(request, pk: int):
    meeting = editable_meeting(request, pk)
    if locked := locked_response(request, meeting):
        return locked
    members = members_of_year(meeting.bloc_id, meeting.year)
    body = VotingBody.of(meeting)
    kwargs = {"members": members, "organizer_id": meeting.bloc.organizer_id, "voters": _voters(members, body)}
    posted = request.method == "POST"
    form = ProposalForm(request.POST if posted else None, **kwargs)
    if posted and form.is_valid():
        tally, ballots = form.votes()
        try:
            proposal = proposal_create(
                meeting=meeting,
                nominee=form.cleaned_data["nominee"],
                award_type=form.cleaned_data["award_type"],
                tally=tally,
                ballots=ballots,
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã thêm đề nghị %(proposal)s: %(outcome)s.")
                % {"proposal": proposal, "outcome": proposal.get_outcome_display()},
            )
            return redirect(detail_url(meeting, "de-nghi"))
    return render(request, "meetings/proposal_form.html", _context(meeting, form, body))


def _proposal_of(meeting: Meeting, proposal_pk: int) -> Proposal:
    return get_object_or_404(Proposal.objects.select_related("nominee", "award_type"), pk=proposal_pk, meeting=meeting)


def _votes_sheet(proposal: Proposal, members: list[Agency], body: VotingBody, data=None) -> tuple[VotesForm, str]:
    """The votes form of the tally and ballots stored now, and their version (``services.ensure_unchanged``)."""
    ballots = list(proposal.ballots.all())
    names = {agency.pk: agency.name for agency in members}
    form = VotesForm(data, voters=_voters(members, body), initial=VotesForm.initial_of(proposal, ballots))
    return form, state_version(proposal_state(proposal, ballots, names))


@login_required
def proposal_votes(request, pk: int, proposal_pk: int):
    """Change the votes of a proposal: per agency, as a tally, or none yet."""
    meeting = editable_meeting(request, pk)
    proposal = _proposal_of(meeting, proposal_pk)
    if locked := locked_response(request, meeting):
        return locked
    members = members_of_year(meeting.bloc_id, meeting.year)
    body = VotingBody.of(meeting)
    posted = request.method == "POST"
    form, version = _votes_sheet(proposal, members, body, request.POST if posted else None)
    version_form = SheetVersionForm(request.POST) if posted else form.carrying(version)
    conflict = None
    if posted and form.is_valid():
        tally, chosen = form.votes()
        try:
            proposal = proposal_record_votes(
                proposal=proposal,
                tally=tally,
                ballots=chosen,
                by=request.user,
                expected_version=version_form.expected_version(),
            )
        except ValidationError as error:
            if not is_stale(error):
                add_service_errors(form, error)
            else:
                proposal = _proposal_of(meeting, proposal_pk)
                stored, version = _votes_sheet(proposal, members, body)
                form, version_form, conflict = stored.merged(
                    error, version=version, typed=form.typed(), sent=version_form
                )
        else:
            messages.success(
                request,
                _("Đã lưu phiếu của đề nghị %(proposal)s: %(outcome)s.")
                % {"proposal": proposal, "outcome": proposal.get_outcome_display()},
            )
            return redirect(detail_url(meeting, "de-nghi"))
    context = _context(meeting, form, body, proposal=proposal, version_form=version_form, conflict=conflict)
    return render(request, "meetings/proposal_form.html", context)


@login_required
def proposal_withdraw(request, pk: int, proposal_pk: int):
    """A confirmation page, then the proposal is withdrawn (deleted) from the draft meeting."""
    meeting = editable_meeting(request, pk)
    proposal = _proposal_of(meeting, proposal_pk)
    if locked := locked_response(request, meeting):
        return locked
    posted = request.method == "POST"
    form = ConfirmForm(
        request.POST if posted else None,
        action=reverse("meetings:proposal_withdraw", kwargs={"pk": meeting.pk, "proposal_pk": proposal.pk}),
        submit=_("Rút đề nghị"),
    )
    if posted and form.is_valid():
        try:
            proposal_delete(proposal=proposal, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã rút đề nghị %(proposal)s.") % {"proposal": proposal})
            return redirect(detail_url(meeting, "de-nghi"))
    context = {"bloc": meeting.bloc, "meeting": meeting, "proposal": proposal, "form": form}
    return render(request, "meetings/proposal_confirm_delete.html", context)


def _count(value: str | None, name: str, problems: list[str]) -> int:
    if value in (None, ""):
        return 0
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        problems.append(_("Số phiếu “%(name)s” phải là số nguyên không âm.") % {"name": name})
        return 0
    return number


def _typed_votes(
    params, body: VotingBody, members: dict[int, Agency], province: QuerySet[Agency], warnings: list[str]
) -> rules.Tally | None:
    """The tally the form holds (typed, or counted from the radios); warnings for what the service would refuse."""
    mode = params.get("mode", VotesForm.Mode.BALLOTS)
    if mode == VotesForm.Mode.TALLY:
        if params.get("votes_for") in (None, ""):
            return None
        tally = rules.Tally(
            _count(params.get("votes_for"), _("đồng ý"), warnings),
            _count(params.get("votes_against"), _("không đồng ý"), warnings),
            _count(params.get("votes_abstain"), _("không biểu quyết"), warnings),
        )
        if error := rules.tally_error(tally, len(body.voters)):
            warnings.append(error)
        return tally
    if mode != VotesForm.Mode.BALLOTS:
        return None
    votes = []
    for key, vote in params.items():
        if not key.startswith("ballot-") or not vote:
            continue
        try:
            agency_id = int(key.removeprefix("ballot-"))
        except ValueError:
            continue
        if vote not in Ballot.Vote.values:
            warnings.append(_("Phiếu không hợp lệ: %(votes)s.") % {"votes": vote})
            continue
        agency = members.get(agency_id) or province.filter(pk=agency_id).first()
        if agency is None:
            continue
        if error := body.ballot_error(agency):
            warnings.append(error)
        votes.append(vote)
    return rules.Tally.from_ballots(votes) if votes else None


@login_required
@require_safe
@never_cache
def proposal_outcome(request, pk: int):
    """GET the award type (and nominee, proposal being edited) with the tally or the ballots: the outcome
    and its reason as ``awards.rules.evaluate`` decides with the meeting's voting body, plus the tally,
    ballot, membership and quota problems the service would refuse."""
    meeting = editable_meeting(request, pk)
    params = request.GET
    award_type = AwardType.objects.filter(
        organizer_id=meeting.bloc.organizer_id,
        pk=params.get("award_type") if params.get("award_type", "").isdigit() else None,
    ).first()
    if award_type is None:
        return JsonResponse(
            {"outcome": None, "reason": _("Chọn hình thức khen thưởng để xem kết quả."), "warnings": []}
        )
    body = VotingBody.of(meeting)
    members = {a.pk: a for a in members_of_year(meeting.bloc_id, meeting.year)}
    # Ids typed into the query are looked up among the province's agencies only: an id of another province's
    # agency is no agency here, and its name is never told.
    province = Agency.objects.filter(organizer_id=meeting.bloc.organizer_id)
    warnings: list[str] = []
    nominee_id = params.get("nominee", "")
    if nominee_id.isdigit() and int(nominee_id) not in body.members:
        nominee = province.filter(pk=int(nominee_id)).first()
        if nominee is not None:
            warnings.append(not_a_member_message(nominee, meeting.year))
    tally = _typed_votes(params, body, members, province, warnings)
    if warnings:
        # What the service would refuse comes first: no outcome is shown beside an error (a green "Đạt 10/8"
        # next to "more votes than voters" reads as if the record could stand).
        outcome, reason = None, _("Chưa tính kết quả: cần sửa các lỗi dưới đây trước.")
    else:
        outcome, reason = rules.evaluate(
            tally=tally, rule=rule_of(award_type), members=len(body.members), present=len(body.present)
        )
    if outcome == Proposal.Outcome.PASSED:
        others = Proposal.objects.filter(
            bloc_id=meeting.bloc_id, year=meeting.year, award_type=award_type, outcome=Proposal.Outcome.PASSED
        )
        if params.get("proposal", "").isdigit():
            others = others.exclude(pk=int(params["proposal"]))
        if error := rules.quota_error(
            award_name=award_type.name, quota=award_type.quota_per_bloc, passed=others.count() + 1, year=meeting.year
        ):
            warnings.append(error)
    return JsonResponse(
        {
            "outcome": outcome,
            "outcome_display": str(Proposal.Outcome(outcome).label) if outcome else "",
            "reason": reason,
            "rule": award_type.rule_text,
            "members": len(body.members),
            "present": len(body.present),
            "voters": len(body.voters),
            "tally": (
                {"for": tally.votes_for, "against": tally.against, "abstain": tally.abstain, "total": tally.total}
                if tally
                else None
            ),
            "warnings": warnings,
        }
    )
