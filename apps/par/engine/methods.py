"""Scoring methods: declared as data (validated by a schema), turned into points by pure functions.

A criterion's method is stored as JSON and parsed into one of the pydantic models below; no
expression is ever evaluated. Every function here is pure: same inputs, same points.
"""

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

ZERO = Decimal("0")
ONE = Decimal("1")
POINTS_QUANTUM = Decimal("0.01")


class _Method(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Manual(_Method):
    """The scorer types the points, within [0, max], in steps of `step`."""

    type: Literal["manual"] = "manual"
    step: Decimal = Field(default=Decimal("0.25"), gt=0)


class FixedIfDone(_Method):
    """Full points if done, else 0 (input: true/false, or 1/0)."""

    type: Literal["done"] = "done"


class Tier(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    min_ratio: Decimal = Field(ge=0)
    share: Decimal = Field(ge=0, le=1)


class Tiers(_Method):
    """A share of the maximum by a ratio: the highest tier whose `min_ratio` the ratio reaches.

    Example: 100 % of tasks on time → full points; 80 % to under 100 % → half; below → 0.
    """

    type: Literal["tiers"] = "tiers"
    tiers: tuple[Tier, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _monotonic(self) -> "Tiers":
        ordered = sorted(self.tiers, key=lambda t: t.min_ratio)
        if len({t.min_ratio for t in ordered}) != len(ordered):
            raise ValueError("tier thresholds must differ")
        if any(a.share > b.share for a, b in pairwise(ordered)):
            raise ValueError("a higher tier may not give fewer points")
        return self


class Proportional(_Method):
    """Points proportional to a rate, full points at `full_at` (a ratio, e.g. 0.5 for 50 %)."""

    type: Literal["proportional"] = "proportional"
    full_at: Decimal = Field(gt=0)


class Deduction(_Method):
    """Full points less `per_occurrence` for each occurrence, down to `floor`."""

    type: Literal["deduction"] = "deduction"
    per_occurrence: Decimal = Field(gt=0)
    floor: Decimal = Field(default=ZERO, ge=0)


class FromMetric(_Method):
    """Points computed from a registered metric (a value other modules or the secretariat supply).

    `then` turns the metric value into points: proportional to a rate, tiers, or the value as
    points when omitted (capped at the maximum).
    """

    type: Literal["metric"] = "metric"
    metric: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9_.]+$")
    then: Tiers | Proportional | None = None


class SumOfChildren(_Method):
    """A parent node: the sum of its children, capped at its own maximum."""

    type: Literal["sum"] = "sum"


Method = Annotated[
    Manual | FixedIfDone | Tiers | Proportional | Deduction | FromMetric | SumOfChildren,
    Field(discriminator="type"),
]
_METHOD_ADAPTER: TypeAdapter[Any] = TypeAdapter(Method)

LEAF_METHOD_TYPES = ("manual", "done", "tiers", "proportional", "deduction", "metric")


def parse_method(data: Mapping[str, Any] | None) -> Any:
    """Validate stored method JSON; raises pydantic.ValidationError on anything malformed."""
    return _METHOD_ADAPTER.validate_python(dict(data or {"type": "manual"}))


def method_to_json(method: Any) -> dict[str, Any]:
    return method.model_dump(mode="json", exclude_none=True)


def quantize(points: Decimal) -> Decimal:
    return points.quantize(POINTS_QUANTUM, rounding=ROUND_HALF_UP)


def clamp(points: Decimal, maximum: Decimal) -> Decimal:
    return min(max(points, ZERO), maximum)


def _to_decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        return ONE if value else ZERO
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def _tier_share(tiers: Tiers, ratio: Decimal) -> Decimal:
    reached = [t for t in tiers.tiers if ratio >= t.min_ratio]
    return max((t.share for t in reached), default=ZERO)


def points_for(method: Any, maximum: Decimal, value: Any) -> Decimal:
    """Points a leaf earns for an input value. Always within [0, maximum].

    - manual: the value is the points (rounded down to the step);
    - done: truthy → maximum;
    - tiers / proportional: the value is a ratio (0.85 for 85 %);
    - deduction: the value is the number of occurrences;
    - metric: the value is the metric's value, transformed by `then`.
    """
    if value is None or value == "":
        return ZERO
    number = _to_decimal(value)
    if isinstance(method, Manual):
        steps = (clamp(number, maximum) / method.step).to_integral_value(rounding="ROUND_FLOOR")
        points = steps * method.step
    elif isinstance(method, FixedIfDone):
        points = maximum if number > 0 else ZERO
    elif isinstance(method, Tiers):
        points = maximum * _tier_share(method, number)
    elif isinstance(method, Proportional):
        points = maximum * min(ONE, max(number, ZERO) / method.full_at)
    elif isinstance(method, Deduction):
        occurrences = max(number, ZERO).to_integral_value(rounding="ROUND_FLOOR")
        points = max(method.floor, maximum - occurrences * method.per_occurrence)
    elif isinstance(method, FromMetric):
        points = number if method.then is None else points_for(method.then, maximum, number)
    else:
        raise ValueError(f"{type(method).__name__} does not score a leaf")
    return quantize(clamp(points, maximum))


# --- What a scorer may enter ---------------------------------------------------------------------

# The score columns: values hold 12 digits with 4 decimals, points 7 digits with 2 decimals.
VALUE_PLACES = 4
VALUE_LIMIT = Decimal("99999999.9999")
POINTS_PLACES = 2
POINTS_LIMIT = Decimal("99999.99")
MAX_RATIO = Decimal("100")  # 10,000 %: far beyond any share, well inside the column
MAX_OCCURRENCES = Decimal("100000")


def _places(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def input_problem(method: Any, maximum: Decimal, value: Decimal) -> str | None:
    """Why `value` is not an acceptable input for a leaf scored by `method`, or None when it is.

    - manual: points within [0, maximum], a multiple of the step;
    - done: exactly 0 (not done) or 1 (done), nothing in between;
    - tiers / proportional: a ratio within [0, 100] (0 % to 10,000 %), at most 4 decimals;
    - deduction: a whole number of occurrences, 0 to 100,000.
    Every value must fit the score column (12 digits, 4 of them decimals).
    """
    from django.utils.translation import gettext as _

    if not value.is_finite():
        return _("The value must be a number.")
    if value < 0:
        return _("The value may not be negative.")
    if isinstance(method, Manual):
        if value > maximum:
            return _("The score must be between 0 and %(max)s.") % {"max": maximum}
        if (value / method.step) % 1 != 0:
            return _("The score must be a multiple of %(step)s.") % {"step": method.step}
        return None
    if isinstance(method, FixedIfDone):
        if value not in (ZERO, ONE):
            return _("Answer 1 (done) or 0 (not done).")
        return None
    if isinstance(method, Tiers | Proportional):
        if value > MAX_RATIO or _places(value) > VALUE_PLACES:
            return _("Enter a percentage between 0 and 10,000 with at most two decimals.")
        return None
    if isinstance(method, Deduction):
        if value != value.to_integral_value() or value > MAX_OCCURRENCES:
            return _("Enter a whole number of occurrences between 0 and %(max)s.") % {"max": MAX_OCCURRENCES}
        return None
    if value > VALUE_LIMIT or _places(value) > VALUE_PLACES:
        return _("The value is out of range.")
    return None


def points_problem(points: Decimal, maximum: Decimal) -> str | None:
    """Why appraised `points` are not acceptable for a leaf worth `maximum`, or None."""
    from django.utils.translation import gettext as _

    if not points.is_finite() or not ZERO <= points <= maximum:
        return _("The score must be between 0 and %(max)s.") % {"max": maximum}
    if _places(points) > POINTS_PLACES:
        return _("The score may have at most two decimals.")
    return None
