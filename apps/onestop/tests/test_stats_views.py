"""The statistics pages: drill-down province → unit → procedure → dossiers, scope, bad input, Excel."""

from datetime import date
from io import BytesIO
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps.onestop.models import Channel
from apps.onestop.services import dossiers as svc
from apps.onestop.tests.factories import local, make_procedure, receive
from conftest import client_for

pytestmark = pytest.mark.django_db
URL = reverse("onestop:stats")
RESULTS = reverse("onestop:stats_results")
XLSX = reverse("onestop:stats_xlsx")
YEAR = {"period": "year", "year": "2026"}


@pytest.fixture
def data(desk: Any, clerk_a: Any, office: Any, procedure: Any, unit_b: Any) -> dict[str, Any]:
    late = receive(desk, office, procedure, local(2026, 3, 2, 9), channel=Channel.ONLINE)
    late = svc.dossier_transfer(actor=desk, dossier=late, version=late.version, at=local(2026, 3, 2, 10))
    svc.dossier_resolve(actor=clerk_a, dossier=late, version=late.version, at=local(2026, 4, 30, 10))
    early = receive(desk, office, procedure, local(2026, 3, 3, 9))
    early = svc.dossier_transfer(actor=desk, dossier=early, version=early.version, at=local(2026, 3, 3, 10))
    svc.dossier_resolve(actor=clerk_a, dossier=early, version=early.version, at=local(2026, 3, 4, 10))
    receive(desk, office, procedure, local(2026, 3, 5, 9))  # pending, overdue by now
    other = make_procedure(agency=unit_b, name="Cấp giấy phép xây dựng", field="Xây dựng", code="1.009")
    receive(desk, office, other, local(2026, 3, 5, 9))
    return {"early": early, "other": other}


def test_it_shows_the_province_with_a_row_per_resolving_agency(leader: Any, data: Any, unit_a: Any) -> None:
    response = client_for(leader).get(URL, YEAR)
    assert response.status_code == 200
    page = response.context["page"]
    assert page.level == "province"
    row = next(r for r in page.rows if r.key == unit_a.pk)
    assert (row.counts.received, row.counts.resolved_early, row.counts.resolved_late) == (3, 1, 1)
    assert (row.pending.open, row.pending.overdue) == (1, 1)
    assert row.on_time_share == 0.5
    assert page.total.counts.received == 4
    assert 'data-chart="timing"' in response.content.decode()


def test_it_drills_down_to_the_procedures_and_the_dossiers(
    leader: Any, data: Any, unit_a: Any, procedure: Any, settings: Any
) -> None:
    client = client_for(leader)
    unit_page = client.get(URL, {**YEAR, "unit": unit_a.pk}).context["page"]
    assert unit_page.level == "unit"
    assert [r.key for r in unit_page.rows] == [procedure.pk]
    response = client.get(URL, {**YEAR, "unit": unit_a.pk, "procedure": procedure.pk})
    assert response.context["page"].level == "procedure"
    assert len(response.context["dossiers"]) == 3
    assert data["early"].code in response.content.decode()


def test_it_filters_by_field_and_period(leader: Any, data: Any, unit_a: Any, unit_b: Any) -> None:
    client = client_for(leader)
    page = client.get(URL, {**YEAR, "field": "Xây dựng"}).context["page"]
    assert [r.key for r in page.rows] == [unit_b.pk]
    march = client.get(URL, {"period": "month", "year": "2026", "month": "3"}).context["page"]
    assert march.total.counts.resolved_late == 0 and march.total.counts.resolved_early == 1
    q2 = client.get(URL, {"period": "quarter", "year": "2026", "quarter": "2"}).context["page"]
    assert q2.total.counts.resolved_late == 1 and q2.total.counts.received == 0
    custom = client.get(URL, {"period": "custom", "from": "2026-03-03", "to": "2026-03-04"}).context["page"]
    assert custom.period.start == date(2026, 3, 3)
    assert custom.total.counts.received == 1


def test_it_answers_bad_dates_with_a_message_next_to_the_field(leader: Any, data: Any) -> None:
    response = client_for(leader).get(URL, {"period": "custom", "from": "2026-03-10", "to": "2026-03-01"})
    assert response.status_code == 200
    assert response.context["errors"] == {"to": "The last day must not come before the first day."}
    response = client_for(leader).get(RESULTS, {"period": "month", "month": "13"})
    assert response.status_code == 200
    assert "month" in response.context["errors"]


def test_it_keeps_unit_users_to_their_units(head_a: Any, clerk_b: Any, data: Any, unit_a: Any, unit_b: Any) -> None:
    page = client_for(head_a).get(URL, YEAR).context["page"]
    assert [r.key for r in page.rows] == [unit_a.pk]
    assert client_for(head_a).get(URL, {**YEAR, "unit": unit_b.pk}).status_code == 404
    assert client_for(clerk_b).get(URL, {**YEAR, "unit": unit_a.pk}).status_code == 404
    assert client_for(clerk_b).get(XLSX, {**YEAR, "unit": unit_a.pk}).status_code == 404
    assert client_for(head_a).get(URL, {**YEAR, "unit": "x"}).status_code == 404


def test_it_refuses_users_without_a_statistics_role(focal_a: Any, data: Any) -> None:
    for url in (URL, RESULTS, XLSX):
        assert client_for(focal_a).get(url).status_code == 403


def test_it_answers_get_only(leader: Any) -> None:
    for url in (URL, RESULTS, XLSX):
        assert client_for(leader).post(url).status_code == 405


def test_it_reads_the_results_in_a_fixed_number_of_queries(leader: Any, data: Any, unit_a: Any) -> None:
    client = client_for(leader)
    client.get(RESULTS, YEAR)
    with CaptureQueriesContext(connection) as few:
        assert client.get(RESULTS, YEAR).status_code == 200
    for n in range(5):
        make_procedure(agency=unit_a, code=f"9.{n}")
    with CaptureQueriesContext(connection) as more:
        client.get(RESULTS, YEAR)
    assert len(few) == len(more) <= 14


def test_it_exports_the_statistics_to_excel(leader: Any, data: Any, unit_a: Any) -> None:
    response = client_for(leader).get(XLSX, {**YEAR, "unit": unit_a.pk})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:2] == ["One-stop statistics", "Year 2026"]
    body = rows[4]
    assert body[0] == "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam" and body[1] == 3 and body[8] == 50
