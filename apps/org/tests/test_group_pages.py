from typing import Any

import pytest
from django.urls import reverse

from apps.core.models import AuditEvent
from apps.org import services
from apps.org.models import Unit, UnitGroup
from apps.org.tests.factories import UnitGroupFactory
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(unit_a: Unit) -> UnitGroup:
    group = UnitGroupFactory(code="so-ban-nganh", name="Sở, ban, ngành")
    group.units.add(unit_a)
    return group


def test_it_lists_groups_to_any_signed_in_user(focal_a: Any, group: UnitGroup) -> None:
    response = client_for(focal_a).get(reverse("org:group_list"))
    assert response.status_code == 200
    assert "Sở, ban, ngành" in response.text
    assert 'data-testid="group-create"' not in response.text


def test_it_shows_a_group_with_its_units(focal_a: Any, group: UnitGroup, unit_a: Unit) -> None:
    response = client_for(focal_a).get(reverse("org:group_detail", args=[group.pk]))
    assert response.status_code == 200
    assert unit_a.name in response.text


def test_it_gives_404_for_a_missing_group(focal_a: Any) -> None:
    assert client_for(focal_a).get(reverse("org:group_detail", args=[99999])).status_code == 404


def test_it_creates_a_group_with_units(sysadmin: Any, unit_a: Unit, unit_b: Unit) -> None:
    response = client_for(sysadmin).post(
        reverse("org:group_create"), {"code": "so-nganh", "name": "Sở ngành", "units": [unit_a.pk, unit_b.pk]}
    )
    assert response.status_code == 302
    group = UnitGroup.objects.get(code="so-nganh")
    assert set(group.units.all()) == {unit_a, unit_b}
    assert AuditEvent.objects.filter(action="unit_group.set_units", object_id=str(group.pk)).exists()


def test_it_edits_a_group(sysadmin: Any, group: UnitGroup, unit_b: Unit) -> None:
    url = reverse("org:group_edit", args=[group.pk])
    assert client_for(sysadmin).get(url).status_code == 200
    response = client_for(sysadmin).post(
        url, {"code": group.code, "name": "Các sở", "units": [unit_b.pk], "version": group.version}
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Các sở"
    assert list(group.units.all()) == [unit_b]


def test_it_refuses_a_stale_group_edit_with_409(sysadmin: Any, group: UnitGroup) -> None:
    services.unit_group_update(actor=sysadmin, group=group, version=1, description="Đã sửa")
    response = client_for(sysadmin).post(
        reverse("org:group_edit", args=[group.pk]), {"code": group.code, "name": "Cũ", "version": 1}
    )
    assert response.status_code == 409


def test_it_refuses_a_bad_group_with_400(sysadmin: Any) -> None:
    response = client_for(sysadmin).post(reverse("org:group_create"), {"code": "có dấu", "name": ""})
    assert response.status_code == 400


def test_it_refuses_a_unit_id_too_large_for_the_database_with_400(sysadmin: Any, group: UnitGroup) -> None:
    url = reverse("org:group_edit", args=[group.pk])
    data = {"code": group.code, "name": "Các sở", "units": ["9" * 30], "version": group.version}
    response = client_for(sysadmin).post(url, data)
    assert response.status_code == 400
    assert "Select a valid choice." in response.text
    group.refresh_from_db()
    assert group.name == "Sở, ban, ngành"


def test_it_refuses_a_duplicate_code_with_400(sysadmin: Any, group: UnitGroup) -> None:
    response = client_for(sysadmin).post(reverse("org:group_create"), {"code": group.code, "name": "Trùng"})
    assert response.status_code == 400


def test_it_refuses_group_writes_to_a_focal_point(focal_a: Any, group: UnitGroup) -> None:
    client = client_for(focal_a)
    assert client.get(reverse("org:group_create")).status_code == 403
    assert client.post(reverse("org:group_create"), {"code": "x", "name": "X"}).status_code == 403
    assert client.post(reverse("org:group_edit", args=[group.pk]), {"code": "x", "name": "X"}).status_code == 403


def test_it_gives_404_when_editing_a_missing_group(sysadmin: Any) -> None:
    assert client_for(sysadmin).post(reverse("org:group_edit", args=[99999]), {}).status_code == 404


def test_it_refuses_other_methods(sysadmin: Any, group: UnitGroup) -> None:
    client = client_for(sysadmin)
    assert client.post(reverse("org:group_list")).status_code == 405
    assert client.post(reverse("org:group_detail", args=[group.pk])).status_code == 405
    assert client.put(reverse("org:group_create")).status_code == 405
    assert client.put(reverse("org:group_edit", args=[group.pk])).status_code == 405
