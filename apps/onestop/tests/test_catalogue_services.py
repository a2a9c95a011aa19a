"""The catalogue services: procedures (with inter-agency steps) and front offices."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from apps.core.actors import DEMO
from apps.core.errors import ConflictError, VersionMissingError
from apps.core.models import AuditEvent
from apps.onestop.models import Office, OnlineMode, Procedure, ProcedureLevel
from apps.onestop.services.procedures import StepSpec, office_upsert, procedure_create, procedure_update
from apps.org.models import Unit

pytestmark = pytest.mark.django_db


def _create(unit: Unit, **kwargs: Any) -> Procedure:
    values: dict[str, Any] = {
        "code": "2.000488",
        "name": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        "field": "Lý lịch tư pháp",
        "time_limit_days": 10,
        "agency": unit,
        "online_mode": OnlineMode.FULL,
    }
    values.update(kwargs)
    return procedure_create(actor=DEMO, **values)


def test_it_creates_a_procedure_with_its_search_text_and_an_audit_event(unit_a: Unit) -> None:
    procedure = _create(unit_a, name="  Cấp Phiếu   lý lịch tư pháp ")

    assert procedure.name == "Cấp Phiếu lý lịch tư pháp"
    assert " ly lich tu phap" in procedure.search_text
    assert " 2.000488" in procedure.search_text
    event = AuditEvent.objects.get(action="onestop.procedure.create")
    assert event.object_id == str(procedure.pk)
    assert event.after["code"] == "2.000488"


def test_it_refuses_a_duplicate_code_with_a_message_on_the_code(unit_a: Unit) -> None:
    _create(unit_a)
    with pytest.raises(ValidationError) as caught:
        _create(unit_a, name="Khác")
    assert "code" in caught.value.message_dict


def test_it_refuses_a_province_procedure_without_agency_and_a_bad_old_level(unit_a: Unit) -> None:
    with pytest.raises(ValidationError) as caught:
        _create(unit_a, agency=None)
    assert "agency" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        _create(unit_a, legacy_level=5)
    assert "legacy_level" in caught.value.message_dict
    commune_level = _create(unit_a, code="1.001193", agency=None, level=ProcedureLevel.COMMUNE, legacy_level=4)
    assert commune_level.agency is None


def test_it_saves_steps_and_refuses_steps_longer_than_the_time_limit(unit_a: Unit, unit_b: Unit) -> None:
    steps = [StepSpec(unit_a, 6, "Thẩm định"), StepSpec(unit_b, 4, "Ý kiến")]
    procedure = _create(unit_a, steps=steps)
    assert [(s.order, s.agency_id, s.days) for s in procedure.steps.all()] == [(1, unit_a.pk, 6), (2, unit_b.pk, 4)]
    assert procedure.is_inter_agency

    with pytest.raises(ValidationError) as caught:
        _create(unit_a, code="9.000001", steps=[StepSpec(unit_a, 8), StepSpec(unit_b, 4)])
    assert "12 working days in all, more than the time limit of 10" in caught.value.message_dict["steps"][0]
    assert not Procedure.objects.filter(code="9.000001").exists()

    with pytest.raises(ValidationError):  # lowering the time limit below the steps is refused too
        procedure_update(actor=DEMO, procedure=procedure, version=procedure.version, time_limit_days=9)


def test_it_updates_with_a_version_and_writes_nothing_when_nothing_changes(unit_a: Unit, unit_b: Unit) -> None:
    procedure = _create(unit_a)
    same = procedure_update(actor=DEMO, procedure=procedure, version=1, name=procedure.name, time_limit_days=10)
    assert same.version == 1
    assert not AuditEvent.objects.filter(action="onestop.procedure.update").exists()

    changed = procedure_update(
        actor=DEMO, procedure=procedure, version=1, time_limit_days=12, steps=[StepSpec(unit_b, 5)]
    )
    assert changed.version == 2
    assert list(changed.steps.values_list("agency_id", "days")) == [(unit_b.pk, 5)]
    event = AuditEvent.objects.get(action="onestop.procedure.update")
    assert event.before["time_limit_days"] == 10
    assert event.after["steps"] == [[unit_b.pk, 5, ""]]

    with pytest.raises(ConflictError):
        procedure_update(actor=DEMO, procedure=Procedure.objects.get(pk=procedure.pk), version=1, name="Cũ")
    with pytest.raises(VersionMissingError):
        procedure_update(actor=DEMO, procedure=procedure, version=None, name="Không phiên bản")


def test_it_creates_then_updates_an_office_and_validates_the_pattern(centre: Unit, commune: Unit) -> None:
    office = office_upsert(actor=DEMO, unit=centre, agency_code="000.00.08.H56")
    assert office.code_pattern == "{agency}-{yymmdd}-{seq:04d}"
    assert AuditEvent.objects.filter(action="onestop.office.create").count() == 1

    again = office_upsert(actor=DEMO, unit=centre, agency_code="000.00.08.H56", version=office.version)
    assert again.version == 1  # nothing changed, nothing written

    with pytest.raises(VersionMissingError):
        office_upsert(actor=DEMO, unit=centre, agency_code="000.00.09.H56")
    with pytest.raises(ValidationError) as caught:
        office_upsert(actor=DEMO, unit=centre, agency_code="000.00.08.H56", code_pattern="{agency}-{day}", version=1)
    assert "code_pattern" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        office_upsert(actor=DEMO, unit=commune, agency_code="000.00.08.H56")
    assert "agency_code" in caught.value.message_dict

    updated = office_upsert(
        actor=DEMO, unit=centre, agency_code="000.00.08.H56", code_pattern="{agency}-{yyyymmdd}-{seq:05d}", version=1
    )
    assert updated.version == 2
    assert Office.objects.count() == 1
    assert AuditEvent.objects.filter(action="onestop.office.update").count() == 1
