"""A resolving officer of unit B never reads or changes unit A's one-stop dossiers.

Walks every one-stop page and every one-stop API operation (found from the resolver and the OpenAPI
schema, so pages added later are covered), fills each id in the path with the ids of unit A's dossier
(and its events and steps), and calls it as a resolving officer of unit B with GET and POST. Unit A's
dossier carries a marker text: it must never appear in a response, and nothing of it may change.
"""

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from apps.onestop.models import Dossier, Office
from apps.onestop.services import dossiers as svc
from apps.onestop.tests.factories import make_procedure
from apps.org.models import Role, UnitKind
from apps.org.tests.factories import UnitFactory, user_with_role
from config.api import api
from conftest import client_for
from tests.test_url_access import ROUTES

pytestmark = pytest.mark.django_db
MARKER = "MARKER-OF-UNIT-A"
NOW = datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
ACTIONS = ("transfer", "resolve", "refuse", "stop", "withdraw", "apologise", "request_supplement", "return")
PAYLOAD = {"version": "1", "note": "x", "reason": "x", "delivery": "counter", "new_date": "31/03/2026"}


@pytest.fixture
def unit_a_dossier(province: Any, unit_a: Any, unit_b: Any, commune: Any) -> dict[str, Any]:
    centre = UnitFactory(parent=province, kind=UnitKind.SERVICE_CENTRE, name="Trung tâm PVHCC")
    Office.objects.create(unit=centre, agency_code="000.00.08.H56")
    desk = user_with_role("iso_desk", Role.ONESTOP_OFFICER, centre, "Đỗ Thị Mai")
    user_with_role("iso_clerk_a", Role.RESOLVING_OFFICER, unit_a, "Hoàng Thị Lan")
    procedure = make_procedure(agency=unit_a, steps=[(unit_a, 5), (commune, 5)])
    with time_machine.travel(NOW, tick=False):
        dossier = svc.dossier_receive(
            actor=desk,
            office_unit=centre,
            procedure=procedure,
            applicant_name=f"{MARKER} Nguyễn Văn An",
            applicant_phone="0912 345 678",
            applicant_email="marker@example.vn",
            note=f"{MARKER} note",
        )
        dossier = svc.dossier_transfer(actor=desk, dossier=dossier, version=dossier.version, note=f"{MARKER} t")
    ids = {dossier.pk, procedure.pk, *dossier.events.values_list("pk", flat=True)}
    ids |= set(dossier.steps.values_list("pk", flat=True))
    return {"dossier": dossier, "ids": sorted(ids)}


@pytest.fixture
def clerk_b(unit_b: Any) -> Any:
    return user_with_role("iso_clerk_b", Role.RESOLVING_OFFICER, unit_b, "Người Ngoài")


def _state(dossier: Dossier) -> tuple[Any, ...]:
    dossier.refresh_from_db()
    return (dossier.state, dossier.version, dossier.due_date, dossier.current_unit_id, dossier.events.count())


def _page_urls(ids: list[int]) -> list[str]:
    urls = []
    for route in ROUTES:
        if not (route.name or "").startswith(("onestop:", "onestop_public:")):
            continue
        pattern = route.route
        if "<" not in pattern:
            urls.append(route.url)
            continue
        for value in ids:
            urls.append("/" + re.sub(r"<int:\w+>", str(value), pattern))
    return urls


def _api_calls(ids: list[int]) -> list[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix=reverse("api-1.0.0:api-root"))
    calls = []
    for path, operations in schema["paths"].items():
        if "/onestop/" not in path:
            continue
        for method in operations:
            if "{" not in path:
                calls.append((method, path))
            for value in ids:
                calls.append((method, re.sub(r"\{\w+\}", str(value), path)))
    return calls


def _body(response: Any) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def test_it_never_shows_unit_a_dossiers_to_unit_b_through_any_page(
    unit_a_dossier: dict[str, Any], clerk_b: Any
) -> None:
    client = client_for(clerk_b)
    dossier = unit_a_dossier["dossier"]
    before = _state(dossier)
    checked = 0
    with time_machine.travel(NOW):
        for url in _page_urls(unit_a_dossier["ids"]):
            payload = {**PAYLOAD, **{f"{a}-{k}": v for a in ACTIONS for k, v in PAYLOAD.items()}}
            for response in (client.get(url), client.post(url, payload)):
                assert MARKER not in _body(response), (
                    f"{url} showed unit A's dossier to unit B ({response.status_code})"
                )
                assert response.status_code < 500, url
                checked += 1
        assert client.get(reverse("onestop:dossier_detail", args=[dossier.pk])).status_code == 404
        transfer = reverse("onestop:dossier_transfer", args=[dossier.pk])
        assert client.post(transfer, {"transfer-version": str(dossier.version)}).status_code == 404
        for q in ("marker", "0912", dossier.code[:9]):
            assert MARKER not in client.get(reverse("onestop:inbox_results"), {"q": q}).content.decode()
    assert checked > 20
    assert _state(dossier) == before


def test_it_never_shows_unit_a_dossiers_to_unit_b_through_the_api(unit_a_dossier: dict[str, Any], clerk_b: Any) -> None:
    client = client_for(clerk_b)
    dossier = unit_a_dossier["dossier"]
    before = _state(dossier)
    with time_machine.travel(NOW):
        for method, url in _api_calls(unit_a_dossier["ids"]):
            response = getattr(client, method)(url, {**PAYLOAD, "version": 1}, content_type="application/json")
            assert MARKER not in response.content.decode(), f"{method.upper()} {url} leaked unit A's dossier"
            assert response.status_code < 500, f"{method.upper()} {url}"
    assert _state(dossier) == before


def test_it_shows_unit_a_its_own_dossier(unit_a_dossier: dict[str, Any]) -> None:
    """The marker is really there: the walk above would catch a leak."""
    from django.contrib.auth import get_user_model

    clerk_a = get_user_model().objects.get(username="iso_clerk_a")
    dossier = unit_a_dossier["dossier"]
    with time_machine.travel(NOW):
        assert MARKER in client_for(clerk_a).get(reverse("onestop:dossier_detail", args=[dossier.pk])).content.decode()
        assert MARKER in client_for(clerk_a).get(reverse("onestop:inbox")).content.decode()
