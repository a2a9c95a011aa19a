"""Metrics: numbers per unit over a date window that one module computes and another consumes by key.

The module that computes a value registers it through its `hooks.py`:

    hooks.register(hooks.METRICS, Metric(
        key="onestop.on_time_rate", label=_("Dossiers resolved on time"), unit=MetricUnit.RATIO,
        source=_("One-stop system"), compute=on_time_rate))

`compute(window, unit_ids)` returns {unit id: Decimal} for the units it has a value for (or None
when it has nothing for the window). A consumer (PAR scoring) asks `compute(key, window, unit_ids)`
and never imports the producer. Values no installed module computes are declared as data by the
consumer and entered by people; when a module later registers the same key, computed values win.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from apps.core import hooks
from apps.core.hooks import Label


class MetricUnit(StrEnum):
    RATIO = "ratio"  # 0.85 = 85 %
    PERCENT = "percent"  # 85 = 85 %
    COUNT = "count"
    POINTS = "points"


@dataclass(frozen=True)
class DateWindow:
    """An inclusive date range: [start, end]."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a window ends on or after its start")

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


Compute = Callable[[DateWindow, list[int]], dict[int, Decimal] | None]


@dataclass(frozen=True)
class Metric:
    key: str
    label: Label
    unit: str = MetricUnit.RATIO
    source: Label = ""
    compute: Compute | None = None


def get(key: str) -> Metric | None:
    """The metric a module computes under `key`, or None when no installed module does."""
    metric = hooks.get_one(hooks.METRICS, key)
    return metric if isinstance(metric, Metric) else None


def all_metrics() -> list[Metric]:
    return sorted(hooks.get(hooks.METRICS), key=lambda metric: metric.key)


def compute(key: str, window: DateWindow, unit_ids: list[int]) -> dict[int, Decimal] | None:
    """Computed values for `unit_ids` over `window`; None when no module computes `key`."""
    metric = get(key)
    if metric is None or metric.compute is None:
        return None
    values = metric.compute(window, list(unit_ids))
    if values is None:
        return None
    wanted = set(unit_ids)
    return {unit_id: Decimal(value) for unit_id, value in values.items() if unit_id in wanted}
