"""The one-stop metrics (apps.core.metrics), computed from the rollups for any window and resolving
units; registered in hooks.py. A unit with no dossier to measure has no value (not 0 %)."""

from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from apps.core.metrics import DateWindow, Metric, MetricUnit
from apps.onestop.engine import stats as figures
from apps.onestop.engine.stats import Counts

SOURCE = _("One-stop system")


def _from_counts(
    figure: Callable[[Counts], Decimal | int | None],
) -> Callable[[DateWindow, list[int]], dict[int, Decimal]]:
    def compute(window: DateWindow, unit_ids: list[int]) -> dict[int, Decimal]:
        from apps.onestop.selectors.stats import by_unit  # selectors load models: keep start-up light

        values: dict[int, Decimal] = {}
        for unit_id, counts in by_unit(window, unit_ids).items():
            value = figure(counts)
            if value is not None:
                values[unit_id] = Decimal(value)
        return values

    return compute


def _count(name: str) -> Callable[[Counts], int | None]:
    def figure(counts: Counts) -> int | None:
        return getattr(counts, name) if counts.received or figures.resolved(counts) else None

    return figure


METRICS = [
    Metric(
        "onestop.on_time_rate",
        _("Dossiers resolved early or on time"),
        MetricUnit.RATIO,
        SOURCE,
        _from_counts(figures.on_time_share),
    ),
    Metric(
        "onestop.online_rate", _("Dossiers filed online"), MetricUnit.RATIO, SOURCE, _from_counts(figures.online_share)
    ),
    Metric(
        "onestop.postal_rate",
        _("Dossiers through the postal service"),
        MetricUnit.RATIO,
        SOURCE,
        _from_counts(figures.postal_share),
    ),
    Metric(
        "onestop.apology_count",
        _("Apologies for late dossiers"),
        MetricUnit.COUNT,
        SOURCE,
        _from_counts(_count("apologies")),
    ),
    Metric(
        "onestop.supplement_twice_count",
        _("Dossiers asked for supplements more than once"),
        MetricUnit.COUNT,
        SOURCE,
        _from_counts(_count("supplement_twice")),
    ),
    Metric(
        "onestop.average_days",
        _("Average resolution time (working days)"),
        MetricUnit.COUNT,
        SOURCE,
        _from_counts(figures.average_days),
    ),
    Metric(
        "onestop.paid_online_rate",
        _("Dossiers with fees paid online"),
        MetricUnit.RATIO,
        SOURCE,
        _from_counts(figures.paid_online_share),
    ),
    Metric(
        "onestop.digitised_rate",
        _("Dossiers digitised"),
        MetricUnit.RATIO,
        SOURCE,
        _from_counts(figures.digitised_share),
    ),
    Metric(
        "onestop.synced_rate",
        _("Dossiers synchronised to the national portal"),
        MetricUnit.RATIO,
        SOURCE,
        _from_counts(figures.synced_share),
    ),
    Metric(
        "onestop.result_electronic_rate",
        _("Dossiers with an electronic result"),
        MetricUnit.RATIO,
        SOURCE,
        _from_counts(figures.result_electronic_share),
    ),
]
