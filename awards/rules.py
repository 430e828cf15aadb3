"""The vote rules, as pure functions: the services, the web forms and the importer all decide through these."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from core.numbers import percent_text


@dataclass(frozen=True)
class Tally:
    votes_for: int
    against: int = 0
    abstain: int = 0

    @property
    def total(self) -> int:
        return self.votes_for + self.against + self.abstain

    @classmethod
    def from_ballots(cls, votes: Iterable[str]) -> Tally:
        counts = Counter(votes)
        return cls(counts.get("for", 0), counts.get("against", 0), counts.get("abstain", 0))

    def __str__(self) -> str:
        return _("%(for)s đồng ý, %(against)s không đồng ý, %(abstain)s không biểu quyết") % {
            "for": self.votes_for,
            "against": self.against,
            "abstain": self.abstain,
        }


@dataclass(frozen=True)
class Rule:
    basis: str  # "members" or "present"
    ratio: float
    strict: bool = True


def evaluate(*, tally: Tally | None, rule: Rule, members: int, present: int) -> tuple[str, str]:
    """Return (outcome, reason) for a proposal: ``pending`` without votes, else ``passed`` or ``failed``."""
    if tally is None:
        return "pending", _("Chưa biểu quyết.")
    basis = members if rule.basis == "members" else present
    basis_label = _("tổng số thành viên") if rule.basis == "members" else _("số đơn vị có mặt")
    if basis <= 0:
        return "failed", _("Không có đơn vị nào để tính tỷ lệ.")
    share = Fraction(tally.votes_for, basis)
    # The ratio is a float: 0.2 is stored a hair above 1/5 and 2/3 a hair below, so the exact binary value
    # would fail "from 20%" at 2/10 and pass "more than 2/3" at 8/12. Compare with the fraction meant.
    threshold = Fraction(rule.ratio).limit_denominator(1_000_000)
    passed = share > threshold if rule.strict else share >= threshold
    requirement = (_("trên %(ratio)s") if rule.strict else _("từ %(ratio)s trở lên")) % {
        "ratio": percent_text(rule.ratio)
    }
    facts = _("%(for)s/%(basis)s %(label)s đồng ý (%(share)s), yêu cầu %(requirement)s") % {
        "for": tally.votes_for,
        "basis": basis,
        "label": basis_label,
        "share": percent_text(share),
        "requirement": requirement,
    }
    if passed:
        return "passed", _("Đạt: %(facts)s.") % {"facts": facts}
    return "failed", _("Không đạt: %(facts)s.") % {"facts": facts}


def tally_error(tally: Tally, voters: int) -> str | None:
    """A tally may not count more votes than there are agencies entitled to vote."""
    if tally.total > voters:
        return _("Tổng số phiếu (%(total)s) vượt quá số đơn vị được biểu quyết (%(voters)s).") % {
            "total": tally.total,
            "voters": voters,
        }
    return None


def tally_mismatch_error(tally: Tally, ballots: Tally) -> str | None:
    """A proposal given both a tally and ballots must count the same."""
    if tally != ballots:
        return _("Số phiếu tổng hợp (%(tally)s) không khớp với phiếu của từng đơn vị (%(ballots)s).") % {
            "tally": tally,
            "ballots": ballots,
        }
    return None


def quota_error(*, award_name: str, quota: int | None, passed: int, year: int) -> str | None:
    """Passed proposals of one award may not exceed the bloc's yearly quota."""
    if quota is not None and passed > quota:
        return _(
            "Vượt chỉ tiêu: %(passed)s đề nghị %(award)s đạt trong năm %(year)s, chỉ tiêu của khối là %(quota)s."
        ) % {"passed": passed, "award": award_name, "year": year, "quota": quota}
    return None
