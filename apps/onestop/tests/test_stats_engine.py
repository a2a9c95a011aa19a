"""The statistics' figures (pure): shares between 0 and 1, None without a denominator, sums add up."""

from dataclasses import fields
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from apps.onestop.engine import stats as figures
from apps.onestop.engine.stats import COLUMNS, Counts

small = st.integers(min_value=0, max_value=10_000)
counts = st.builds(Counts, **dict.fromkeys(COLUMNS, small))


def test_it_knows_every_rollup_column() -> None:
    from apps.onestop.models import DossierRollup

    stored = {f.name for f in DossierRollup._meta.get_fields()} - {"id", "unit", "procedure", "day"}
    assert set(COLUMNS) == stored == {f.name for f in fields(Counts)}


def test_it_computes_the_on_time_share_of_resolved_dossiers() -> None:
    c = Counts(resolved_early=3, resolved_on_time=5, resolved_late=2, resolution_days=40)
    assert figures.on_time_share(c) == Decimal("0.8")
    assert figures.late_share(c) == Decimal("0.2")
    assert figures.average_days(c) == Decimal(4)
    assert figures.on_time_share(Counts(received=4)) is None


@given(counts)
def test_it_keeps_every_share_between_zero_and_one(c: Counts) -> None:
    for share in (figures.on_time_share, figures.late_share):
        value = share(c)
        assert (value is None) == (figures.resolved(c) == 0)
        assert value is None or Decimal(0) <= value <= 1
    if figures.resolved(c):
        assert figures.on_time_share(c) + figures.late_share(c) == 1  # type: ignore[operator]
    for share, part in (
        (figures.online_share, c.received_online),
        (figures.postal_share, c.received_postal),
        (figures.paid_online_share, c.paid_online),
        (figures.digitised_share, c.digitised),
        (figures.synced_share, c.synced),
        (figures.result_electronic_share, c.result_electronic),
    ):
        value = share(c)
        if c.received == 0:
            assert value is None
        else:
            assert value == Decimal(part) / c.received


@given(counts, counts)
def test_it_adds_counts_column_by_column(a: Counts, b: Counts) -> None:
    total = a + b
    assert figures.resolved(total) == figures.resolved(a) + figures.resolved(b)
    assert figures.in_time(total) == figures.in_time(a) + figures.in_time(b)
    assert Counts.of({name: getattr(total, name) for name in COLUMNS}) == total
    assert Counts.of({"received": None}) == Counts()
