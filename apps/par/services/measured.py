"""Values measured outside the self-assessment: entered by the secretariat, or computed by modules."""

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.actors import Actor
from apps.core.audit import audit_record
from apps.core.concurrency import check_version
from apps.core.errors import ConflictError
from apps.org.models import Unit
from apps.par.engine import ZERO
from apps.par.engine.methods import VALUE_LIMIT
from apps.par.metric_sources import SURVEY_INDEX, computed_values, metric_info, period_window
from apps.par.models import MeasuredValue, PeriodStatus, ScoringPeriod, metric_q
from apps.par.services._common import refuse

VALUE_QUANTUM = Decimal("0.0001")


@transaction.atomic
def measured_value_set(
    *,
    actor: Actor,
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
    info = metric_info(metric)
    if info is None:
        refuse(_("Unknown metric “%(metric)s”.") % {"metric": metric})
    if info.computed:
        refuse(
            _("“%(metric)s” is computed by %(source)s; refresh the computed metrics instead of entering it.")
            % {"metric": info.label, "source": info.source or metric}
        )
    if not period.assessments.filter(unit=unit).exists():
        refuse(_("This unit is not scored in this period."))
    if not source_note.strip():
        refuse(_("Say where the value comes from."))
    if value < 0:
        refuse(_("The value may not be negative."))
    if value > VALUE_LIMIT or value != value.quantize(VALUE_QUANTUM):
        refuse(_("The value must be at most %(max)s, with at most four decimals.") % {"max": VALUE_LIMIT})
    existing = MeasuredValue.objects.select_for_update().filter(period=period, unit=unit, metric=metric).first()
    before = None
    if existing is None:
        row = MeasuredValue(
            period=period,
            unit=unit,
            metric=metric,
            value=value,
            source_note=source_note.strip(),
            entered_by=actor if isinstance(actor, User) else None,
        )
    else:
        check_version(existing, version, _("value"))
        before = {"value": existing.value, "source_note": existing.source_note}
        row = existing
        row.value, row.source_note, row.version = value, source_note.strip(), existing.version + 1
        row.entered_by = actor if isinstance(actor, User) else None
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
def metrics_refresh(*, actor: Actor, period: ScoringPeriod) -> int:
    """Take the values of the period's metrics that installed modules compute (apps.core.metrics,
    for the period's window) into the period, over any entered value. Bulk: a fixed number of
    queries whatever the number of units; one audit event."""
    if period.status == PeriodStatus.PUBLISHED:
        refuse(_("The period is published; results can no longer change."))
    unit_ids = list(period.assessments.values_list("unit_id", flat=True))
    keys = sorted(set(period.criteria_set.nodes.filter(metric_q()).values_list("method__metric", flat=True)))
    if period.survey_points > 0 and SURVEY_INDEX not in keys:
        keys.append(SURVEY_INDEX)
    existing = {(row.unit_id, row.metric): row for row in MeasuredValue.objects.filter(period=period, metric__in=keys)}
    entered_by: Any = actor if getattr(actor, "is_authenticated", False) else None
    to_create: list[MeasuredValue] = []
    to_update: list[MeasuredValue] = []
    refreshed: dict[str, int] = {}
    for key in keys:
        values = computed_values(period, key, unit_ids)
        if values is None:
            continue
        info = metric_info(key)
        source = _("Computed by %(source)s") % {"source": (info.source if info else "") or key}
        for unit_id, raw in values.items():
            value = raw.quantize(VALUE_QUANTUM)
            if not ZERO <= value <= VALUE_LIMIT:
                continue  # a module's nonsense is not stored; the value stays as it was
            row = existing.get((unit_id, key))
            if row is None:
                to_create.append(
                    MeasuredValue(
                        period=period,
                        unit_id=unit_id,
                        metric=key,
                        value=value,
                        source_note=source,
                        entered_by=entered_by,
                    )
                )
            else:
                row.value, row.source_note, row.entered_by, row.version = value, source, entered_by, row.version + 1
                to_update.append(row)
            refreshed[key] = refreshed.get(key, 0) + 1
    MeasuredValue.objects.bulk_create(to_create, batch_size=500)
    MeasuredValue.objects.bulk_update(to_update, ["value", "source_note", "entered_by", "version"], batch_size=500)
    count = len(to_create) + len(to_update)
    audit_record(
        actor=actor,
        action="par.measured.refresh",
        obj=period,
        after={"values": count, "metrics": refreshed, "window": str(period_window(period).start.year)},
    )
    from apps.par.services.results import results_recompute

    results_recompute(period=period)
    return count
