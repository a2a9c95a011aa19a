"""Writes of the real-time service index: its definition (indicators, points, thresholds, formula,
source) and the rates officers enter for what our data cannot compute. Versioned and audited.

The definition carries the version: every change of one of its indicators locks the definition,
checks the version the editor read and bumps it, so two editors never overwrite each other.
"""

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.actors import Actor
from apps.core.audit import audit_record, snapshot
from apps.core.concurrency import bump, check_version, lock_and_check
from apps.core.errors import ConflictError
from apps.onestop.engine.index import FormulaKind
from apps.onestop.models import IndexDefinition, IndexEnteredValue, IndexIndicator
from apps.org.models import Unit

INDICATOR_FIELDS = ["group", "code", "name", "max_points", "formula", "full_at", "source", "order"]
MAX_POINTS = Decimal(100)
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,19}$")
_SOURCE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


class IndexAuditAction(StrEnum):
    INDICATOR_UPDATE = "onestop.index.indicator_update"
    INDICATOR_CREATE = "onestop.index.indicator_create"
    INDICATOR_DELETE = "onestop.index.indicator_delete"
    VALUE_ENTER = "onestop.index.value_enter"


def refuse(message: str, field: str | None = None, code: str = "invalid") -> NoReturn:
    raise ValidationError({field: message} if field else message, code=code)


def _text(value: str, label: str, field: str, limit: int) -> str:
    text = (value or "").strip()
    if "\x00" in text:
        refuse(_("Null characters are not allowed."), field)
    if not text:
        refuse(_("%(label)s is required.") % {"label": label}, field, "required")
    if len(text) > limit:
        refuse(
            _("%(label)s is too long (%(length)d characters); the limit is %(max)d.")
            % {"label": label, "length": len(text), "max": limit},
            field,
            "too_long",
        )
    return text


def _check_indicator(
    *,
    definition: IndexDefinition,
    group: str,
    code: str,
    name: str,
    max_points: Decimal,
    formula: str,
    full_at: Decimal | None,
    source: str,
    exclude_pk: int | None = None,
) -> dict[str, Any]:
    group = _text(group, _("Group"), "group", 200)
    code = _text(code, _("Code"), "code", 20)
    if not _CODE.match(code):
        refuse(_("Use digits, letters and dots only, e.g. 3.2."), "code")
    name = _text(name, _("Name"), "name", 400)
    if formula not in FormulaKind.values:
        refuse(_("Choose a formula."), "formula")
    if max_points is None or max_points < 0 or max_points > MAX_POINTS:
        refuse(_("The maximum must be between 0 and 100 points."), "max_points")
    if max_points != max_points.quantize(Decimal("0.01")):
        refuse(_("Use at most two decimals."), "max_points")
    if formula == FormulaKind.TRACKED and max_points:
        refuse(_("A tracked indicator earns no points: set its maximum to 0."), "max_points")
    if full_at is not None and not Decimal(0) < full_at <= Decimal(1):
        refuse(_("The threshold must be above 0 % and at most 100 %."), "full_at")
    source = (source or "").strip()
    if source and (len(source) > 80 or not _SOURCE.match(source)):
        refuse(_("A metric key looks like onestop.on_time_rate; leave it empty for an entered value."), "source")
    clash = IndexIndicator.objects.filter(definition=definition, code=code)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        refuse(_("Another indicator of this definition has the code %(code)s.") % {"code": code}, "code")
    return {
        "group": group,
        "code": code,
        "name": name,
        "max_points": max_points,
        "formula": formula,
        "full_at": full_at,
        "source": source,
    }


@transaction.atomic
def indicator_update(
    *,
    actor: Actor,
    indicator: IndexIndicator,
    version: int | str | None,
    group: str,
    code: str,
    name: str,
    max_points: Decimal,
    formula: str,
    full_at: Decimal | None,
    source: str,
) -> IndexIndicator:
    """Change an indicator; `version` is the definition's version the editor read."""
    definition = lock_and_check(indicator.definition, version, _("index definition"))
    indicator.refresh_from_db()
    before = snapshot(indicator, INDICATOR_FIELDS)
    values = _check_indicator(
        definition=definition,
        group=group,
        code=code,
        name=name,
        max_points=max_points,
        formula=formula,
        full_at=full_at,
        source=source,
        exclude_pk=indicator.pk,
    )
    for field, value in values.items():
        setattr(indicator, field, value)
    indicator.full_clean(validate_constraints=False)
    indicator.save(update_fields=list(values))
    bump(definition)
    definition.save(update_fields=["version"])
    audit_record(
        actor=actor,
        action=IndexAuditAction.INDICATOR_UPDATE,
        obj=indicator,
        before=before,
        after=snapshot(indicator, INDICATOR_FIELDS),
    )
    return indicator


@transaction.atomic
def indicator_create(
    *,
    actor: Actor,
    definition: IndexDefinition,
    version: int | str | None,
    group: str,
    code: str,
    name: str,
    max_points: Decimal,
    formula: str,
    full_at: Decimal | None,
    source: str,
) -> IndexIndicator:
    """Add an indicator at the end of the definition."""
    lock_and_check(definition, version, _("index definition"))
    values = _check_indicator(
        definition=definition,
        group=group,
        code=code,
        name=name,
        max_points=max_points,
        formula=formula,
        full_at=full_at,
        source=source,
    )
    last = definition.indicators.order_by("-order").values_list("order", flat=True).first() or 0
    indicator = IndexIndicator(definition=definition, order=last + 1, **values)
    indicator.full_clean(validate_constraints=False)
    indicator.save()
    bump(definition)
    definition.save(update_fields=["version"])
    audit_record(
        actor=actor,
        action=IndexAuditAction.INDICATOR_CREATE,
        obj=indicator,
        after=snapshot(indicator, INDICATOR_FIELDS),
    )
    return indicator


@transaction.atomic
def indicator_delete(*, actor: Actor, indicator: IndexIndicator, version: int | str | None) -> None:
    """Remove an indicator and the values entered for it."""
    definition = lock_and_check(indicator.definition, version, _("index definition"))
    before = snapshot(indicator, INDICATOR_FIELDS)
    pk, label = indicator.pk, str(indicator)
    indicator.delete()
    bump(definition)
    definition.save(update_fields=["version"])
    audit_record(
        actor=actor,
        action=IndexAuditAction.INDICATOR_DELETE,
        object_type="onestop.indexindicator",
        object_id=pk,
        object_repr=label,
        before=before,
    )


def month_start(day: date) -> date:
    return day.replace(day=1)


@transaction.atomic
def index_value_enter(
    *,
    actor: Actor,
    indicator: IndexIndicator,
    unit: Unit,
    month: date,
    value: Decimal | None,
    note: str = "",
    version: int | str | None = None,
) -> IndexEnteredValue | None:
    """Enter (or correct, or clear with `value=None`) a unit's rate for an indicator and month.

    `value` is a ratio (0.85 = 85 %). A correction carries the version of the value it corrects."""
    month = month_start(month)
    if indicator.formula == FormulaKind.TRACKED:
        refuse(_("A tracked indicator earns no points; nothing to enter."), "value")
    if value is not None:
        if not Decimal(0) <= value <= Decimal(1):
            refuse(_("Enter a rate between 0 and 100 %."), "value")
        if value != value.quantize(Decimal("0.0001")):
            refuse(_("Use at most two decimals in the percentage."), "value")
    note = (note or "").strip()
    if "\x00" in note:
        refuse(_("Null characters are not allowed."), "note")
    if len(note) > 500:
        refuse(_("The note is too long; the limit is 500 characters."), "note")
    existing = IndexEnteredValue.objects.select_for_update().filter(indicator=indicator, unit=unit, month=month).first()
    entered_by = actor if isinstance(actor, User) else None
    before = None
    if existing is not None:
        check_version(existing, version, _("value"))
        before = {"value": existing.value, "note": existing.note}
        if value is None:
            existing.delete()
            audit_record(
                actor=actor,
                action=IndexAuditAction.VALUE_ENTER,
                object_type="onestop.indexenteredvalue",
                object_id=f"{indicator.pk}:{unit.pk}:{month.isoformat()}",
                object_repr=f"{indicator.code} · {unit} · {month.isoformat()[:7]}",
                unit_id=unit.pk,
                before=before,
                after=None,
            )
            return None
        row = existing
        row.value, row.note, row.entered_by = value, note, entered_by
        bump(row)
        row.full_clean(validate_constraints=False)
        row.save(update_fields=["value", "note", "entered_by", "version"])
    else:
        if value is None:
            return None
        row = IndexEnteredValue(
            indicator=indicator, unit=unit, month=month, value=value, note=note, entered_by=entered_by
        )
        row.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():  # another officer may have entered the same value meanwhile
                row.save()
        except IntegrityError as exc:
            raise ConflictError(
                _("Someone else entered this value in the meantime. Reload the page and try again.")
            ) from exc
    audit_record(
        actor=actor,
        action=IndexAuditAction.VALUE_ENTER,
        obj=row,
        object_repr=f"{indicator.code} · {unit} · {month.isoformat()[:7]}",
        unit_id=unit.pk,
        before=before,
        after={"value": row.value, "note": row.note},
    )
    return row
