"""Form 07, the register of a unit's dossiers for a period: page, Word file, bad input, access."""

from io import BytesIO
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from apps.onestop.services.dossiers import dossier_resolve, dossier_return, dossier_transfer
from apps.onestop.tests.factories import local, receive
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossiers(desk: Any, office: Any, procedure: Any, clerk_a: Any) -> list[Any]:
    first = receive(desk, office, procedure, at=local(2026, 2, 13, 9, 0), applicant_address="Tổ 1")
    second = receive(desk, office, procedure, at=local(2026, 2, 20, 16, 0), applicant_name="Lê Văn Cường")
    receive(desk, office, procedure, at=local(2026, 3, 2, 9, 0), applicant_name="Ngoài kỳ")
    d = dossier_transfer(actor=desk, dossier=first, version=first.version, at=local(2026, 2, 16, 9, 0))
    d = dossier_resolve(actor=clerk_a, dossier=d, version=d.version, at=local(2026, 2, 20, 9, 0))
    d = dossier_return(actor=desk, dossier=d, version=d.version, delivery="postal", at=local(2026, 2, 23, 9, 0))
    return [d, second]


def url(name: str = "onestop:register_print", **query: Any) -> str:
    from urllib.parse import urlencode

    return reverse(name) + ("?" + urlencode(query) if query else "")


def test_it_lists_the_units_dossiers_of_the_period(desk: Any, centre: Any, dossiers: list[Any]) -> None:
    client = client_for(desk)
    client.get(url(unit=centre.pk, **{"from": "2026-02-01", "to": "2026-02-28"}))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(unit=centre.pk, **{"from": "2026-02-01", "to": "2026-02-28"}))
    assert response.status_code == 200
    assert len(queries) <= 12
    html = response.content.decode()
    assert html.count('data-testid="register-row"') == 2
    assert dossiers[0].code in html and dossiers[1].code in html and "Ngoài kỳ" not in html
    assert "từ ngày 01/02/2026 đến ngày 28/02/2026" in html
    assert "23/02/2026" in html and "Qua dịch vụ bưu chính công ích" in html
    assert "Tổng số hồ sơ: 2" in html


def test_it_writes_the_register_as_word(desk: Any, centre: Any, dossiers: list[Any]) -> None:
    response = client_for(desk).get(
        url("onestop:register_docx", unit=centre.pk, **{"from": "2026-02-01", "to": "2026-02-28"})
    )
    assert response.status_code == 200
    doc = Document(BytesIO(response.content))
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    codes = [r[1] for r in rows if len(r) == 11]
    assert codes[1:] == [dossiers[0].code, dossiers[1].code]
    first = next(r for r in rows if len(r) == 11 and r[1] == dossiers[0].code)
    assert first[6] == "13/02/2026" and first[8] == "23/02/2026"
    assert doc.sections[0].page_width > doc.sections[0].page_height  # landscape


def test_it_shows_bad_dates_next_to_the_field(desk: Any, centre: Any) -> None:
    response = client_for(desk).get(url(unit=centre.pk, **{"from": "2026-02-10", "to": "2026-02-01"}))
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    response = client_for(desk).get(
        url("onestop:register_docx", unit=centre.pk, **{"from": "khong", "to": "2026-02-01"})
    )
    assert response.status_code == 400


def test_it_refuses_another_units_register(desk_commune: Any, centre: Any, desk: Any) -> None:
    assert client_for(desk_commune).get(url(unit=centre.pk)).status_code == 404
    assert client_for(desk_commune).get(url("onestop:register_docx", unit=centre.pk)).status_code == 404


def test_it_refuses_users_without_an_inbox(focal_a: Any, leader: Any) -> None:
    assert client_for(focal_a).get(url()).status_code == 403
    assert client_for(leader).get(url("onestop:register_docx")).status_code == 403


def test_it_answers_405_to_a_post(desk: Any) -> None:
    assert client_for(desk).post(url()).status_code == 405
    assert client_for(desk).post(url("onestop:register_docx")).status_code == 405
