"""The vote rules as pure functions: no database, no services."""

import pytest

from awards.rules import Rule, Tally, evaluate, quota_error, tally_error, tally_mismatch_error

MAJORITY_OF_MEMBERS = Rule(basis="members", ratio=0.5, strict=True)
MAJORITY_OF_PRESENT = Rule(basis="present", ratio=0.5, strict=True)


def test_no_tally_leaves_the_proposal_pending():
    assert evaluate(tally=None, rule=MAJORITY_OF_MEMBERS, members=11, present=9) == ("pending", "Chưa biểu quyết.")


def test_members_basis_counts_every_member_not_only_those_present():
    outcome, reason = evaluate(tally=Tally(5), rule=MAJORITY_OF_MEMBERS, members=11, present=9)

    assert outcome == "failed"
    assert reason.startswith("Không đạt: 5/11 tổng số thành viên đồng ý")


def test_present_basis_counts_only_the_agencies_present():
    outcome, reason = evaluate(tally=Tally(5), rule=MAJORITY_OF_PRESENT, members=11, present=9)

    assert outcome == "passed"
    assert reason.startswith("Đạt: 5/9 số đơn vị có mặt đồng ý")


def test_more_than_half_of_members_passes():
    outcome, reason = evaluate(tally=Tally(6, 5), rule=MAJORITY_OF_MEMBERS, members=11, present=11)

    assert outcome == "passed"
    assert "yêu cầu trên 50%" in reason


def test_strict_rule_fails_at_exactly_the_threshold():
    outcome, _ = evaluate(tally=Tally(6, 6), rule=MAJORITY_OF_MEMBERS, members=12, present=12)

    assert outcome == "failed"


def test_non_strict_rule_passes_at_exactly_the_threshold():
    outcome, reason = evaluate(
        tally=Tally(6, 6), rule=Rule(basis="members", ratio=0.5, strict=False), members=12, present=12
    )

    assert outcome == "passed"
    assert "yêu cầu từ 50% trở lên" in reason


def test_non_strict_rule_fails_one_vote_below_the_threshold():
    outcome, _ = evaluate(
        tally=Tally(5, 7), rule=Rule(basis="members", ratio=0.5, strict=False), members=12, present=12
    )

    assert outcome == "failed"


@pytest.mark.parametrize(
    ("strict", "votes_for", "expected"),
    [
        (True, 8, "failed"),  # 8/12 is exactly two thirds: not "more than"
        (True, 9, "passed"),
        (False, 8, "passed"),  # "at least two thirds"
        (False, 7, "failed"),
    ],
)
def test_two_thirds_rule_at_and_around_exactly_two_thirds(strict, votes_for, expected):
    rule = Rule(basis="members", ratio=2 / 3, strict=strict)

    outcome, _ = evaluate(tally=Tally(votes_for), rule=rule, members=12, present=12)

    assert outcome == expected


@pytest.mark.parametrize(
    ("ratio", "votes_for", "basis"),
    [(0.2, 2, 10), (0.51, 51, 100), (0.6, 3, 5), (0.6667, 6667, 10000)],
)
def test_decimal_ratio_is_reached_by_exactly_that_share(ratio, votes_for, basis):
    """A ratio typed as a decimal (0,2 = 20%) is met by exactly that share, whatever its binary float."""
    outcome, _ = evaluate(
        tally=Tally(votes_for), rule=Rule(basis="members", ratio=ratio, strict=False), members=basis, present=basis
    )

    assert outcome == "passed"


@pytest.mark.parametrize(("ratio", "votes_for", "basis"), [(0.2, 2, 10), (0.51, 51, 100), (0.6, 3, 5)])
def test_strict_decimal_ratio_is_not_passed_by_exactly_that_share(ratio, votes_for, basis):
    outcome, _ = evaluate(
        tally=Tally(votes_for), rule=Rule(basis="members", ratio=ratio, strict=True), members=basis, present=basis
    )

    assert outcome == "failed"


def test_zero_present_fails_with_a_reason_instead_of_dividing_by_zero():
    outcome, reason = evaluate(tally=Tally(0), rule=MAJORITY_OF_PRESENT, members=11, present=0)

    assert outcome == "failed"
    assert reason == "Không có đơn vị nào để tính tỷ lệ."


def test_zero_members_fails_with_a_reason():
    outcome, reason = evaluate(tally=Tally(0), rule=MAJORITY_OF_MEMBERS, members=0, present=0)

    assert (outcome, reason) == ("failed", "Không có đơn vị nào để tính tỷ lệ.")


def test_tally_from_ballots_counts_each_kind_of_vote():
    tally = Tally.from_ballots(["for", "for", "against", "abstain", "for"])

    assert tally == Tally(3, 1, 1)
    assert tally.total == 5


def test_tally_with_more_votes_than_voters_is_an_error():
    message = tally_error(Tally(6, 4, 1), voters=10)

    assert message == "Tổng số phiếu (11) vượt quá số đơn vị được biểu quyết (10)."


def test_tally_with_as_many_votes_as_voters_is_fine():
    assert tally_error(Tally(6, 4, 1), voters=11) is None


def test_tally_with_fewer_votes_than_voters_is_fine():
    assert tally_error(Tally(6), voters=11) is None


def test_tally_differing_from_the_ballots_is_an_error():
    message = tally_mismatch_error(Tally(7, 2), Tally(6, 3))

    assert message is not None
    assert message.startswith("Số phiếu tổng hợp (7 đồng ý, 2 không đồng ý, 0 không biểu quyết) không khớp")
    assert "(6 đồng ý, 3 không đồng ý, 0 không biểu quyết)" in message


def test_tally_matching_the_ballots_is_fine():
    assert tally_mismatch_error(Tally(6, 3), Tally.from_ballots(["for"] * 6 + ["against"] * 3)) is None


def test_passed_proposals_over_the_quota_are_an_error():
    message = quota_error(award_name="Cờ thi đua của Chính phủ", quota=1, passed=2, year=2017)

    assert message == ("Vượt chỉ tiêu: 2 đề nghị Cờ thi đua của Chính phủ đạt trong năm 2017, chỉ tiêu của khối là 1.")


def test_passed_proposals_up_to_the_quota_are_fine():
    assert quota_error(award_name="Cờ thi đua của UBND tỉnh", quota=2, passed=2, year=2017) is None


def test_no_quota_means_no_cap():
    assert quota_error(award_name="Bằng khen", quota=None, passed=40, year=2017) is None


def test_quota_of_zero_refuses_any_passed_proposal():
    assert quota_error(award_name="Cờ thi đua của Chính phủ", quota=0, passed=1, year=2017) is not None
