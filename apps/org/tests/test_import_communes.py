from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from apps.core.models import AuditEvent
from apps.org import services
from apps.org.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


def test_it_imports_the_124_communes_of_tuyen_quang_once(sysadmin: Any, province: Unit) -> None:
    created, updated = services.units_import_communes(actor=sysadmin, province_code=8, parent=province)
    assert (created, updated) == (124, 0)
    assert Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE).count() == 117
    assert Unit.objects.filter(parent=province, kind=UnitKind.WARD).count() == 7
    minh_xuan = Unit.objects.get(kind=UnitKind.WARD, name="Phường Minh Xuân")
    assert minh_xuan.code == "02215"
    assert minh_xuan.search_text == " phuong minh xuan 02215"
    assert AuditEvent.objects.filter(action="unit.create").count() == 124

    assert services.units_import_communes(actor=sysadmin, province_code=8, parent=province) == (0, 0)
    assert Unit.objects.filter(parent=province).exclude(kind=UnitKind.DEPARTMENT).count() == 124


def test_it_updates_a_renamed_commune(sysadmin: Any, province: Unit) -> None:
    services.units_import_communes(actor=sysadmin, province_code=8, parent=province)
    unit = Unit.objects.get(kind=UnitKind.WARD, code="02215")
    services.unit_update(actor=sysadmin, unit=unit, version=unit.version, name="Tên tạm")
    assert services.units_import_communes(actor=sysadmin, province_code=8, parent=province) == (0, 1)
    unit.refresh_from_db()
    assert unit.name == "Phường Minh Xuân"


def test_the_command_prints_counts(province: Unit) -> None:
    out = StringIO()
    call_command("import_communes", "--province", "8", stdout=out)
    assert "124 created, 0 updated" in out.getvalue()
    out = StringIO()
    call_command("import_communes", "--province", "8", "--parent-code", "08", stdout=out)
    assert "0 created, 0 updated" in out.getvalue()


def test_the_command_needs_the_province_unit(db: None) -> None:
    with pytest.raises(CommandError):
        call_command("import_communes", "--province", "8", stdout=StringIO())
