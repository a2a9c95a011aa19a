"""The real-time service index (Decision 766/QĐ-TTg), pure: an indicator's points from its rate, a
unit's total, the ranking. Maxima, thresholds and formula kinds are data (IndexIndicator rows).

- proportional: full points when the rate reaches the threshold X, else rate × max ÷ X (plain
  proportional is X = 1);
- inverse: full points at a rate of 0, nothing from X on, linear in between (X = 1 when none);
- tracked: shown, never scored (the average resolution time).
"""

from collections.abc import Hashable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

ZERO = Decimal(0)
ONE = Decimal(1)
POINTS_QUANTUM = Decimal("0.01")

K = TypeVar("K", bound=Hashable)


class FormulaKind(models.TextChoices):
    PROPORTIONAL = "proportional", _("Proportional, full points at a threshold")
    INVERSE = "inverse", _("Full points when the rate is zero, less as it grows")
    TRACKED = "tracked", _("Tracked, no points")


def round_points(value: Decimal) -> Decimal:
    return value.quantize(POINTS_QUANTUM, rounding=ROUND_HALF_UP)


def threshold_of(full_at: Decimal | None) -> Decimal:
    """The rate that earns full points; none (or a nonsensical one) is 100 %."""
    if full_at is None or full_at <= ZERO or full_at > ONE:
        return ONE
    return full_at


def indicator_points(kind: str, rate: Decimal | None, max_points: Decimal, full_at: Decimal | None = None) -> Decimal:
    """The points an indicator earns for a rate (0.85 = 85 %); no rate earns nothing. Rounded to 0.01."""
    if rate is None or kind == FormulaKind.TRACKED or max_points <= ZERO:
        return ZERO
    rate = min(max(rate, ZERO), ONE)
    threshold = threshold_of(full_at)
    if kind == FormulaKind.INVERSE:
        if rate >= threshold:
            return ZERO
        return round_points(max_points * (ONE - rate / threshold))
    if rate >= threshold:
        return round_points(max_points)
    return round_points(rate * max_points / threshold)


def total(points: Iterable[Decimal]) -> Decimal:
    """A unit's index: the sum of its indicators' (rounded) points."""
    return sum(points, ZERO)


def rank(totals: Mapping[K, Decimal | None]) -> dict[K, int]:
    """Competition ranking, highest first ("1, 2, 2, 4"); units without a total get no rank."""
    scored = sorted((value for value in totals.values() if value is not None), reverse=True)
    first_place: dict[Decimal, int] = {}
    for place, value in enumerate(scored, start=1):
        first_place.setdefault(value, place)
    return {key: first_place[value] for key, value in totals.items() if value is not None}


def mean(values: Iterable[Decimal]) -> Decimal | None:
    """The mean of a unit's monthly totals over a window (None when it has none), to 0.01."""
    items = list(values)
    if not items:
        return None
    return round_points(sum(items, ZERO) / len(items))
