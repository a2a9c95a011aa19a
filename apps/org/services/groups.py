"""Writes to unit groups."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.actors import Actor
from apps.core.audit import audit_record, snapshot
from apps.core.concurrency import bump, lock_and_check
from apps.org.models import Unit, UnitGroup
from apps.org.services._common import GROUP_EDITABLE, GROUP_FIELDS, check_fields


@transaction.atomic
def unit_group_create(*, actor: Actor, code: str, name: str, description: str = "") -> UnitGroup:
    group = UnitGroup(code=code.strip(), name=name.strip(), description=description.strip())
    group.full_clean()
    group.save()
    audit_record(actor=actor, action="unit_group.create", obj=group, after=snapshot(group, GROUP_FIELDS))
    return group


@transaction.atomic
def unit_group_update(*, actor: Actor, group: UnitGroup, version: int | str | None, **fields: Any) -> UnitGroup:
    check_fields(fields, GROUP_EDITABLE, "unit_group_update")
    lock_and_check(group, version, what=_("group"))
    before = snapshot(group, GROUP_FIELDS)
    for name, value in fields.items():
        setattr(group, name, value.strip() if isinstance(value, str) else value)
    group.full_clean()
    if snapshot(group, GROUP_FIELDS) == before:
        return group
    bump(group)
    group.save()
    audit_record(actor=actor, action="unit_group.update", obj=group, before=before, after=snapshot(group, GROUP_FIELDS))
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
