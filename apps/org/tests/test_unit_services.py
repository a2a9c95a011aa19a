from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from apps.core.audit import verify_audit_chain
from apps.core.errors import ConflictError, VersionMissingError
from apps.core.models import AuditEvent
from apps.org import services
from apps.org.models import Unit, UnitKind
from apps.org.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-seq").first()  # type: ignore[return-value]


def test_it_creates_a_unit_with_search_text_and_an_audit_event(sysadmin: Any, province: Unit) -> None:
    unit = services.unit_create(
        actor=sysadmin,
        kind=UnitKind.DEPARTMENT,
        name="Sở Tư pháp",
        short_name="STP",
        code="000.00.05.H60",
        parent=province,
    )
    assert unit.search_text == " so tu phap stp 000.00.05.h60"
    assert unit.version == 1
    event = _last_event("unit.create")
    assert event.object_id == str(unit.pk)
    assert event.unit_id == unit.pk
    assert event.actor_id == sysadmin.pk
    assert event.before is None
    assert event.after["name"] == "Sở Tư pháp"
    assert event.after["parent"] == province.pk
    assert verify_audit_chain().ok


def test_it_refuses_an_invalid_unit(sysadmin: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.unit_create(actor=sysadmin, kind="planet", name="")
    assert {"kind", "name"} <= set(exc.value.message_dict)
    assert not AuditEvent.objects.filter(action="unit.create").exists()


def test_it_refuses_an_end_date_before_the_start(sysadmin: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.unit_create(
            actor=sysadmin, kind=UnitKind.DEPARTMENT, name="X", valid_from=date(2025, 7, 1), valid_to=date(2025, 1, 1)
        )
    assert "valid_to" in exc.value.message_dict


def test_it_refuses_a_duplicate_code_of_the_same_kind(sysadmin: Any, commune: Unit) -> None:
    with pytest.raises(ValidationError):
        services.unit_create(actor=sysadmin, kind=UnitKind.WARD, name="Phường khác", code=commune.code)


def test_it_updates_a_unit_bumping_the_version_with_before_and_after(sysadmin: Any, unit_a: Unit) -> None:
    updated = services.unit_update(actor=sysadmin, unit=unit_a, version=1, name="Sở Tư pháp tỉnh", code="T01")
    assert updated.version == 2
    unit_a.refresh_from_db()
    assert unit_a.name == "Sở Tư pháp tỉnh"
    assert unit_a.search_text == " so tu phap tinh stp t01"
    event = _last_event("unit.update")
    assert event.unit_id == unit_a.pk
    assert event.before["name"] == "Sở Tư pháp"
    assert event.before["version"] == 1
    assert event.after["name"] == "Sở Tư pháp tỉnh"
    assert event.after["version"] == 2


def test_it_refuses_a_stale_version(sysadmin: Any, unit_a: Unit) -> None:
    services.unit_update(actor=sysadmin, unit=unit_a, version=1, name="Tên mới")
    stale = Unit.objects.get(pk=unit_a.pk)
    stale.version = 1
    with pytest.raises(ConflictError, match="Someone else changed this unit"):
        services.unit_update(actor=sysadmin, unit=stale, version=1, name="Tên khác")
    unit_a.refresh_from_db()
    assert unit_a.name == "Tên mới"


@pytest.mark.parametrize(
    ("update", "target"),
    [
        (services.unit_update, "unit"),
        (services.unit_group_update, "group"),
        (services.user_update, "user"),
    ],
)
def test_it_refuses_a_versioned_write_without_a_version(
    sysadmin: Any, unit_a: Unit, focal_a: Any, update: Any, target: str
) -> None:
    obj = {"unit": unit_a, "group": services.unit_group_create(actor=sysadmin, code="g1", name="G"), "user": focal_a}[
        target
    ]
    events = AuditEvent.objects.count()
    with pytest.raises(VersionMissingError):
        update(actor=sysadmin, **{target: obj}, version=None)
    assert AuditEvent.objects.count() == events


def test_it_updates_a_unit_and_its_predecessors_all_or_nothing(sysadmin: Any, unit_a: Unit) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.unit_update(actor=sysadmin, unit=unit_a, version=1, name="Tên mới", predecessors=[unit_a])
    unit_a.refresh_from_db()
    assert (unit_a.name, unit_a.version) != ("Tên mới", 2)
    assert AuditEvent.objects.count() == events


def test_it_creates_a_group_with_its_units_in_one_call(sysadmin: Any, unit_a: Unit, unit_b: Unit) -> None:
    group = services.unit_group_create(actor=sysadmin, code="g2", name="G2", units=[unit_a, unit_b])
    assert set(group.units.all()) == {unit_a, unit_b}
    assert list(
        AuditEvent.objects.filter(object_id=str(group.pk)).order_by("seq").values_list("action", flat=True)
    ) == [
        "unit_group.create",
        "unit_group.set_units",
    ]


def test_it_writes_nothing_when_nothing_changes(sysadmin: Any, unit_a: Unit) -> None:
    services.unit_update(actor=sysadmin, unit=unit_a, version=1, name=unit_a.name)
    assert unit_a.version == 1
    assert not AuditEvent.objects.filter(action="unit.update").exists()


def test_it_refuses_the_unit_itself_as_parent(sysadmin: Any, unit_a: Unit) -> None:
    with pytest.raises(ValidationError) as exc:
        services.unit_update(actor=sysadmin, unit=unit_a, version=1, parent=unit_a)
    assert "parent" in exc.value.message_dict


def test_it_refuses_a_descendant_as_parent(sysadmin: Any, province: Unit, unit_a: Unit) -> None:
    child = UnitFactory(parent=unit_a, kind=UnitKind.SUB_UNIT)
    grandchild = UnitFactory(parent=child, kind=UnitKind.SUB_UNIT)
    with pytest.raises(ValidationError) as exc:
        services.unit_update(actor=sysadmin, unit=unit_a, version=1, parent=grandchild)
    assert "parent" in exc.value.message_dict
    unit_a.refresh_from_db()
    assert unit_a.parent_id == province.pk


def test_it_moves_a_unit_under_a_sibling(sysadmin: Any, unit_a: Unit, unit_b: Unit) -> None:
    services.unit_update(actor=sysadmin, unit=unit_a, version=1, parent=unit_b)
    unit_a.refresh_from_db()
    assert unit_a.parent_id == unit_b.pk


def test_it_refuses_fields_it_does_not_manage(sysadmin: Any, unit_a: Unit) -> None:
    with pytest.raises(TypeError):
        services.unit_update(actor=sysadmin, unit=unit_a, version=1, search_text="x")


def test_it_records_predecessors_of_a_merged_unit(sysadmin: Any, province: Unit) -> None:
    old_1 = UnitFactory(parent=province, name="Sở Kế hoạch và Đầu tư", valid_to=date(2025, 2, 28))
    old_2 = UnitFactory(parent=province, name="Sở Tài chính (cũ)", valid_to=date(2025, 2, 28))
    merged = services.unit_create(actor=sysadmin, kind=UnitKind.DEPARTMENT, name="Sở Tài chính", parent=province)
    services.unit_set_predecessors(actor=sysadmin, unit=merged, predecessors=[old_1, old_2])
    assert set(merged.predecessors.all()) == {old_1, old_2}
    assert list(old_1.successors.all()) == [merged]
    assert merged.version == 2
    event = _last_event("unit.set_predecessors")
    assert event.before["predecessors"] == []
    assert event.after["predecessors"] == sorted([old_1.pk, old_2.pk])


def test_it_refuses_a_unit_as_its_own_predecessor(sysadmin: Any, unit_a: Unit) -> None:
    with pytest.raises(ValidationError):
        services.unit_set_predecessors(actor=sysadmin, unit=unit_a, predecessors=[unit_a])


def test_it_manages_unit_groups(sysadmin: Any, unit_a: Unit, unit_b: Unit) -> None:
    group = services.unit_group_create(actor=sysadmin, code="so-ban-nganh", name="Sở, ban, ngành")
    assert _last_event("unit_group.create").after["code"] == "so-ban-nganh"
    services.unit_group_set_units(actor=sysadmin, group=group, units=[unit_a, unit_b])
    assert set(group.units.all()) == {unit_a, unit_b}
    event = _last_event("unit_group.set_units")
    assert event.before["units"] == []
    assert event.after["units"] == sorted([unit_a.pk, unit_b.pk])
    services.unit_group_update(actor=sysadmin, group=group, version=group.version, name="Các sở, ban, ngành")
    group.refresh_from_db()
    assert group.name == "Các sở, ban, ngành"
    assert group.version == 3
    with pytest.raises(ConflictError):
        services.unit_group_update(actor=sysadmin, group=group, version=1, name="Cũ")


def test_it_refuses_a_bad_group_code(sysadmin: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.unit_group_create(actor=sysadmin, code="có dấu", name="Nhóm")
    assert "code" in exc.value.message_dict
