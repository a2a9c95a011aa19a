"""Loads the demo province through the same services the pages use. Running it twice changes nothing."""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import transaction

from apps.accounts.models import User
from apps.core.actors import SystemActor
from apps.demo import data
from apps.demo.par_services import demo_par_load
from apps.org import services as org
from apps.org.models import Membership, Role, Unit, UnitGroup, UnitKind

ACTOR = SystemActor("seed_demo")


@dataclass
class DemoSummary:
    units_created: int = 0
    users_created: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # username, role label, unit name
    par: Any = None  # apps.demo.par_services.ParDemoSummary


def _unit(
    *, kind: str, name: str, short_name: str = "", code: str = "", parent: Unit | None = None, **extra: Any
) -> tuple[Unit, bool]:
    existing = Unit.objects.filter(kind=kind, code=code) if code else Unit.objects.filter(kind=kind, name=name)
    unit = existing.first()
    if unit is not None:
        return unit, False
    return (
        org.unit_create(actor=ACTOR, kind=kind, name=name, short_name=short_name, code=code, parent=parent, **extra),
        True,
    )


def _group(code: str, name: str, description: str, units: list[Unit]) -> UnitGroup:
    group = UnitGroup.objects.filter(code=code).first()
    if group is None:
        group = org.unit_group_create(actor=ACTOR, code=code, name=name, description=description)
    if set(group.units.values_list("pk", flat=True)) != {u.pk for u in units}:
        org.unit_group_set_units(actor=ACTOR, group=group, units=units)
    return group


@transaction.atomic
def demo_province_load(*, password: str) -> DemoSummary:
    summary = DemoSummary()
    province, created = _unit(
        kind=UnitKind.PROVINCE,
        code=data.PROVINCE["code"],
        name=data.PROVINCE["name"],
        short_name=data.PROVINCE["short_name"],
    )
    summary.units_created += created

    by_short: dict[str, Unit] = {}
    for order, (short, name, kind) in enumerate(data.DEPARTMENTS, start=1):
        unit, created = _unit(
            kind=kind, name=name, short_name=short, parent=province, sort_order=order, valid_from=data.REORGANISED_ON
        )
        by_short[short] = unit
        summary.units_created += created

    short, name, parent_short = data.SERVICE_CENTRE
    centre, created = _unit(kind=UnitKind.SERVICE_CENTRE, name=name, short_name=short, parent=by_short[parent_short])
    by_short[short] = centre
    summary.units_created += created

    last_day = data.REORGANISED_ON - timedelta(days=1)
    for short, name, successor_short in data.MERGED_DEPARTMENTS:
        old, created = _unit(
            kind=UnitKind.DEPARTMENT, name=name, short_name=short, parent=province, sort_order=900, valid_to=last_day
        )
        summary.units_created += created
        successor = by_short[successor_short]
        if not successor.predecessors.filter(pk=old.pk).exists():
            org.unit_set_predecessors(actor=ACTOR, unit=successor, predecessors=[*successor.predecessors.all(), old])

    created_communes, _updated = org.units_import_communes(
        actor=ACTOR, province_code=data.PROVINCE_CODE, parent=province
    )
    summary.units_created += created_communes

    departments = [by_short[short] for short, _name, _kind in data.DEPARTMENTS]
    communes = list(
        Unit.objects.filter(parent=province, kind__in=[UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE])
    )
    _group(*data.GROUP_DEPARTMENTS, units=departments)
    _group(*data.GROUP_COMMUNES, units=communes)

    for username, full_name, position, role, unit_key in data.DEMO_USERS:
        if unit_key == "province":
            unit = province
        elif unit_key in by_short:
            unit = by_short[unit_key]
        else:
            unit = Unit.objects.get(code=unit_key, kind__in=[UnitKind.COMMUNE, UnitKind.WARD])
        user = User.objects.filter(username=username).first()
        if user is None:
            user = org.user_create(
                actor=ACTOR,
                username=username,
                full_name=full_name,
                email=f"{username}@tuyenquang.demo",
                position=position,
                password=password,
            )
            summary.users_created += 1
        if not Membership.objects.filter(user=user, unit=unit, role=role, is_active=True).exists():
            org.membership_add(actor=ACTOR, user=user, unit=unit, role=role)
        summary.logins.append((username, str(Role(role).label), unit.name))
    summary.par = demo_par_load()
    return summary
