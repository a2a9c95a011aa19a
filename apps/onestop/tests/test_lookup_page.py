"""The citizen's look-up (/tra-cuu-ho-so/ and POST /api/v1/onestop/lookup): the answer, and its
resistance to enumeration (one answer for a wrong code and wrong digits, rate limits, a per-code lock)."""

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.onestop.models import Dossier
from apps.onestop.selectors.lookup import MAX_FAILURES, initials, normalise_code
from apps.onestop.services import dossiers as svc
from apps.onestop.tests.factories import local, receive

pytestmark = pytest.mark.django_db
URL = "/tra-cuu-ho-so/"
API = "/api/v1/onestop/lookup"


@pytest.fixture(autouse=True)
def _fresh_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dossier(desk: Any, clerk_a: Any, office: Any, procedure: Any) -> Dossier:
    """Received with a phone; transferred, then apologised for with a new date."""
    d = receive(
        desk, office, procedure, local(2026, 3, 2, 9), applicant_name="Nguyễn Văn An", applicant_email="an@example.vn"
    )
    d = svc.dossier_transfer(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 2, 10))
    return svc.dossier_apologise(
        actor=clerk_a,
        dossier=d,
        version=d.version,
        reason="Cần xác minh thêm thông tin",
        new_date=date(2026, 3, 23),
        at=local(2026, 3, 5, 9),
    )


def ask(client: Client, code: str, secret: str) -> Any:
    return client.post(URL, {"code": code, "secret": secret})


def error_text(response: Any) -> str:
    match = re.search(r'data-testid="lookup-error">(.*?)</div>', response.content.decode(), re.S)
    return match.group(1) if match else ""


def test_it_shows_the_state_the_steps_the_appointment_and_the_apology(dossier: Dossier, citizen: Client) -> None:
    response = ask(citizen, dossier.code, "5678")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="lookup-answer"' in html
    assert "N. V. A." in html
    assert "Cần xác minh thêm thông tin" in html
    assert "23/03/2026" in html or "03/23/2026" in html
    assert [s.kind for s in response.context["answer"].steps] == ["receive", "transfer", "apologise"]
    assert response["Cache-Control"] == "private, no-store"


def test_it_tells_nothing_personal_beyond_the_initials(dossier: Dossier, citizen: Client, desk: Any) -> None:
    html = ask(citizen, dossier.code, "5678").content.decode()
    for secret in (
        "Nguyễn Văn An",
        "0912",
        "345 678",
        "912345678",
        "an@example.vn",
        "Đỗ Thị Mai",
        "Hoàng Thị Lan",
        "desk",
    ):
        assert secret not in html, secret
    body = citizen.post(API, {"code": dossier.code, "secret": "5678"}, content_type="application/json").json()
    text = str(body)
    for secret in ("Nguyễn Văn An", "912345678", "an@example.vn", "Hoàng Thị Lan", "clerk_a"):
        assert secret not in text, secret
    assert body["initials"] == "N. V. A."
    assert [s["kind"] for s in body["steps"]] == ["receive", "transfer", "apologise"]
    assert body["apology"]["new_date"] == "2026-03-23"


def test_it_gives_one_answer_for_a_wrong_code_and_wrong_digits(dossier: Dossier, citizen: Client) -> None:
    wrong_code = ask(citizen, "000.00.08.H56-260302-0099", "5678")
    wrong_digits = ask(citizen, dossier.code, "1234")
    garbage = ask(citizen, "<script>", "5678")
    assert wrong_code.status_code == wrong_digits.status_code == garbage.status_code == 404
    assert error_text(wrong_code) == error_text(wrong_digits) == error_text(garbage) != ""
    assert "lookup-answer" not in wrong_digits.content.decode()
    api_code = citizen.post(API, {"code": "X-1", "secret": "5678"}, content_type="application/json")
    api_digits = citizen.post(API, {"code": dossier.code, "secret": "0000"}, content_type="application/json")
    assert api_code.status_code == api_digits.status_code == 404
    assert api_code.json() == api_digits.json()


def test_it_does_the_same_work_for_a_wrong_code_and_wrong_digits(dossier: Dossier, citizen: Client) -> None:
    with CaptureQueriesContext(connection) as wrong_code:
        ask(citizen, "000.00.08.H56-260302-0099", "5678")
    with CaptureQueriesContext(connection) as wrong_digits:
        ask(citizen, dossier.code, "1234")
    assert len(wrong_code) == len(wrong_digits) == 1
    with CaptureQueriesContext(connection) as right:
        ask(citizen, dossier.code, "5678")
    assert len(right) == 2  # the dossier with its procedure, its events


def test_it_takes_the_pin_when_no_phone_was_given(desk: Any, office: Any, procedure: Any, citizen: Client) -> None:
    d = receive(desk, office, procedure, local(2026, 3, 2, 9), applicant_phone="", applicant_email="b@example.vn")
    assert len(d.pin) == 6
    assert ask(citizen, d.code, d.pin).status_code == 200
    assert ask(citizen, d.code, "").status_code == 400
    other = "000000" if d.pin != "000000" else "111111"
    assert ask(citizen, d.code, other).status_code == 404


def test_it_reads_the_code_as_people_type_it(dossier: Dossier, citizen: Client) -> None:
    assert ask(citizen, " " + dossier.code.lower() + " ", "56 78").status_code == 200
    assert normalise_code("000.00.08.h56-260302-0001") == "000.00.08.H56-260302-0001"
    assert normalise_code("a" * 61) == normalise_code("x;y") == ""
    assert initials("Nguyễn thị  Ánh") == "N. T. Á."


def test_it_fills_the_code_in_from_the_receipts_qr_code(citizen: Client) -> None:
    response = citizen.get(URL, {"ma": "000.00.08.H56-260302-0001"})
    assert response.status_code == 200
    assert 'value="000.00.08.H56-260302-0001"' in response.content.decode()
    assert reverse("onestop_public:lookup") == URL


def test_it_limits_attempts_per_address(dossier: Dossier, citizen: Client, settings: Any) -> None:
    settings.ONESTOP_LOOKUP_RATE = "3/m"
    for _attempt in range(3):
        assert ask(citizen, "X-1", "1111").status_code == 404
    assert ask(citizen, dossier.code, "5678").status_code == 429
    assert (
        citizen.post(API, {"code": dossier.code, "secret": "5678"}, content_type="application/json").status_code == 429
    )


def test_it_locks_a_code_after_too_many_failures_whether_it_exists_or_not(dossier: Dossier, settings: Any) -> None:
    settings.ONESTOP_LOOKUP_RATE = "1000/m"
    settings.PUBLIC_RATE_LIMIT = "1000/m"
    answers = {}
    for code in (dossier.code, "000.00.08.H56-260302-0099"):
        for attempt in range(MAX_FAILURES):
            client = Client(REMOTE_ADDR=f"10.0.{attempt}.1")  # from many addresses
            assert ask(client, code, "0000").status_code == 404
        answers[code] = ask(Client(REMOTE_ADDR="10.9.9.9"), code, "5678")
    locked, made_up = answers.values()
    assert locked.status_code == made_up.status_code == 429
    assert error_text(locked) == error_text(made_up)


def test_it_refuses_other_methods(citizen: Client) -> None:
    assert citizen.put(URL).status_code == 405
    assert citizen.delete(URL).status_code == 405
    assert citizen.get(API).status_code == 405


def test_it_refuses_a_bad_token_rather_than_answering_anonymously(dossier: Dossier, citizen: Client) -> None:
    response = citizen.post(
        API, {"code": dossier.code, "secret": "5678"}, content_type="application/json", HTTP_AUTHORIZATION="Bearer nope"
    )
    assert response.status_code == 401


def test_it_answers_a_signed_in_caller_like_anyone(dossier: Dossier, leader: Any) -> None:
    client = Client()
    client.force_login(leader)
    body = client.post(API, {"code": dossier.code, "secret": "5678"}, content_type="application/json").json()
    assert body["initials"] == "N. V. A." and "applicant_phone" not in body


def test_it_names_the_documents_a_supplement_request_asks_for(dossier: Dossier, citizen: Client, clerk_a: Any) -> None:
    svc.dossier_request_supplement(
        actor=clerk_a,
        dossier=dossier,
        version=dossier.version,
        reason="Thiếu giấy tờ",
        items=[{"name": "Bản sao giấy chứng nhận kết hôn", "kind": "certified_copy", "quantity": 1}],
        at=local(2026, 3, 6, 9),
    )
    html = ask(citizen, dossier.code, "5678").content.decode()
    assert 'data-testid="lookup-missing"' in html and "Bản sao giấy chứng nhận kết hôn" in html
