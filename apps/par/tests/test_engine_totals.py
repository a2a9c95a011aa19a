"""The pure engine: an assessment's totals, input checks, the workflow's rounds."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from apps.par.engine import (
    TRANSITIONS,
    Caps,
    Deduction,
    FixedIfDone,
    Manual,
    Node,
    Proportional,
    RoundReason,
    Tier,
    Tiers,
    appraisal_round,
    assessment_totals,
    competition_ranks,
    input_problem,
    points_for,
    roll_up,
)
from apps.par.engine.methods import VALUE_LIMIT

D = Decimal
points = st.decimals(min_value=D("0"), max_value=D("30"), places=2)
caps = st.decimals(min_value=D("0"), max_value=D("10"), places=2)
NODES = [
    Node(1, None, D("10")),
    Node(11, 1, D("6")),
    Node(12, 1, D("4")),
    Node(2, None, D("5"), "bonus"),
    Node(21, 2, D("5"), "bonus"),
    Node(3, None, D("5"), "penalty"),
    Node(31, 3, D("5"), "penalty"),
]
ROOTS = [n for n in NODES if n.parent_id is None]


@given(a=points, b=points, bonus=points, penalty=points, bonus_cap=caps, penalty_cap=caps, survey=caps)
def test_it_caps_bonus_and_penalty_and_keeps_the_total_within_bounds(
    a: Decimal, b: Decimal, bonus: Decimal, penalty: Decimal, bonus_cap: Decimal, penalty_cap: Decimal, survey: Decimal
) -> None:
    totals = roll_up(NODES, {11: a, 12: b, 21: bonus, 31: penalty})
    summed = assessment_totals(
        ROOTS, totals, Caps(bonus_cap, penalty_cap, survey), survey_index=D("80"), with_survey=True
    )
    assert summed.points <= D("10")
    if bonus_cap > 0:
        assert summed.bonus <= bonus_cap
    if penalty_cap > 0:
        assert summed.penalty <= penalty_cap
    assert summed.total >= 0
    assert summed.total <= summed.maximum + summed.bonus
    assert summed.maximum == D("10") + survey


@given(a=points, b=points, survey=caps)
def test_it_leaves_the_survey_out_only_when_asked(a: Decimal, b: Decimal, survey: Decimal) -> None:
    totals = roll_up(NODES, {11: a, 12: b})
    with_survey = assessment_totals(ROOTS, totals, Caps(survey_points=survey), survey_index=D("50"))
    without = assessment_totals(ROOTS, totals, Caps(survey_points=survey), survey_index=D("50"), with_survey=False)
    assert with_survey.total - without.total == with_survey.survey
    assert with_survey.maximum - without.maximum == survey
    assert not without.with_survey and without.survey == 0


@given(a=points)
def test_it_measures_a_unit_over_what_applies(a: Decimal) -> None:
    totals = roll_up(NODES, {11: a, 12: D("4")}, excluded=[12])
    summed = assessment_totals(ROOTS, totals, Caps())
    assert summed.maximum == D("6.00")
    assert summed.points == min(a, D("6")).quantize(D("0.01"))


def test_it_has_no_index_when_nothing_applies() -> None:
    totals = roll_up(NODES, {}, excluded=[1])
    assert assessment_totals(ROOTS, totals, Caps()).index is None


@given(indices=st.dictionaries(st.integers(1, 50), st.decimals(min_value=D("0"), max_value=D("100"), places=2)))
def test_it_ranks_equal_indices_equally_and_skips_after_ties(indices: dict[int, Decimal]) -> None:
    ranks = competition_ranks(indices)
    for key, rank in ranks.items():
        assert rank == 1 + sum(1 for other in indices.values() if other > indices[key])


methods = st.sampled_from(
    [
        Manual(step=D("0.25")),
        FixedIfDone(),
        Tiers(tiers=(Tier(min_ratio=D("1"), share=D("1")), Tier(min_ratio=D("0.8"), share=D("0.5")))),
        Proportional(full_at=D("0.5")),
        Deduction(per_occurrence=D("0.5")),
    ]
)
inputs = st.decimals(min_value=D("-10"), max_value=D("1e12"), allow_nan=False, allow_infinity=False)


@given(method=methods, value=inputs)
def test_it_accepts_only_inputs_that_fit_the_column(method: object, value: Decimal) -> None:
    if input_problem(method, D("4"), value) is None:
        assert D("0") <= value <= VALUE_LIMIT
        assert -value.as_tuple().exponent <= 4 if isinstance(value.as_tuple().exponent, int) else True
        assert D("0") <= points_for(method, D("4"), value) <= D("4")


@given(value=st.decimals(min_value=D("0"), max_value=D("1"), places=5))
def test_it_gives_done_only_for_zero_or_one(value: Decimal) -> None:
    accepted = input_problem(FixedIfDone(), D("3"), value) is None
    assert accepted == (value in (D("0"), D("1")))


def test_it_opens_the_rounds_the_workflow_allows() -> None:
    assert appraisal_round("submitted").number == 1
    assert appraisal_round("explained").number == 2
    assert appraisal_round("explanation_requested").reason == RoundReason.AWAITING_EXPLANATION
    assert appraisal_round("explanation_requested", explanation_deadline_passed=True).number == 2
    assert appraisal_round("submitted", published=True).number is None
    assert appraisal_round("draft").reason == RoundReason.NOT_AWAITING
    # every state a round opens in can be left by concluding it
    assert "submitted" in TRANSITIONS["conclude_round1"][0]
    assert {"explanation_requested", "explained"} <= TRANSITIONS["conclude_round2"][0]
