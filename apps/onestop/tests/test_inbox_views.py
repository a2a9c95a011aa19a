"""The inbox: tabs, search (code prefix, name without diacritics, phone digits), filters, keyset paging,
the query count, the htmx fragment, and a unit's officers only."""

from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.onestop.models import Dossier
from apps.onestop.selectors import dossiers as sel
from apps.onestop.services import dossiers as svc
from apps.onestop.tests.factories import local, make_procedure, receive
from conftest import client_for

pytestmark = pytest.mark.django_db
URL = "/mot-cua/ho-so/"
TODAY = local(2026, 3, 16, 9)  # Monday


@pytest.fixture
def spread(desk: Any, clerk_a: Any, office: Any, unit_a: Any) -> dict[str, Dossier]:
    """Dossiers at unit A due on different days, one waiting for a supplement, one resolved."""
    days = {"overdue": 5, "today": 10, "soon": 11, "later": 20}
    procedures = {key: make_procedure(agency=unit_a, days=n, name=f"Thủ tục {key}") for key, n in days.items()}
    made = {}
    for i, (key, procedure) in enumerate(procedures.items()):
        d = receive(
            desk,
            office,
            procedure,
            local(2026, 3, 2, 9 + i),
            applicant_name=f"Phạm Đức {key.title()}",
            applicant_phone=f"09123400{i:02d}",
        )
        made[key] = svc.dossier_transfer(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 2, 14))
    waiting = receive(desk, office, procedures["later"], local(2026, 3, 3, 9), applicant_name="Vũ Thị Chờ")
    waiting = svc.dossier_transfer(actor=desk, dossier=waiting, version=waiting.version, at=local(2026, 3, 3, 10))
    made["waiting"] = svc.dossier_request_supplement(
        actor=clerk_a, dossier=waiting, version=waiting.version, reason="Thiếu", at=local(2026, 3, 4, 9)
    )
    ready = receive(desk, office, procedures["later"], local(2026, 3, 3, 10), applicant_name="Đặng Văn Xong")
    ready = svc.dossier_transfer(actor=desk, dossier=ready, version=ready.version, at=local(2026, 3, 3, 11))
    made["ready"] = svc.dossier_resolve(actor=clerk_a, dossier=ready, version=ready.version, at=local(2026, 3, 4, 11))
    return made


def _codes(user: Any, **params: Any) -> list[str]:
    with time_machine.travel(TODAY, tick=False):
        response = client_for(user).get(URL + "ket-qua/", params)
    assert response.status_code == 200
    return [d.code for d in response.context["rows"]]


def test_it_sorts_each_tab_by_appointment(spread: dict[str, Dossier], clerk_a: Any, desk: Any) -> None:
    code = {k: d.code for k, d in spread.items()}
    assert _codes(clerk_a) == [code["overdue"], code["today"], code["soon"], code["later"], code["waiting"]]
    assert _codes(clerk_a, tab="due_today") == [code["today"]]
    assert _codes(clerk_a, tab="due_soon") == [code["soon"]]
    assert _codes(clerk_a, tab="overdue") == [code["overdue"]]
    assert _codes(clerk_a, tab="supplement") == [code["waiting"]]
    assert _codes(desk, tab="ready") == [code["ready"]]  # back at the front office to return
    assert _codes(clerk_a, tab="ready") == []


def test_it_finds_by_code_prefix_name_without_accents_and_phone(spread: dict[str, Dossier], clerk_a: Any) -> None:
    assert _codes(clerk_a, q=spread["today"].code) == [spread["today"].code]
    assert len(_codes(clerk_a, q="000.00.08")) == 5
    assert _codes(clerk_a, q="pham duc today") == [spread["today"].code]
    assert _codes(clerk_a, q="vu thi") == [spread["waiting"].code]
    assert _codes(clerk_a, q="0912340001") == [spread["today"].code]
    assert _codes(clerk_a, q="zzz") == []


def test_it_filters_by_procedure_channel_and_state(spread: dict[str, Dossier], clerk_a: Any) -> None:
    assert _codes(clerk_a, procedure=spread["soon"].procedure_id) == [spread["soon"].code]
    assert _codes(clerk_a, channel="online") == []
    assert _codes(clerk_a, state="supplement") == [spread["waiting"].code]


def test_it_pages_by_cursor(spread: dict[str, Dossier], clerk_a: Any) -> None:
    units = sorted(sel.officer_unit_ids(clerk_a))
    first = sel.inbox_page(sel.InboxQuery(unit_ids=units, today=date(2026, 3, 16)), page_size=2)
    assert [d.code for d in first.rows] == [spread["overdue"].code, spread["today"].code]
    second = sel.inbox_page(
        sel.InboxQuery(unit_ids=units, today=date(2026, 3, 16), after=sel.parse_cursor(first.next_cursor)),
        page_size=2,
    )
    assert [d.code for d in second.rows] == [spread["soon"].code, spread["later"].code]
    third = sel.inbox_page(
        sel.InboxQuery(unit_ids=units, today=date(2026, 3, 16), after=sel.parse_cursor(second.next_cursor)),
        page_size=2,
    )
    assert [d.code for d in third.rows] == [spread["waiting"].code] and third.next_cursor == ""


def test_it_ignores_a_malformed_cursor(spread: dict[str, Dossier], clerk_a: Any) -> None:
    assert len(_codes(clerk_a, after="garbage")) == 5
    assert len(_codes(clerk_a, after="2026-13-01_x")) == 5


def test_it_reads_a_page_in_a_fixed_number_of_queries(
    spread: dict[str, Dossier], clerk_a: Any, desk: Any, office: Any, procedure: Any
) -> None:
    client = client_for(clerk_a)
    with time_machine.travel(TODAY, tick=False):
        client.get(URL)  # warm the session
        with CaptureQueriesContext(connection) as few:
            assert client.get(URL).status_code == 200
        for i in range(30):
            d = receive(desk, office, procedure, local(2026, 3, 5, 8, i), applicant_name=f"Người {i}")
            svc.dossier_transfer(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 5, 10))
        with CaptureQueriesContext(connection) as many:
            response = client.get(URL)
    assert len(response.context["rows"]) == sel.PAGE_SIZE
    assert len(many) == len(few) <= 11, "\n".join(q["sql"][:120] for q in many.captured_queries)
    dossier_reads = [q["sql"] for q in many.captured_queries if '"onestop_dossier"' in q["sql"]]
    assert len(dossier_reads) == 1 and "COUNT(" not in dossier_reads[0].upper()


def test_it_shows_cards_and_a_next_page_link(spread: dict[str, Dossier], clerk_a: Any) -> None:
    with time_machine.travel(TODAY, tick=False):
        content = client_for(clerk_a).get(URL).content.decode()
    assert content.count('class="card onestop-row') == 5
    assert 'data-testid="tab-due_today"' in content


def test_it_says_what_to_do_when_the_inbox_is_empty(desk: Any) -> None:
    content = client_for(desk).get(URL).content.decode()
    assert 'data-testid="inbox-empty"' in content
    assert "/mot-cua/ho-so/tiep-nhan/" in content


def test_it_never_shows_unit_a_dossiers_to_clerk_b(spread: dict[str, Dossier], clerk_b: Any) -> None:
    assert _codes(clerk_b) == []
    assert _codes(clerk_b, q="000.00.08") == []


def test_it_is_for_officers_only(focal_a: Any, leader: Any) -> None:
    for user in (focal_a, leader):
        assert client_for(user).get(URL).status_code == 403
        assert client_for(user).get(URL + "ket-qua/").status_code == 403


def test_it_answers_only_get(clerk_a: Any) -> None:
    assert client_for(clerk_a).post(URL).status_code == 405
    assert client_for(clerk_a).post(URL + "ket-qua/").status_code == 405


def test_it_counts_the_worklist_in_one_query(spread: dict[str, Dossier], clerk_a: Any) -> None:
    with CaptureQueriesContext(connection) as queries:
        counts = sel.work_counts(user=clerk_a, today=date(2026, 3, 16))
    assert (counts.due_today, counts.overdue, counts.waiting, counts.ready) == (1, 1, 1, 0)
    assert len(queries) <= 2


def test_it_opens_the_first_one_stop_page_each_user_may_see(desk: Any, leader: Any, focal_a: Any) -> None:
    assert client_for(desk).get("/mot-cua/").url == reverse("onestop:inbox")
    assert client_for(leader).get("/mot-cua/").url == reverse("onestop:stats")
    assert client_for(focal_a).get("/mot-cua/").status_code == 403
    assert client_for(desk).post("/mot-cua/").status_code == 405
