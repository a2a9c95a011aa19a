"""The benchmark data set, generated idempotently at the chosen scale.

Units form the province's tree: the province, departments each with two sub-units, and
communes. People are spread over the units with working roles; two named people are the
subjects of the permission cases: a focal point of the first department (which has
sub-units) and a secretariat member at the province. The audit trail is filled through
`audit_record`, so its chain is the real one.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from django.db import transaction

BENCH_PREFIX = "bench-"
BENCH_PASSWORD = "Bench@2025"  # noqa: S105 - a throwaway benchmark database


@dataclass(frozen=True)
class Scale:
    name: str
    units: int
    people: int
    audit_events: int


SCALES = {
    "demo": Scale("demo", units=20, people=100, audit_events=2_000),
    "province": Scale("province", units=150, people=2_000, audit_events=40_000),
}


@dataclass(frozen=True)
class Dataset:
    units: int
    people: int
    audit_events: int
    focal_point_id: int
    focal_point_unit_id: int
    secretariat_id: int

    def describe(self) -> str:
        return f"{self.units} units, {self.people} people, {self.audit_events} audit events"


def _tree_shape(total: int) -> tuple[int, int, int]:
    """(departments, sub-units, communes) so that 1 province + all of them == total."""
    departments = max(1, (total - 1) // 6)
    sub_units = 2 * departments
    communes = total - 1 - departments - sub_units
    if communes < 0:
        raise ValueError("A benchmark scale needs at least 4 units")
    return departments, sub_units, communes


def _ensure_units(scale: Scale) -> None:
    from apps.org.models import Unit, UnitKind

    existing = Unit.objects.filter(code__startswith=BENCH_PREFIX).count()
    if existing == scale.units:
        return
    if existing:
        raise SystemExit(f"The benchmark database holds {existing} units, not {scale.units}: delete it, run again.")
    departments, sub_units, communes = _tree_shape(scale.units)
    with transaction.atomic():
        province = Unit.objects.create(kind=UnitKind.PROVINCE, code=f"{BENCH_PREFIX}p", name="Tỉnh Thử nghiệm")
        depts = Unit.objects.bulk_create(
            Unit(
                parent=province,
                kind=UnitKind.DEPARTMENT,
                code=f"{BENCH_PREFIX}d{i:03}",
                name=f"Sở Thử nghiệm {i:03}",
                short_name=f"STN{i:03}",
                sort_order=i,
            )
            for i in range(1, departments + 1)
        )
        Unit.objects.bulk_create(
            Unit(
                parent=depts[(i - 1) // 2],
                kind=UnitKind.SUB_UNIT,
                code=f"{BENCH_PREFIX}s{i:03}",
                name=f"Phòng Thử nghiệm {i:03}",
                sort_order=i,
            )
            for i in range(1, sub_units + 1)
        )
        Unit.objects.bulk_create(
            Unit(
                parent=province,
                kind=UnitKind.COMMUNE,
                code=f"{BENCH_PREFIX}x{i:03}",
                name=f"Xã Thử nghiệm {i:03}",
                sort_order=1000 + i,
            )
            for i in range(1, communes + 1)
        )


def _ensure_people(scale: Scale) -> None:
    from django.contrib.auth.hashers import make_password

    from apps.accounts.models import User
    from apps.org.models import Membership, Role, Unit, UnitKind

    existing = User.objects.filter(username__startswith=BENCH_PREFIX).count()
    if existing == scale.people:
        return
    if existing:
        raise SystemExit(f"The benchmark database holds {existing} people, not {scale.people}: delete it, run again.")
    units = list(Unit.objects.filter(code__startswith=BENCH_PREFIX).exclude(kind=UnitKind.PROVINCE).order_by("pk"))
    province = Unit.objects.get(code=f"{BENCH_PREFIX}p")
    first_department = Unit.objects.filter(code=f"{BENCH_PREFIX}d001").get()
    password = make_password(BENCH_PASSWORD)  # hashed once: the hash is slow on purpose
    with transaction.atomic():
        people = User.objects.bulk_create(
            User(
                username=f"{BENCH_PREFIX}{i:05}",
                full_name=f"Cán bộ Thử nghiệm {i:05}",
                email=f"{BENCH_PREFIX}{i:05}@example.test",
                password=password,
            )
            for i in range(1, scale.people + 1)
        )
        local_roles = itertools.cycle([Role.FOCAL_POINT, Role.RESOLVING_OFFICER, Role.ONESTOP_OFFICER, Role.UNIT_HEAD])
        memberships = [
            Membership(user=people[0], unit=first_department, role=Role.FOCAL_POINT),
            Membership(user=people[1], unit=province, role=Role.SECRETARIAT),
        ]
        memberships += [
            Membership(user=person, unit=units[i % len(units)], role=next(local_roles))
            for i, person in enumerate(people[2:])
        ]
        Membership.objects.bulk_create(memberships)


def _ensure_audit_events(scale: Scale) -> None:
    from apps.core.audit import audit_record
    from apps.core.models import AuditEvent
    from apps.org.models import Unit

    missing = scale.audit_events - AuditEvent.objects.count()
    if missing <= 0:
        return
    units = list(Unit.objects.filter(code__startswith=BENCH_PREFIX).order_by("pk").values_list("pk", "name"))
    batch = 1_000
    for start in range(0, missing, batch):
        with transaction.atomic():
            for i in range(start, min(start + batch, missing)):
                unit_id, name = units[i % len(units)]
                audit_record(
                    actor="bench",
                    action="org.unit.update",
                    object_type="org.unit",
                    object_id=unit_id,
                    object_repr=name,
                    unit_id=unit_id,
                    before={"short_name": f"v{i}"},
                    after={"short_name": f"v{i + 1}"},
                )


def ensure_dataset(scale: Scale) -> Dataset:
    from apps.accounts.models import User
    from apps.core.models import AuditEvent
    from apps.org.models import Unit

    _ensure_units(scale)
    _ensure_people(scale)
    _ensure_audit_events(scale)
    focal = User.objects.get(username=f"{BENCH_PREFIX}00001")
    return Dataset(
        units=Unit.objects.count(),
        people=User.objects.count(),
        audit_events=AuditEvent.objects.count(),
        focal_point_id=focal.pk,
        focal_point_unit_id=Unit.objects.get(code=f"{BENCH_PREFIX}d001").pk,
        secretariat_id=User.objects.get(username=f"{BENCH_PREFIX}00002").pk,
    )
