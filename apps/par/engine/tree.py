"""The criteria tree: leaves roll up into their parents, each capped, not-applicable nodes left out."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from apps.par.engine.methods import ZERO, clamp, quantize


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
