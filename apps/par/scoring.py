"""The PAR scoring engine: declared scoring methods (data, validated by a schema) and pure functions.

A criterion's method is stored as JSON and parsed into one of the pydantic models below; no
expression is ever evaluated. Every function here is pure: same inputs, same points.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class Node:
    """A criterion node as the engine sees it."""

    id: int
    parent_id: int | None
    max_points: Decimal
    kind: str = "normal"  # "normal", "bonus" or "penalty" (areas of bonus and penalty points)


@dataclass
class Totals:
    """Points per node for one unit, and the applicable maxima."""

    points: dict[int, Decimal] = field(default_factory=dict)
    maxima: dict[int, Decimal] = field(default_factory=dict)

    def index(self, node_id: int) -> Decimal | None:
        maximum = self.maxima.get(node_id, ZERO)
        if maximum <= 0:
            return None
        return quantize(self.points.get(node_id, ZERO) / maximum * 100)


def roll_up(nodes: Iterable[Node], leaf_points: Mapping[int, Decimal], excluded: Iterable[int] = ()) -> Totals:
    """Sum leaves into their parents, each parent capped at its maximum.

    Excluded (not-applicable) nodes count neither their points nor their maximum; a parent's
    applicable maximum is its own maximum scaled down by the share of its children's maximum
    that is excluded, so a unit is measured over what applies to it.
    """
    nodes = list(nodes)
    excluded_ids = set(excluded)
    children: dict[int | None, list[Node]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    totals = Totals()

    def visit(node: Node) -> tuple[Decimal, Decimal]:
        if node.id in excluded_ids:
            return ZERO, ZERO
        kids = children.get(node.id, [])
        if not kids:
            points = clamp(leaf_points.get(node.id, ZERO), node.max_points)
            maximum = node.max_points
        else:
            results = [visit(kid) for kid in kids]
            declared = sum((kid.max_points for kid in kids), ZERO)
            applicable = sum((m for _p, m in results), ZERO)
            maximum = (
                node.max_points if declared <= 0 else min(node.max_points, node.max_points * applicable / declared)
            )
            points = min(sum((p for p, _m in results), ZERO), maximum)
        totals.points[node.id] = quantize(points)
        totals.maxima[node.id] = quantize(maximum)
        return points, maximum

    for root in children.get(None, []):
        visit(root)
    return totals
