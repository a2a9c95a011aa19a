"""The stage of an assessment's figures (apps.par.engine.workflow), and the points a leaf counts for at each."""

from decimal import Decimal

import pytest

from apps.par.engine import Stage, stage_of, stage_points

D = Decimal


@pytest.mark.parametrize(
    ("status", "second_round_held", "stage"),
    [
        ("draft", False, Stage.SELF),
        ("submitted", False, Stage.SELF),  # a first round under way does not count yet
        ("explanation_requested", False, Stage.ROUND1),
        ("explained", False, Stage.ROUND1),  # nor a second round under way
        ("appraised", False, Stage.ROUND1),  # concluded after round 1: nothing to explain
        ("appraised", True, Stage.ROUND2),
        ("finalised", True, Stage.FINAL),
        ("finalised", False, Stage.FINAL),
    ],
)
def test_it_names_the_stage_of_each_state(status: str, second_round_held: bool, stage: str) -> None:
    assert stage_of(status, second_round_held=second_round_held) == stage


def test_it_counts_the_latest_concluded_round_else_the_units_score() -> None:
    own, round1, round2 = D("3"), D("2"), D("2.5")
    assert stage_points(Stage.SELF, own, round1, round2) == own
    assert stage_points(Stage.ROUND1, own, round1, round2) == round1
    assert stage_points(Stage.ROUND1, own, None, round2) == own
    assert stage_points(Stage.ROUND2, own, round1, round2) == round2
    assert stage_points(Stage.ROUND2, own, round1, None) == round1  # not questioned: round 1 stands
    assert stage_points(Stage.FINAL, None, None, None) is None
