"""Writes to units: create, edit, predecessors, and the import of the province's communes."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.actors import Actor
from apps.core.audit import audit_record, snapshot
from apps.core.concurrency import bump, lock_and_check
from apps.org.models import Unit, UnitKind
from apps.org.services._common import UNIT_FIELDS, UNSET, given, unit_search_text


def _check_unit_dates(unit: Unit) -> None:
    if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
        raise ValidationError({"valid_to": _("The end date cannot be before the start date.")})


def _check_unit_parent(unit: Unit) -> None:
    """Refuse a parent that is the unit itself or one of its descendants (a cycle in the tree)."""
    if unit.pk is None or unit.parent_id is None:
        return
    seen: set[int] = set()
    current: int | None = unit.parent_id
    while current is not None and current not in seen:
        if current == unit.pk:
            raise ValidationError({"parent": _("A unit cannot sit under itself or under one of its own sub-units.")})
        seen.add(current)
        current = Unit.objects.filter(pk=current).values_list("parent_id", flat=True).first()


@transaction.atomic
def unit_create(
    *,
    actor: Actor,
    kind: str,
    name: str,
    short_name: str = "",
    abbreviation: str = "",
    code: str = "",
    parent: Unit | None = None,
    valid_from: Any = None,
    valid_to: Any = None,
    sort_order: int = 0,
    predecessors: list[Unit] | None = None,
) -> Unit:
    """A new unit (with the units it continues, when given), all or nothing."""
    unit = Unit(
        kind=kind,
        name=name.strip(),
        short_name=short_name.strip(),
        abbreviation=abbreviation.strip(),
        code=code.strip(),
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        sort_order=sort_order,
    )
    unit.search_text = unit_search_text(unit)
    unit.full_clean()
    _check_unit_dates(unit)
    unit.save()
    audit_record(actor=actor, action="unit.create", obj=unit, unit_id=unit.pk, after=snapshot(unit, UNIT_FIELDS))
    if predecessors:
        unit_set_predecessors(actor=actor, unit=unit, predecessors=predecessors)
    return unit


@transaction.atomic
def unit_update(
    *,
    actor: Actor,
    unit: Unit,
    version: int | str | None,
    parent: Unit | None = UNSET,
    kind: str = UNSET,
    code: str = UNSET,
    name: str = UNSET,
    short_name: str = UNSET,
    abbreviation: str = UNSET,
    valid_from: date | None = UNSET,
    valid_to: date | None = UNSET,
    sort_order: int = UNSET,
    predecessors: list[Unit] | None = None,
) -> Unit:
    """Change the given fields of a unit (and its predecessors when given), all or nothing.

    `version` is the one the caller's data was based on."""
    fields = given(
        parent=parent,
        kind=kind,
        code=code,
        name=name,
        short_name=short_name,
        abbreviation=abbreviation,
        valid_from=valid_from,
        valid_to=valid_to,
        sort_order=sort_order,
    )
    lock_and_check(unit, version, what=_("unit"))
    before = snapshot(unit, UNIT_FIELDS)
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(unit, name, value)
    unit.search_text = unit_search_text(unit)
    unit.full_clean()
    _check_unit_dates(unit)
    _check_unit_parent(unit)
    if snapshot(unit, UNIT_FIELDS) != before:
        bump(unit)
        unit.save()
        audit_record(
            actor=actor,
            action="unit.update",
            obj=unit,
            unit_id=unit.pk,
            before=before,
            after=snapshot(unit, UNIT_FIELDS),
        )
    if predecessors is not None:
        unit_set_predecessors(actor=actor, unit=unit, predecessors=predecessors)
    return unit


@transaction.atomic
def unit_set_predecessors(*, actor: Actor, unit: Unit, predecessors: list[Unit]) -> Unit:
    """Record which units this one continues (after a merger or a split)."""
    if any(p.pk == unit.pk for p in predecessors):
        raise ValidationError({"predecessors": _("A unit cannot be its own predecessor.")})
    fields = [*UNIT_FIELDS, "predecessors"]
    before = snapshot(unit, fields)
    new_ids = sorted({p.pk for p in predecessors})
    if new_ids == before["predecessors"]:
        return unit
    unit.predecessors.set(new_ids)
    bump(unit)
    unit.save(update_fields=["version"])
    audit_record(
        actor=actor,
        action="unit.set_predecessors",
        obj=unit,
        unit_id=unit.pk,
        before=before,
        after=snapshot(unit, fields),
    )
    return unit


# --- Import of commune-level units -------------------------------------------------------------

_DIVISION_KINDS = {
    "xã": UnitKind.COMMUNE,
    "phường": UnitKind.WARD,
    "đặc khu": UnitKind.SPECIAL_ZONE,
}


@transaction.atomic
def units_import_communes(*, actor: Actor, province_code: int, parent: Unit) -> tuple[int, int]:
    """Create or refresh the province's communes, wards and special zones from `vietnam-provinces`.

    Idempotent by (kind, code): a second run creates nothing and updates only what changed.
    Returns (created, updated).
    """
    from vietnam_provinces import Ward

    wards = list(Ward.iter_by_province(province_code))  # type: ignore[arg-type]
    if not wards:
        raise ValidationError(
            _("No commune-level units are known for province code %(code)s.") % {"code": province_code}
        )
    kinds = set(_DIVISION_KINDS.values())
    existing = {
        (u.kind, u.code): u for u in Unit.objects.filter(kind__in=kinds, code__in=[f"{int(w.code):05d}" for w in wards])
    }
    created = updated = 0
    for ward in wards:
        division = ward.division_type.value if hasattr(ward.division_type, "value") else str(ward.division_type)
        kind = _DIVISION_KINDS.get(division)
        if kind is None:
            continue
        code = f"{int(ward.code):05d}"
        unit = existing.get((kind, code))
        if unit is None:
            unit_create(actor=actor, kind=kind, name=ward.name, code=code, parent=parent)
            created += 1
        elif unit.name != ward.name or unit.parent_id != parent.pk:
            unit_update(actor=actor, unit=unit, version=unit.version, name=ward.name, parent=parent)
            updated += 1
    return created, updated
