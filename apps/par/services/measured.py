from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.core.audit import audit_record
from apps.core.errors import ConflictError
from apps.org.models import Unit
from apps.par.metrics import get_metric
from apps.par.models import MeasuredValue, PeriodStatus, ScoringPeriod, metric_q
from apps.par.services._common import check_version, refuse


@transaction.atomic
def measured_value_set(
    *,
    actor: Any,
    period: ScoringPeriod,
    unit: Unit,
    metric: str,
    value: Decimal,
    source_note: str,
    version: int | None = None,
    recompute: bool = True,
) -> MeasuredValue:
    """Enter (or correct) a value measured outside the self-assessment, with its source."""
    if period.status == PeriodStatus.PUBLISHED:
        refuse(_("The period is published; results can no longer change."))
    if get_metric(metric) is None:
        refuse(_("Unknown metric “%(metric)s”.") % {"metric": metric})
    if not period.assessments.filter(unit=unit).exists():
        refuse(_("This unit is not scored in this period."))
    if not source_note.strip():
        refuse(_("Say where the value comes from."))
    if value < 0:
        refuse(_("The value may not be negative."))
    existing = MeasuredValue.objects.select_for_update().filter(period=period, unit=unit, metric=metric).first()
    before = None
    if existing is None:
        row = MeasuredValue(
            period=period,
            unit=unit,
            metric=metric,
            value=value,
            source_note=source_note.strip(),
            entered_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
    else:
        check_version(existing, version, _("value"))
        before = {"value": existing.value, "source_note": existing.source_note}
        row = existing
        row.value, row.source_note, row.version = value, source_note.strip(), existing.version + 1
        row.entered_by = actor if getattr(actor, "is_authenticated", False) else None
    row.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: another person may have created the same value meanwhile
            row.save()
    except IntegrityError as exc:
        raise ConflictError(
            _("Someone else entered this value in the meantime. Reload the page and try again.")
        ) from exc
    audit_record(
        actor=actor,
        action="par.measured.set",
        obj=row,
        object_repr=f"{metric} · {unit}",
        unit_id=unit.pk,
        before=before,
        after={"value": row.value, "source_note": row.source_note},
    )
    if recompute:
        from apps.par.services.results import results_recompute

        results_recompute(period=period)
    return row


@transaction.atomic
def metrics_refresh(*, actor: Any, period: ScoringPeriod) -> int:
    """Pull the values of computed metrics (registered by other modules) into the period."""
    from apps.par.metrics import all_metrics

    unit_ids = list(period.assessments.values_list("unit_id", flat=True))
    used = set(period.criteria_set.nodes.filter(metric_q()).values_list("method__metric", flat=True))
    count = 0
    for metric in all_metrics():
        if metric.compute is None or metric.key not in used:
            continue
        for unit_id, value in metric.compute(period, unit_ids).items():
            measured_value_set(
                actor=actor,
                period=period,
                unit=Unit.objects.get(pk=unit_id),
                metric=metric.key,
                value=value,
                source_note=str(metric.source or metric.key),
                recompute=False,
            )
            count += 1
    from apps.par.services.results import results_recompute

    results_recompute(period=period)
    return count
