"""What the history shows of a decision: the proposals it awards (see ``history.states``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from history.audit import in_vietnamese
from history.states import State, _name

DECISION_FIELDS = ("number", "signed_on", "issued_by")


@in_vietnamese
def award_label(proposal, names: Mapping[int, str] | None = None) -> str:
    return _("Khen thưởng %(award)s — %(agency)s, năm %(year)s") % {
        "award": proposal.award_type,
        "agency": _name(proposal, names, "nominee"),
        "year": proposal.year,
    }


def decision_awards_state(proposals: Iterable, names: Mapping[int, str] | None = None) -> State:
    """The proposals a decision awards: one line each."""
    return {award_label(p, names): True for p in proposals}
