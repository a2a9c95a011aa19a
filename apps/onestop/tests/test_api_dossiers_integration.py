"""The integration API: receive, read and move dossiers, each write once per Idempotency-Key."""

from typing import Any

import pytest
from django.test import Client

from apps.accounts.tokens import api_token_create
from apps.core.models import AuditEvent
from apps.onestop.models import Dossier, DossierEvent, IntegrationCall, Source
from apps.onestop.tests.factories import local, receive

pytestmark = pytest.mark.django_db
BASE = "/api/v1/onestop/dossiers/"


def token_client(user: Any) -> Client:
    _token, raw = api_token_create(user=user, name="tỉnh")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def session_client(user: Any) -> Client:
    client = Client(enforce_csrf_checks=False)
    client.force_login(user)
    return client


def body(procedure: Any, **extra: Any) -> dict[str, Any]:
    return {
        "office": "000.00.08.H56",
        "procedure": procedure.code,
        "applicant_name": "Nguyễn Văn An",
        "applicant_phone": "0912 345 678",
        "channel": "online",
        "received_at": "2026-11-16T09:00:00+07:00",
        **extra,
    }


def post(client: Client, url: str, data: dict[str, Any], key: str | None = "k-1") -> Any:
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(url, data, content_type="application/json", **headers)


def test_it_receives_a_dossier_once_per_key(sysadmin: Any, office: Any, procedure: Any) -> None:
    client = token_client(sysadmin)
    first = post(client, BASE, body(procedure))
    assert first.status_code == 201, first.json()
    answer = first.json()
    assert answer["code"] == "000.00.08.H56-261116-0001" and answer["state"] == "received"
    assert answer["source"] == Source.API and answer["events"][0]["kind"] == "receive"
    again = post(client, BASE, body(procedure))
    assert again.status_code == 201 and again.json() == answer
    assert Dossier.objects.count() == 1 and DossierEvent.objects.count() == 1
    assert AuditEvent.objects.filter(action="onestop.dossier.receive").count() == 1
    assert IntegrationCall.objects.get().key == "k-1"


def test_it_refuses_the_same_key_with_another_body(sysadmin: Any, office: Any, procedure: Any) -> None:
    client = token_client(sysadmin)
    assert post(client, BASE, body(procedure)).status_code == 201
    other = post(client, BASE, body(procedure, applicant_name="Người khác"))
    assert other.status_code == 422 and "different request" in other.json()["message"]
    assert Dossier.objects.count() == 1


def test_it_needs_an_idempotency_key(sysadmin: Any, office: Any, procedure: Any) -> None:
    response = post(token_client(sysadmin), BASE, body(procedure), key=None)
    assert response.status_code == 400 and "Idempotency-Key" in response.json()["message"]
    assert post(token_client(sysadmin), BASE, body(procedure), key="x" * 101).status_code == 400


def test_it_refuses_bad_input_with_the_envelope(sysadmin: Any, office: Any, procedure: Any) -> None:
    client = token_client(sysadmin)
    assert post(client, BASE, body(procedure, office="nope")).status_code == 400
    assert post(client, BASE, {**body(procedure), "procedure": "9.9"}, key="k2").status_code == 400
    bad_phone = post(client, BASE, body(procedure, applicant_phone="abc"), key="k3")
    assert bad_phone.status_code == 400 and "applicant_phone" in bad_phone.json()["detail"]
    assert post(client, BASE, body(procedure, channel="fax"), key="k4").status_code == 422
    assert IntegrationCall.objects.count() == 0


def test_it_answers_401_403_404_405(
    citizen: Client, desk: Any, clerk_b: Any, focal_a: Any, office: Any, procedure: Any
) -> None:
    assert post(citizen, BASE, body(procedure)).status_code == 401
    assert citizen.get(BASE + "X").status_code == 401
    assert post(session_client(focal_a), BASE, body(procedure)).status_code == 403
    dossier = receive(desk, office, procedure, at=local(2026, 11, 16, 9))
    url = f"{BASE}{dossier.code}"
    assert session_client(clerk_b).get(url).status_code == 404
    assert post(session_client(clerk_b), url + "/transitions/", {"action": "transfer", "version": 1}).status_code == 404
    assert session_client(desk).get(BASE + "000-000000-0000").status_code == 404
    assert session_client(desk).get(url + "/transitions/").status_code == 405
    assert session_client(desk).delete(url).status_code == 405


def test_a_province_role_reads_but_may_not_move(leader: Any, desk: Any, office: Any, procedure: Any) -> None:
    dossier = receive(desk, office, procedure, at=local(2026, 11, 16, 9))
    client = session_client(leader)
    assert client.get(f"{BASE}{dossier.code}").status_code == 200
    assert post(client, f"{BASE}{dossier.code}/transitions/", {"action": "transfer", "version": 1}).status_code == 403


def test_an_officer_of_the_office_receives_there_only(
    desk: Any, desk_commune: Any, office: Any, commune_office: Any, procedure: Any
) -> None:
    assert post(session_client(desk), BASE, body(procedure)).status_code == 201
    assert post(session_client(desk_commune), BASE, body(procedure), key="k-2").status_code == 403


def test_it_moves_a_dossier_once_per_key_and_refuses_stale_versions(
    sysadmin: Any, clerk_a: Any, desk: Any, office: Any, procedure: Any
) -> None:
    dossier = receive(desk, office, procedure, at=local(2026, 11, 16, 9))
    url = f"{BASE}{dossier.code}/transitions/"
    client = token_client(sysadmin)
    step = {"action": "transfer", "version": 1, "at": "2026-11-16T10:00:00+07:00", "note": "chuyển"}
    first = post(client, url, step, key="t-1")
    assert first.status_code == 200, first.json()
    assert first.json()["state"] == "processing" and first.json()["version"] == 2
    assert post(client, url, step, key="t-1").json() == first.json()  # the retry changes nothing
    assert dossier.events.count() == 2
    stale = post(client, url, {**step, "action": "resolve"}, key="t-2")
    assert stale.status_code == 409
    clerk = session_client(clerk_a)
    resolved = post(clerk, url, {"action": "resolve", "version": 2, "at": "2026-11-20T10:00:00+07:00"}, key="t-3")
    assert resolved.status_code == 200 and resolved.json()["timing"] == "early"
    illegal = post(clerk, url, {"action": "request_supplement", "version": 3, "reason": "thiếu"}, key="t-4")
    assert illegal.status_code == 400
    returned = post(clerk, url, {"action": "return", "version": 3, "delivery": "postal"}, key="t-5")
    assert returned.status_code == 200 and returned.json()["state"] == "returned"
    assert [e["kind"] for e in returned.json()["events"]] == ["receive", "transfer", "resolve", "return"]
    assert set(DossierEvent.objects.exclude(idempotency_key="").values_list("idempotency_key", flat=True)) == {
        "t-1",
        "t-3",
        "t-5",
    }


def test_it_runs_every_transition(sysadmin: Any, desk: Any, office: Any, procedure: Any) -> None:
    client = token_client(sysadmin)
    steps = [
        {"action": "transfer"},
        {"action": "request_supplement", "reason": "Thiếu bản sao"},
        {"action": "receive_supplement"},
        {"action": "apologise", "reason": "Cần xác minh", "new_date": "2026-12-31", "confirm_late": True},
        {"action": "stop", "reason": "Đề nghị dừng"},
    ]
    dossier = receive(desk, office, procedure, at=local(2026, 11, 16, 9))
    for version, step in enumerate(steps, start=1):
        response = post(client, f"{BASE}{dossier.code}/transitions/", {**step, "version": version}, key=f"s{version}")
        assert response.status_code == 200, (step, response.json())
    for action, reason in (("refuse", "Không đủ điều kiện"), ("withdraw", "")):
        other = receive(desk, office, procedure, at=local(2026, 11, 16, 9))
        response = post(
            client, f"{BASE}{other.code}/transitions/", {"action": action, "version": 1, "reason": reason}, key=action
        )
        assert response.status_code == 200, response.json()
    refused = post(client, f"{BASE}{other.code}/transitions/", {"action": "refuse", "version": 2}, key="r2")
    assert refused.status_code == 400
