from typing import Any

import pytest
from django.urls import reverse

from apps.core.models import AuditEvent
from apps.org import services
from apps.org.models import Unit, UnitKind
from apps.org.tests.factories import UnitFactory
from conftest import client_for

pytestmark = pytest.mark.django_db


def _data(unit: Unit, **changes: Any) -> dict[str, Any]:
    data = {
        "kind": unit.kind,
        "name": unit.name,
        "short_name": unit.short_name,
        "code": unit.code,
        "parent": unit.parent_id or "",
        "valid_from": "",
        "valid_to": "",
        "sort_order": unit.sort_order,
        "version": unit.version,
    }
    data.update(changes)
    return data


def test_it_shows_the_create_form_to_the_system_admin(sysadmin: Any, province: Unit) -> None:
    response = client_for(sysadmin).get(reverse("org:unit_create"), {"parent": province.pk})
    assert response.status_code == 200
    assert 'data-testid="unit-form"' in response.text


def test_it_creates_a_unit(sysadmin: Any, province: Unit) -> None:
    old = UnitFactory(parent=province, name="Sở Giao thông vận tải")
    response = client_for(sysadmin).post(
        reverse("org:unit_create"),
        {
            "kind": UnitKind.DEPARTMENT,
            "name": "Sở Xây dựng",
            "short_name": "SXD",
            "parent": province.pk,
            "valid_from": "01/03/2025",
            "predecessors": [old.pk],
        },
    )
    unit = Unit.objects.get(name="Sở Xây dựng")
    assert response.status_code == 302
    assert response["Location"] == reverse("org:unit_detail", args=[unit.pk])
    assert unit.valid_from.isoformat() == "2025-03-01"
    assert unit.search_text == " so xay dung sxd"
    assert list(unit.predecessors.all()) == [old]
    assert AuditEvent.objects.filter(action="unit.create", object_id=str(unit.pk)).exists()


def test_it_shows_bad_input_with_400(sysadmin: Any) -> None:
    count = Unit.objects.count()
    response = client_for(sysadmin).post(
        reverse("org:unit_create"), {"kind": "x", "name": "", "valid_from": "2025/13/45"}
    )
    assert response.status_code == 400
    assert "invalid-feedback" in response.text
    assert Unit.objects.count() == count


def test_it_refuses_the_create_form_to_a_focal_point(focal_a: Any) -> None:
    client = client_for(focal_a)
    assert client.get(reverse("org:unit_create")).status_code == 403
    assert client.post(reverse("org:unit_create"), {"kind": UnitKind.DEPARTMENT, "name": "X"}).status_code == 403
    assert not Unit.objects.filter(name="X").exists()


def test_it_refuses_other_methods_on_create(sysadmin: Any) -> None:
    assert client_for(sysadmin).put(reverse("org:unit_create")).status_code == 405


def test_it_edits_a_unit(sysadmin: Any, unit_a: Unit) -> None:
    url = reverse("org:unit_edit", args=[unit_a.pk])
    client = client_for(sysadmin)
    form = client.get(url)
    assert form.status_code == 200
    assert 'name="version" value="1"' in form.text
    response = client.post(url, _data(unit_a, name="Sở Tư pháp tỉnh Tuyên Quang", valid_to="31/12/2030"))
    assert response.status_code == 302
    unit_a.refresh_from_db()
    assert unit_a.name == "Sở Tư pháp tỉnh Tuyên Quang"
    assert unit_a.valid_to.isoformat() == "2030-12-31"
    assert unit_a.version == 2


def test_it_refuses_a_stale_edit_with_409(sysadmin: Any, unit_a: Unit) -> None:
    stale = _data(unit_a, name="Tên của tôi")
    services.unit_update(actor=sysadmin, unit=Unit.objects.get(pk=unit_a.pk), version=1, short_name="STP-TQ")
    response = client_for(sysadmin).post(reverse("org:unit_edit", args=[unit_a.pk]), stale)
    assert response.status_code == 409
    assert "Someone else changed this unit in the meantime" in response.text
    unit_a.refresh_from_db()
    assert unit_a.name == "Sở Tư pháp"


def test_it_refuses_an_edit_without_a_version(sysadmin: Any, unit_a: Unit) -> None:
    response = client_for(sysadmin).post(reverse("org:unit_edit", args=[unit_a.pk]), _data(unit_a, version=""))
    assert response.status_code == 400


def test_it_refuses_a_cycle_with_400(sysadmin: Any, unit_a: Unit) -> None:
    child = UnitFactory(parent=unit_a, kind=UnitKind.SUB_UNIT)
    response = client_for(sysadmin).post(reverse("org:unit_edit", args=[unit_a.pk]), _data(unit_a, parent=child.pk))
    assert response.status_code == 400
    assert "cannot sit under itself" in response.text


def test_it_refuses_a_predecessor_id_too_large_for_the_database_with_400(sysadmin: Any, unit_a: Unit) -> None:
    data = _data(unit_a, name="Sở Tư pháp mới", predecessors=["9" * 30])
    response = client_for(sysadmin).post(reverse("org:unit_edit", args=[unit_a.pk]), data)
    assert response.status_code == 400
    assert "Select a valid choice." in response.text
    unit_a.refresh_from_db()
    assert unit_a.name == "Sở Tư pháp"


def test_it_refuses_the_edit_form_to_a_focal_point(focal_a: Any, unit_a: Unit) -> None:
    url = reverse("org:unit_edit", args=[unit_a.pk])
    assert client_for(focal_a).get(url).status_code == 403
    assert client_for(focal_a).post(url, _data(unit_a, name="Hacked")).status_code == 403
    unit_a.refresh_from_db()
    assert unit_a.name == "Sở Tư pháp"


def test_it_gives_404_when_editing_a_missing_unit(sysadmin: Any) -> None:
    assert client_for(sysadmin).post(reverse("org:unit_edit", args=[99999]), {}).status_code == 404


def test_it_refuses_other_methods_on_edit(sysadmin: Any, unit_a: Unit) -> None:
    assert client_for(sysadmin).delete(reverse("org:unit_edit", args=[unit_a.pk])).status_code == 405
