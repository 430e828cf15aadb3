"""Who may read and change a pledge: whoever may read its bloc reads it; those who enter the records of the
pledge's year (the bloc's secretaries, board staff) change it (``blocs.access``)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from blocs.access import Capabilities, visible_blocs
from members.models import User

from .models import Pledge


def get_pledge_for_user(user: User, pk: int, *, edit: bool = False) -> Pledge:
    """The pledge if the user may read its bloc (and, with ``edit``, change that year's records), else 404."""
    pledge = get_object_or_404(Pledge.objects.select_related("bloc").filter(bloc__in=visible_blocs(user)), pk=pk)
    if edit and not PledgeCapabilities(user, pledge).edit:
        raise Http404
    return pledge


class PledgeCapabilities(Capabilities):
    """What the pledge page offers (``can`` in its template)."""

    def __init__(self, user: User, pledge: Pledge):
        super().__init__(user, pledge.bloc, pledge.year)
        self.pledge = pledge

    @cached_property
    def edit(self) -> bool:
        """The criteria (while no score stands on them), the signatures and the scores."""
        return self.enter_records
