"""Online ballots: the secretary's page (open, follow, close the vote) with its status JSON, and the member
agency's ballot. What an agency chose is never put in a message, the session or a log: after sending, the
page says only that the agency has voted."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from meetings.access import get_ballot_for_user
from meetings.online import online_ballot_cast, online_voting_close, online_voting_open
from meetings.selectors import online_voting_page
from meetings.voting import VotingBody

from ..forms import OnlineBallotForm
from ..models import Voter, VotingSession
from .common import editable_meeting


def _page_url(pk: int) -> str:
    return reverse("meetings:online_voting", kwargs={"pk": pk})


def _refused(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_safe
def online_voting(request, pk: int):
    """The secretary's page: the vote's state, who may vote and who has (never how), the tallies once closed."""
    meeting = editable_meeting(request, pk)
    page = online_voting_page(meeting)
    context = {
        "bloc": meeting.bloc,
        "meeting": meeting,
        "page": page,
        "status_url": reverse("meetings:online_voting_status", kwargs={"pk": meeting.pk}),
    }
    return render(request, "meetings/online_voting.html", context)


@login_required
@require_POST
def online_voting_open_view(request, pk: int):
    meeting = editable_meeting(request, pk)
    try:
        session = online_voting_open(meeting=meeting, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("Đã mở bỏ phiếu trực tuyến (%(mode)s) cho %(count)s đơn vị.")
            % {"mode": session.get_mode_display(), "count": session.eligible},
        )
    return redirect(_page_url(meeting.pk))


@login_required
@require_POST
def online_voting_close_view(request, pk: int):
    meeting = editable_meeting(request, pk)
    session = VotingSession.objects.filter(meeting=meeting).first()
    if session is None:
        messages.error(request, _("Hội nghị chưa mở bỏ phiếu trực tuyến."))
        return redirect(_page_url(meeting.pk))
    try:
        session = online_voting_close(session=session, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("Đã đóng bỏ phiếu: %(cast)s/%(eligible)s đơn vị đã bỏ phiếu; kết quả đã được tính.")
            % {"cast": session.cast, "eligible": session.eligible},
        )
    return redirect(_page_url(meeting.pk))


@login_required
@require_safe
@never_cache
def online_voting_status(request, pk: int):
    """The secretary's page asks this every few seconds: the state, the counts and which agencies have voted
    (in the bloc's order, never in the order they voted)."""
    meeting = editable_meeting(request, pk)
    session = VotingSession.objects.filter(meeting=meeting).first()
    if session is None:
        return JsonResponse({"status": "none", "eligible": len(VotingBody.of(meeting).voters), "cast": 0, "voted": []})
    voted = sorted(Voter.objects.filter(session=session).values_list("agency_id", flat=True))
    return JsonResponse(
        {
            "status": "open" if session.is_open else "closed",
            "eligible": session.eligible,
            "cast": session.cast,
            "voted": voted,
        }
    )


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def ballot(request, pk: int) -> HttpResponse:
    """The member agency's ballot: while the vote is open and the agency present, a choice on every proposal,
    sent once. Afterwards only "the agency has voted": the choices are not shown back."""
    meeting, agency = get_ballot_for_user(request.user, pk)
    session = VotingSession.objects.filter(meeting=meeting).first()
    url = reverse("meetings:ballot", kwargs={"pk": meeting.pk})
    voted = session is not None and Voter.objects.filter(session=session, agency=agency).exists()
    refusal = None
    if session is None or not session.is_open:
        refusal = _("Hội nghị chưa mở bỏ phiếu trực tuyến.") if session is None else _("Bỏ phiếu đã đóng.")
    elif not voted:
        refusal = VotingBody.of(meeting).ballot_error(agency)
    proposals = list(session.proposals.select_related("nominee", "award_type").order_by("position", "pk")) if (
        session is not None and not voted and refusal is None
    ) else []  # fmt: skip
    form = OnlineBallotForm(request.POST if request.method == "POST" else None, proposals=proposals)
    if request.method == "POST":
        if voted or refusal:
            messages.error(request, refusal or _("Đơn vị đã bỏ phiếu; phiếu đã gửi không sửa được."))
            return redirect(url)
        if form.is_valid():
            try:
                online_ballot_cast(session=session, agency=agency, votes=form.votes(), by=request.user)
            except ValidationError as error:
                if getattr(error, "code", None) not in ("duplicate", "closed"):
                    form.add_error(None, error)
                else:
                    _refused(request, error)
                    return redirect(url)
            else:
                messages.success(request, _("Đơn vị đã bỏ phiếu. Cảm ơn!"))
                return redirect(url)
    context = {
        "bloc": meeting.bloc,
        "meeting": meeting,
        "agency": agency,
        "session": session,
        "voted": voted,
        "refusal": refusal,
        "form": form,
    }
    return render(request, "meetings/ballot_form.html", context)
