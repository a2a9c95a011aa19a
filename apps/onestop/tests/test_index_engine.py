"""The service index engine: points by formula kind, a unit's total, the ranking with ties."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from apps.onestop.engine.index import FormulaKind, indicator_points, mean, rank, total

D = Decimal
rates = st.decimals(min_value=D(0), max_value=D(1), places=4)
maxima = st.decimals(min_value=D(0), max_value=D(30), places=2)
thresholds = st.decimals(min_value=D("0.01"), max_value=D(1), places=2)


def test_it_gives_full_points_at_the_threshold_and_in_proportion_below() -> None:
    assert indicator_points(FormulaKind.PROPORTIONAL, D("0.8"), D(4), D("0.8")) == D("4.00")
    assert indicator_points(FormulaKind.PROPORTIONAL, D("0.95"), D(4), D("0.8")) == D("4.00")
    assert indicator_points(FormulaKind.PROPORTIONAL, D("0.4"), D(4), D("0.8")) == D("2.00")
    assert indicator_points(FormulaKind.PROPORTIONAL, D("0.25"), D(4), D("0.5")) == D("2.00")


def test_it_is_plain_proportional_without_a_threshold() -> None:
    assert indicator_points(FormulaKind.PROPORTIONAL, D("0.85"), D(20), None) == D("17.00")
    assert indicator_points(FormulaKind.PROPORTIONAL, D("0.333"), D(6), None) == D("2.00")


def test_it_scores_the_inverse_kind_from_zero_down() -> None:
    assert indicator_points(FormulaKind.INVERSE, D(0), D(6), None) == D("6.00")
    assert indicator_points(FormulaKind.INVERSE, D("0.25"), D(6), None) == D("4.50")
    assert indicator_points(FormulaKind.INVERSE, D("0.1"), D(6), D("0.2")) == D("3.00")
    assert indicator_points(FormulaKind.INVERSE, D("0.3"), D(6), D("0.2")) == D("0.00")


def test_it_gives_no_points_to_a_tracked_indicator_or_a_missing_rate() -> None:
    assert indicator_points(FormulaKind.TRACKED, D("7.5"), D(0), None) == 0
    assert indicator_points(FormulaKind.PROPORTIONAL, None, D(6), None) == 0


def test_it_ranks_ties_together_and_skips_the_next_places() -> None:
    ranks = rank({"a": D("80"), "b": D("92.5"), "c": D("80"), "d": D("70"), "e": None})
    assert ranks == {"b": 1, "a": 2, "c": 2, "d": 4}


def test_it_averages_months_and_has_no_mean_of_nothing() -> None:
    assert mean([D("80"), D("85"), D("90.01")]) == D("85.00")
    assert mean([]) is None


@given(kind=st.sampled_from([FormulaKind.PROPORTIONAL, FormulaKind.INVERSE]), rate=rates, top=maxima, at=thresholds)
def test_it_keeps_points_between_zero_and_the_maximum(kind: str, rate: Decimal, top: Decimal, at: Decimal) -> None:
    points = indicator_points(kind, rate, top, at)
    assert D(0) <= points <= top
    assert points == points.quantize(D("0.01"))


@given(low=rates, high=rates, top=maxima, at=thresholds)
def test_it_never_gives_fewer_points_to_a_higher_rate(low: Decimal, high: Decimal, top: Decimal, at: Decimal) -> None:
    low, high = min(low, high), max(low, high)
    assert indicator_points(FormulaKind.PROPORTIONAL, low, top, at) <= indicator_points(
        FormulaKind.PROPORTIONAL, high, top, at
    )
    assert indicator_points(FormulaKind.INVERSE, low, top, at) >= indicator_points(FormulaKind.INVERSE, high, top, at)


@given(rate=rates, top=maxima, at=thresholds)
def test_it_gives_full_points_from_the_threshold_on(rate: Decimal, top: Decimal, at: Decimal) -> None:
    points = indicator_points(FormulaKind.PROPORTIONAL, rate, top, at)
    if rate >= at:
        assert points == top.quantize(D("0.01"))
    else:
        assert abs(points - rate * top / at) <= D("0.005")


@given(st.lists(st.decimals(min_value=D(0), max_value=D(100), places=2), max_size=30))
def test_it_ranks_every_unit_from_1_in_the_order_of_their_totals(values: list[Decimal]) -> None:
    totals = dict(enumerate(values))
    ranks = rank(totals)
    assert set(ranks) == set(totals)
    for a in totals:
        for b in totals:
            if totals[a] > totals[b]:
                assert ranks[a] < ranks[b]
            if totals[a] == totals[b]:
                assert ranks[a] == ranks[b]
        assert ranks[a] == 1 + sum(1 for v in values if v > totals[a])
    assert total(values) == sum(values, D(0))
