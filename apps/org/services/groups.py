"""Writes to unit groups."""

from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.actors import Actor
from apps.core.audit import audit_record, snapshot
from apps.core.concurrency import bump, lock_and_check
from apps.org.models import Unit, UnitGroup
from apps.org.services._common import GROUP_FIELDS, UNSET, given


@transaction.atomic
def unit_group_create(
    *, actor: Actor, code: str, name: str, description: str = "", units: list[Unit] | None = None
) -> UnitGroup:
    """A new group of units (with its units, when given), all or nothing."""
    group = UnitGroup(code=code.strip(), name=name.strip(), description=description.strip())
    group.full_clean()
    group.save()
    audit_record(actor=actor, action="unit_group.create", obj=group, after=snapshot(group, GROUP_FIELDS))
    if units:
        unit_group_set_units(actor=actor, group=group, units=units)
    return group


@transaction.atomic
def unit_group_update(
    *,
    actor: Actor,
    group: UnitGroup,
    version: int | str | None,
    code: str = UNSET,
    name: str = UNSET,
    description: str = UNSET,
    units: list[Unit] | None = None,
) -> UnitGroup:
    """Change the given fields of a group (and its units when given), all or nothing."""
    fields = given(code=code, name=name, description=description)
    lock_and_check(group, version, what=_("group"))
    before = snapshot(group, GROUP_FIELDS)
    for name, value in fields.items():
        setattr(group, name, value.strip() if isinstance(value, str) else value)
    group.full_clean()
    if snapshot(group, GROUP_FIELDS) != before:
        bump(group)
        group.save()
        after = snapshot(group, GROUP_FIELDS)
        audit_record(actor=actor, action="unit_group.update", obj=group, before=before, after=after)
    if units is not None:
        unit_group_set_units(actor=actor, group=group, units=units)
    return group


@transaction.atomic
def unit_group_set_units(*, actor: Actor, group: UnitGroup, units: list[Unit]) -> UnitGroup:
    fields = [*GROUP_FIELDS, "units"]
    before = snapshot(group, fields)
    new_ids = sorted({u.pk for u in units})
    if new_ids == before["units"]:
        return group
    group.units.set(new_ids)
    bump(group)
    group.save(update_fields=["version"])
    audit_record(actor=actor, action="unit_group.set_units", obj=group, before=before, after=snapshot(group, fields))
    return group
