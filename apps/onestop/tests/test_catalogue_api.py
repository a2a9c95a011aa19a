"""GET /api/v1/onestop/procedures and /api/v1/onestop/procedures/{id}: the catalogue's readers."""

from typing import Any

import pytest

from apps.onestop.models import Procedure
from apps.onestop.tests.factories import make_procedure
from apps.org.models import Unit
from conftest import client_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/onestop/procedures"


def test_it_lists_and_searches_without_diacritics(desk: Any, unit_a: Unit) -> None:
    make_procedure(agency=unit_a, code="2.000488", name="Cấp Phiếu lý lịch tư pháp")
    make_procedure(agency=unit_a, code="1.001193", name="Đăng ký khai sinh", field="Hộ tịch")
    client = client_for(desk)

    everything = client.get(URL).json()
    assert everything["count"] == 2
    found = client.get(URL, {"q": "ly lich"}).json()["items"]
    assert [p["code"] for p in found] == ["2.000488"]
    assert found[0]["agency"] == {"id": unit_a.pk, "name": "Sở Tư pháp"}
    assert [p["code"] for p in client.get(URL, {"q": "1.001"}).json()["items"]] == ["1.001193"]
    assert client.get(URL, {"level": "nowhere"}).status_code == 422
    assert client.get(URL, {"agency_id": unit_a.pk}).json()["count"] == 2
    assert client.get(URL, {"agency_id": unit_a.pk + 1000}).json()["count"] == 0
    assert client.get(URL, {"agency_id": 2**70}).status_code == 422


def test_it_reads_one_procedure_with_its_steps(leader: Any, unit_a: Unit, unit_b: Unit) -> None:
    procedure = make_procedure(agency=unit_a, steps=[(unit_a, 4), (unit_b, 3)])
    body = client_for(leader).get(f"{URL}/{procedure.pk}").json()
    assert body["code"] == procedure.code
    assert [(s["order"], s["agency"]["id"], s["days"]) for s in body["steps"]] == [(1, unit_a.pk, 4), (2, unit_b.pk, 3)]


def test_it_answers_401_403_and_404(focal_a: Any, desk: Any, procedure: Procedure, citizen: Any) -> None:
    assert citizen.get(URL).status_code == 401
    assert client_for(focal_a).get(URL).status_code == 403
    assert client_for(focal_a).get(f"{URL}/{procedure.pk}").status_code == 403
    assert client_for(desk).get(f"{URL}/999999").status_code == 404
