"""Scoring methods: declared as data (validated by a schema), turned into points by pure functions.

A criterion's method is stored as JSON and parsed into one of the pydantic models below; no
expression is ever evaluated. Every function here is pure: same inputs, same points.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from itertools import pairwise
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

ZERO = Decimal("0")
ONE = Decimal("1")
HUNDRED = Decimal("100")
POINTS_QUANTUM = Decimal("0.01")


class InputUnit(StrEnum):
    """How a person types a leaf's value. The engine always works on the method's own value (a
    ratio for tiers and proportional); the unit only says how that value is typed and shown."""

    POINTS = "points"  # the points themselves (manual)
    YES_NO = "yes_no"  # done / not done
    PERCENT = "percent"  # 95 for 95 %
    RATIO = "ratio"  # 0.95 for 95 %
    COUNT = "count"  # a whole number of occurrences
    MEASURED = "measured"  # nobody types it: a measured metric
    NONE = "none"  # a parent node: the sum of its children


# The units a rate (tiers, proportional) may be typed in.
RateInput = Literal["percent", "ratio"]


class _Method(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    UNIT: ClassVar[InputUnit] = InputUnit.NONE

    @property
    def input_unit(self) -> InputUnit:
        return self.UNIT


class Manual(_Method):
    """The scorer types the points, within [0, max], in steps of `step`."""

    UNIT: ClassVar[InputUnit] = InputUnit.POINTS
    type: Literal["manual"] = "manual"
    step: Decimal = Field(default=Decimal("0.25"), gt=0)


class FixedIfDone(_Method):
    """Full points if done, else 0 (input: true/false, or 1/0)."""

    UNIT: ClassVar[InputUnit] = InputUnit.YES_NO
    type: Literal["done"] = "done"


class Tier(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    min_ratio: Decimal = Field(ge=0)
    share: Decimal = Field(ge=0, le=1)


class _Rate(_Method):
    """A method scored by a rate. `input` says how the scorer types it: a percentage (95, the
    default, which every method stored before the field existed meant) or a ratio (0.95)."""

    input: RateInput = "percent"

    @property
    def input_unit(self) -> InputUnit:
        return InputUnit(self.input)


class Tiers(_Rate):
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


class Proportional(_Rate):
    """Points proportional to a rate, full points at `full_at` (a ratio, e.g. 0.5 for 50 %)."""

    type: Literal["proportional"] = "proportional"
    full_at: Decimal = Field(gt=0)


class Deduction(_Method):
    """Full points less `per_occurrence` for each occurrence, down to `floor`."""

    UNIT: ClassVar[InputUnit] = InputUnit.COUNT
    type: Literal["deduction"] = "deduction"
    per_occurrence: Decimal = Field(gt=0)
    floor: Decimal = Field(default=ZERO, ge=0)


class FromMetric(_Method):
    """Points computed from a registered metric (a value other modules or the secretariat supply).

    `then` turns the metric value into points: proportional to a rate, tiers, or the value as
    points when omitted (capped at the maximum).
    """

    UNIT: ClassVar[InputUnit] = InputUnit.MEASURED
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
    # A metric's value is never typed, so its `then` has no input unit to store.
    exclude = {"then": {"input"}} if isinstance(method, FromMetric) else None
    return method.model_dump(mode="json", exclude_none=True, exclude=exclude)


def input_unit(method: Any) -> InputUnit:
    """How the scorer types this method's value."""
    return method.input_unit if isinstance(method, _Method) else InputUnit.NONE


def from_input(method: Any, typed: Decimal) -> Decimal:
    """The method's value for what the scorer typed in its unit: 95 (percent) → 0.95."""
    if input_unit(method) == InputUnit.PERCENT:
        return typed / HUNDRED
    return typed


def to_input(method: Any, value: Decimal) -> Decimal:
    """The method's value as the scorer types it: 0.95 → 95 (percent); trailing zeros dropped."""
    if input_unit(method) == InputUnit.PERCENT:
        value = value * HUNDRED
    return value.normalize() if value else ZERO


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


def _number(value: Decimal) -> str:
    """A number as the page shows it (1.234,5 in Vietnamese)."""
    from django.utils.formats import number_format

    return number_format(value.normalize() if value else ZERO, use_l10n=True, force_grouping=True)


def input_problem(method: Any, maximum: Decimal, value: Decimal) -> str | None:
    """Why `value` (the method's own value: a ratio for a rate) is not acceptable for a leaf
    scored by `method`, or None when it is. Messages speak in the method's input unit.

    - manual: points within [0, maximum], a multiple of the step;
    - done: exactly 0 (not done) or 1 (done), nothing in between;
    - tiers / proportional: a ratio within [0, 100] (0 % to 10,000 %), at most 4 decimals
      (two decimals of a percentage);
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
            return _("The score must be between 0 and %(max)s.") % {"max": _number(maximum)}
        if (value / method.step) % 1 != 0:
            return _("The score must be a multiple of %(step)s.") % {"step": _number(method.step)}
        return None
    if isinstance(method, FixedIfDone):
        if value not in (ZERO, ONE):
            return _("Answer 1 (done) or 0 (not done).")
        return None
    if isinstance(method, Tiers | Proportional):
        if value > MAX_RATIO or _places(value) > VALUE_PLACES:
            if method.input_unit == InputUnit.RATIO:
                return _("Enter a ratio between 0 and 100 with at most four decimals (0,95 means 95 %).")
            return _("Enter a percentage between 0 and 10.000 with at most two decimals (95 means 95 %).")
        return None
    if isinstance(method, Deduction):
        if value != value.to_integral_value() or value > MAX_OCCURRENCES:
            return _("Enter a whole number of occurrences between 0 and %(max)s.") % {"max": _number(MAX_OCCURRENCES)}
        return None
    if value > VALUE_LIMIT or _places(value) > VALUE_PLACES:
        return _("The value is out of range.")
    return None


@dataclass(frozen=True)
class InputPreview:
    """What a typed value would give, before it is saved: the points, or why it is refused.
    `looks_like_ratio`: a percentage between 0 and 1 exclusive-ish (0,95 %), most likely a ratio
    typed into a percent field; the page asks whether 95 % was meant.
    `over_hundred`: a rate above 100 % (150 typed as a percentage, 1,5 as a ratio). It is accepted,
    since some rates do exceed 100 %, but its points are capped: the page asks to check it."""

    points: Decimal | None
    problem: str | None = None
    looks_like_ratio: bool = False
    over_hundred: bool = False


def preview(method: Any, maximum: Decimal, typed: Decimal | None) -> InputPreview:
    """The points a value typed in the method's unit would give, checked as a save would check it."""
    if typed is None:
        return InputPreview(points=None)
    value = from_input(method, typed)
    problem = input_problem(method, maximum, value)
    if problem:
        return InputPreview(points=None, problem=problem)
    suspicious = input_unit(method) == InputUnit.PERCENT and ZERO < typed <= ONE
    over_hundred = isinstance(method, _Rate) and value > ONE
    return InputPreview(
        points=points_for(method, maximum, value), looks_like_ratio=suspicious, over_hundred=over_hundred
    )


def points_problem(points: Decimal, maximum: Decimal) -> str | None:
    """Why appraised `points` are not acceptable for a leaf worth `maximum`, or None."""
    from django.utils.translation import gettext as _

    if not points.is_finite() or not ZERO <= points <= maximum:
        return _("The score must be between 0 and %(max)s.") % {"max": _number(maximum)}
    if _places(points) > POINTS_PLACES:
        return _("The score may have at most two decimals.")
    return None
