"""The demo province: Tuyên Quang after the 2025 reorganisation (code 08, 124 communes).

Loaded through the organisation services from the files in `apps/org/demo/`: `province.json` (the
province, its departments, the 2025 mergers, the unit groups, the names of the departments' focal
points) and `users.csv` (one demo user per role, who can sign in). The communes come from
`vietnam-provinces`. Deterministic and idempotent: a unit, group, user or membership that exists is
left as it is.
"""

import csv
import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.text import slugify

from apps.accounts.models import User
from apps.core.actors import DEMO
from apps.org import services as org
from apps.org.models import Membership, Role, Unit, UnitGroup, UnitKind

DATA = Path(__file__).with_suffix("")  # apps/org/demo/
COMMUNE_KINDS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE)


@cache
def province_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "province.json").read_text(encoding="utf-8"))
    return data


@cache
def demo_users() -> list[dict[str, str]]:
    """username, full_name, position, role, unit (a department's short name, "province" or a commune code)."""
    with (DATA / "users.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@dataclass
class OrgDemoSummary:
    units_created: int = 0
    users_created: int = 0


def _unit(summary: OrgDemoSummary, *, kind: str, name: str, code: str = "", **fields: Any) -> Unit:
    existing = Unit.objects.filter(kind=kind, code=code) if code else Unit.objects.filter(kind=kind, name=name)
    unit = existing.first()
    if unit is None:
        unit = org.unit_create(actor=DEMO, kind=kind, name=name, code=code, **fields)
        summary.units_created += 1
    elif fields.get("abbreviation") and not unit.abbreviation:  # a database loaded before units had one
        unit = org.unit_update(actor=DEMO, unit=unit, version=unit.version, abbreviation=fields["abbreviation"])
    return unit


def _group(*, code: str, name: str, description: str, units: list[Unit]) -> UnitGroup:
    group = UnitGroup.objects.filter(code=code).first()
    if group is None:
        group = org.unit_group_create(actor=DEMO, code=code, name=name, description=description)
    if set(group.units.values_list("pk", flat=True)) != {u.pk for u in units}:
        org.unit_group_set_units(actor=DEMO, group=group, units=units)
    return group


def _units(summary: OrgDemoSummary) -> tuple[Unit, dict[str, Unit]]:
    """The province and its departments (by short name), the mergers and the communes."""
    data = province_data()
    reorganised_on = date.fromisoformat(data["reorganised_on"])
    p = data["province"]
    province = _unit(
        summary,
        kind=UnitKind.PROVINCE,
        code=p["code"],
        name=p["name"],
        short_name=p["short_name"],
        abbreviation=p["abbreviation"],
    )
    by_short: dict[str, Unit] = {}
    for order, row in enumerate(data["departments"], start=1):
        by_short[row["short_name"]] = _unit(
            summary,
            kind=row["kind"],
            name=row["name"],
            short_name=row["short_name"],
            abbreviation=row["abbreviation"],
            parent=province,
            sort_order=order,
            valid_from=reorganised_on,
        )
    centre = data["service_centre"]
    by_short[centre["short_name"]] = _unit(
        summary,
        kind=UnitKind.SERVICE_CENTRE,
        name=centre["name"],
        short_name=centre["short_name"],
        abbreviation=centre["abbreviation"],
        parent=by_short[centre["parent"]],
    )
    last_day = reorganised_on - timedelta(days=1)
    for row in data["merged_departments"]:
        old = _unit(
            summary,
            kind=UnitKind.DEPARTMENT,
            name=row["name"],
            short_name=row["short_name"],
            abbreviation=row["abbreviation"],
            parent=province,
            sort_order=900,
            valid_to=last_day,
        )
        successor = by_short[row["successor"]]
        if not successor.predecessors.filter(pk=old.pk).exists():
            org.unit_set_predecessors(actor=DEMO, unit=successor, predecessors=[*successor.predecessors.all(), old])
    created, _updated = org.units_import_communes(actor=DEMO, province_code=p["division_code"], parent=province)
    summary.units_created += created
    return province, by_short


def _people(summary: OrgDemoSummary, province: Unit, by_short: dict[str, Unit], password: str) -> None:
    for row in demo_users():
        key = row["unit"]
        if key == "province":
            unit = province
        elif key in by_short:
            unit = by_short[key]
        else:
            unit = Unit.objects.get(code=key, kind__in=COMMUNE_KINDS)
        username = row["username"]
        user = User.objects.filter(username=username).first()
        if user is None:
            user = org.user_create(
                actor=DEMO,
                username=username,
                full_name=row["full_name"],
                email=f"{username}@tuyenquang.demo",
                position=row["position"],
                password=password,
            )
            summary.users_created += 1
        if not Membership.objects.filter(user=user, unit=unit, role=row["role"], is_active=True).exists():
            org.membership_add(actor=DEMO, user=user, unit=unit, role=row["role"])


def _department_focal_points(summary: OrgDemoSummary, departments: list[Unit]) -> None:
    """Every department without one gets a focal point (sign-in disabled until an administrator
    sets a password), so a person, not the system, uploads its evidence in the PAR demo."""
    names = province_data()["department_focal_point_names"]
    for index, unit in enumerate(departments):
        if Membership.objects.filter(unit=unit, role=Role.FOCAL_POINT, is_active=True).exists():
            continue
        slug = slugify((unit.short_name or unit.name).replace("đ", "d").replace("Đ", "D")).replace("-", "_")
        username = f"daumoi_{slug}"[:150]
        user = User.objects.filter(username=username).first()
        if user is None:
            user = org.user_create(
                actor=DEMO,
                username=username,
                full_name=names[index % len(names)],
                position=f"Chuyên viên, đầu mối CCHC - {unit.name}",
                email=f"{username}@tuyenquang.demo",
            )
            summary.users_created += 1
        org.membership_add(actor=DEMO, user=user, unit=unit, role=Role.FOCAL_POINT)


def demo_province_load(*, password: str) -> OrgDemoSummary:
    """Load (or complete) the demo province; returns what this run created."""
    summary = OrgDemoSummary()
    province, by_short = _units(summary)
    data = province_data()
    members = {
        "departments": [by_short[row["short_name"]] for row in data["departments"]],
        "communes": list(Unit.objects.filter(parent=province, kind__in=COMMUNE_KINDS)),
    }
    for group in data["groups"]:
        units = members[group["members"]]
        _group(code=group["code"], name=group["name"], description=group["description"], units=units)
    _people(summary, province, by_short, password)
    _department_focal_points(summary, members["departments"])
    return summary


def logins() -> list[tuple[str, str, str]]:
    """The demo users that exist, as (username, role label, unit name), in the order of users.csv."""
    users = {row["username"]: row for row in demo_users()}
    memberships = Membership.objects.filter(user__username__in=users, is_active=True).select_related("user", "unit")
    found = {(m.user.username, m.role): m.unit.name for m in memberships}
    return [
        (name, str(Role(row["role"]).label), found[(name, row["role"])])
        for name, row in users.items()
        if (name, row["role"]) in found
    ]


def load(stdout: Any) -> None:
    """The org demo loader (apps.core.hooks.DemoLoader)."""
    summary = demo_province_load(password=settings.DEMO_PASSWORD)
    stdout.write(
        f"Demo province ready: {summary.units_created} units and {summary.users_created} users created this run."
    )
