from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from apps.par.engine import (
    Deduction,
    FixedIfDone,
    FromMetric,
    Manual,
    Node,
    Proportional,
    Tier,
    Tiers,
    parse_method,
    points_for,
    roll_up,
)

D = Decimal
maxima = st.decimals(min_value=D("0.25"), max_value=D("20"), places=2)
values = st.one_of(st.decimals(min_value=D("-5"), max_value=D("200"), places=3), st.booleans(), st.none())
methods = st.sampled_from(
    [
        Manual(step=D("0.25")),
        Manual(step=D("0.5")),
        FixedIfDone(),
        Tiers(tiers=(Tier(min_ratio=D("1"), share=D("1")), Tier(min_ratio=D("0.8"), share=D("0.5")))),
        Proportional(full_at=D("0.5")),
        Deduction(per_occurrence=D("0.5")),
        FromMetric(metric="directives.on_time_rate", then=Proportional(full_at=D("1"))),
        FromMetric(metric="survey.points"),
    ]
)


@given(method=methods, maximum=maxima, value=values)
def test_it_always_scores_within_zero_and_the_maximum(method: object, maximum: Decimal, value: object) -> None:
    points = points_for(method, maximum, value)
    assert D(0) <= points <= maximum


tier_sets = st.lists(
    st.tuples(st.decimals(min_value=0, max_value=D("1.2"), places=2), st.decimals(min_value=0, max_value=1, places=2)),
    min_size=1,
    max_size=5,
    unique_by=lambda t: t[0],
).map(lambda pairs: sorted(pairs))


@given(
    pairs=tier_sets,
    a=st.decimals(min_value=0, max_value=D("1.5"), places=3),
    b=st.decimals(min_value=0, max_value=D("1.5"), places=3),
)
def test_it_keeps_tier_methods_monotonic(pairs: list[tuple[Decimal, Decimal]], a: Decimal, b: Decimal) -> None:
    shares = sorted(share for _ratio, share in pairs)
    method = Tiers(tiers=tuple(Tier(min_ratio=r, share=s) for (r, _), s in zip(pairs, shares, strict=True)))
    low, high = sorted([a, b])
    assert points_for(method, D(4), low) <= points_for(method, D(4), high)


def test_it_scores_the_worked_examples() -> None:
    tiers = parse_method(
        {"type": "tiers", "tiers": [{"min_ratio": "1", "share": "1"}, {"min_ratio": "0.8", "share": "0.5"}]}
    )
    assert points_for(tiers, D(2), D("1")) == D("2.00")
    assert points_for(tiers, D(2), D("0.85")) == D("1.00")
    assert points_for(tiers, D(2), D("0.79")) == D("0.00")
    assert points_for(parse_method({"type": "deduction", "per_occurrence": "0.5"}), D(2), 3) == D("0.50")
    assert points_for(parse_method({"type": "deduction", "per_occurrence": "0.5"}), D(2), 9) == D("0.00")
    assert points_for(parse_method({"type": "proportional", "full_at": "0.5"}), D(3), D("0.4")) == D("2.40")
    assert points_for(parse_method({"type": "done"}), D(1.5), True) == D("1.50")
    assert points_for(parse_method({"type": "manual", "step": "0.5"}), D(3), D("2.7")) == D("2.50")


@pytest.mark.parametrize(
    "bad",
    [
        {"type": "eval", "code": "__import__('os')"},
        {"type": "tiers", "tiers": []},
        {"type": "tiers", "tiers": [{"min_ratio": "1", "share": "0.5"}, {"min_ratio": "0.8", "share": "1"}]},
        {"type": "proportional", "full_at": "0"},
        {"type": "manual", "step": "0.25", "extra": 1},
        {"type": "metric", "metric": "DROP TABLE"},
    ],
)
def test_it_refuses_malformed_methods(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        parse_method(bad)


leaf_maxima = st.lists(st.decimals(min_value=D("0.25"), max_value=D("5"), places=2), min_size=1, max_size=6)


@given(kids=leaf_maxima, cap=st.decimals(min_value=D("0.5"), max_value=D("40"), places=2), data=st.data())
def test_it_makes_a_parent_the_capped_sum_of_its_children(
    kids: list[Decimal], cap: Decimal, data: st.DataObject
) -> None:
    nodes = [Node(id=1, parent_id=None, max_points=cap)] + [
        Node(id=10 + i, parent_id=1, max_points=m) for i, m in enumerate(kids)
    ]
    scores = {10 + i: data.draw(st.decimals(min_value=0, max_value=m, places=2)) for i, m in enumerate(kids)}
    totals = roll_up(nodes, scores)
    assert totals.points[1] == min(sum(scores.values()), cap)
    assert D(0) <= totals.points[1] <= totals.maxima[1]


def test_it_takes_the_index_over_the_applicable_maximum() -> None:
    # Area of 10 points: 3 sub-criteria of 4 + 3 + 3. The 3-point one does not apply to this unit.
    nodes = [
        Node(1, None, D(10)),
        Node(2, 1, D(4)),
        Node(3, 1, D(3)),
        Node(4, 1, D(3)),
    ]
    totals = roll_up(nodes, {2: D(4), 3: D("1.5"), 4: D(3)}, excluded=[4])
    assert totals.maxima[1] == D("7.00")
    assert totals.points[1] == D("5.50")
    assert totals.index(1) == D("78.57")  # 5.5 / 7 = 78.571…
