"""The province's eligibility data: its rules (awards.models.AwardPolicy), holds on agencies, women's shares."""

from __future__ import annotations

from django.http import Http404


def award_policy(request):  # filled in by issue 19's eligibility work
    raise Http404


def hold_list(request):
    raise Http404


def hold_delete(request, pk: int):
    raise Http404


def women_shares(request):
    raise Http404
