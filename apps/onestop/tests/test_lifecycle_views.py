"""A dossier's page and its actions: who sees what, every action endpoint's 403/404/405, the stale 409,
the late apology asking to confirm, the timeline."""

from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from apps.onestop.models import Dossier, DossierState
from apps.onestop.services import dossiers as svc
from apps.onestop.tests.factories import local, make_procedure, receive
from apps.onestop.views.dossiers import ACTION_SLUGS
from conftest import client_for

pytestmark = pytest.mark.django_db
NOW = local(2026, 3, 2, 9)


@pytest.fixture
def dossier(desk: Any, office: Any, procedure: Any) -> Dossier:
    return receive(desk, office, procedure, NOW, applicant_email="an@example.vn")


def _url(action: str, pk: int) -> str:
    return reverse(f"onestop:dossier_{action}", args=[pk])


def _act(user: Any, dossier: Dossier, action: str, at: Any, **data: Any) -> Any:
    dossier.refresh_from_db()
    payload = {f"{action}-version": str(dossier.version), **{f"{action}-{k}": v for k, v in data.items()}}
    with time_machine.travel(at, tick=False):
        return client_for(user).post(_url(action, dossier.pk), payload)


def test_it_walks_a_dossier_through_its_life_from_its_page(desk: Any, clerk_a: Any, dossier: Dossier) -> None:
    assert _act(desk, dossier, "transfer", local(2026, 3, 2, 10), note="Chuyển Sở Tư pháp").status_code == 302
    assert _act(clerk_a, dossier, "request_supplement", local(2026, 3, 3, 9), reason="Thiếu", items="Bản sao CCCD\n")
    assert _act(desk, dossier, "receive_supplement", local(2026, 3, 5, 9)).status_code == 302
    r = _act(clerk_a, dossier, "apologise", local(2026, 3, 9, 9), reason="Chờ xác minh", new_date="25/03/2026")
    assert r.status_code == 302, r.content.decode()[:3000]
    assert _act(clerk_a, dossier, "resolve", local(2026, 3, 20, 9)).status_code == 302
    assert _act(desk, dossier, "return", local(2026, 3, 20, 10), delivery="counter").status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == DossierState.RETURNED
    assert dossier.due_date == date(2026, 3, 25)
    page = client_for(desk).get(reverse("onestop:dossier_detail", args=[dossier.pk])).content.decode()
    for text in ("Chuyển Sở Tư pháp", "Bản sao CCCD", "Chờ xác minh", 'data-event="return"'):
        assert text in page
    assert 'data-testid="actions"' not in page  # closed: no action offered


def test_it_offers_only_the_actions_the_state_allows(desk: Any, dossier: Dossier) -> None:
    page = client_for(desk).get(reverse("onestop:dossier_detail", args=[dossier.pk])).content.decode()
    assert 'data-action="transfer"' in page and 'data-action="return"' not in page
    assert 'data-action="receive_supplement"' not in page


def test_it_refuses_an_action_the_state_does_not_allow_with_a_message(desk: Any, dossier: Dossier) -> None:
    response = _act(desk, dossier, "return", local(2026, 3, 2, 10), delivery="counter")
    assert response.status_code == 400
    assert "alert-danger" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == DossierState.RECEIVED


def test_it_answers_a_stale_form_with_409(desk: Any, dossier: Dossier) -> None:
    with time_machine.travel(local(2026, 3, 2, 10), tick=False):
        response = client_for(desk).post(_url("transfer", dossier.pk), {"transfer-version": "99"})
    assert response.status_code == 409
    assert "alert-danger" in response.content.decode()


def test_it_refuses_an_action_without_a_version(desk: Any, dossier: Dossier) -> None:
    response = client_for(desk).post(_url("transfer", dossier.pk), {})
    assert response.status_code == 400
    dossier.refresh_from_db()
    assert dossier.state == DossierState.RECEIVED


def test_it_asks_to_confirm_an_apology_less_than_a_working_day_ahead(
    desk: Any, clerk_a: Any, office: Any, unit_a: Any
) -> None:
    d = receive(desk, office, make_procedure(agency=unit_a, days=2), local(2026, 3, 2, 9))  # due Wed 04/03
    d = svc.dossier_transfer(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 2, 10))
    late = local(2026, 3, 4, 8)
    response = _act(clerk_a, d, "apologise", late, reason="Chờ", new_date="10/03/2026")
    assert response.status_code == 400
    assert 'name="apologise-confirm_late"' in response.content.decode()
    assert "is-invalid" in response.content.decode()
    response = _act(clerk_a, d, "apologise", late, reason="Chờ", new_date="10/03/2026", confirm_late="on")
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.due_date == date(2026, 3, 10)


def test_it_hides_every_action_from_who_may_only_read(leader: Any, dossier: Dossier) -> None:
    page = client_for(leader).get(reverse("onestop:dossier_detail", args=[dossier.pk]))
    assert page.status_code == 200
    assert 'data-testid="actions"' not in page.content.decode()
    assert dossier.applicant_phone not in page.content.decode()
    assert _act(leader, dossier, "transfer", local(2026, 3, 2, 10)).status_code == 403


@pytest.mark.parametrize("action", [a.value for a in ACTION_SLUGS])
def test_it_guards_every_action_endpoint(action: str, dossier: Dossier, clerk_b: Any, leader: Any, desk: Any) -> None:
    url = _url(action, dossier.pk)
    before = (dossier.state, dossier.version)
    assert client_for(clerk_b).post(url, {f"{action}-version": "1"}).status_code == 404
    assert client_for(leader).post(url, {f"{action}-version": "1"}).status_code == 403
    assert client_for(desk).post(_url(action, 987654)).status_code == 404
    assert client_for(desk).get(url).status_code == 405
    dossier.refresh_from_db()
    assert (dossier.state, dossier.version) == before


def test_it_hides_a_dossier_of_unit_a_from_clerk_b(clerk_b: Any, dossier: Dossier) -> None:
    assert client_for(clerk_b).get(reverse("onestop:dossier_detail", args=[dossier.pk])).status_code == 404
    assert client_for(clerk_b).get("/mot-cua/ho-so/x/").status_code == 404


def test_it_links_the_forms_the_dossier_can_print(desk: Any, dossier: Dossier) -> None:
    page = client_for(desk).get(reverse("onestop:dossier_detail", args=[dossier.pk])).content.decode()
    assert 'data-testid="form01-link"' in page
    assert reverse("onestop:form_print", args=[dossier.pk, "01"]) in page
    assert reverse("onestop:form_docx", args=[dossier.pk, "06"]) in page
    assert reverse("onestop:form_print", args=[dossier.pk, "04"]) not in page  # no apology yet


def test_it_shows_the_steps_of_an_inter_agency_dossier(
    desk: Any, office: Any, unit_a: Any, unit_b: Any, clerk_a: Any
) -> None:
    procedure = make_procedure(agency=unit_a, days=10, steps=[(unit_a, 4), (unit_b, 6)])
    d = receive(desk, office, procedure, NOW)
    d = svc.dossier_transfer(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 2, 10))
    d = svc.dossier_transfer(actor=clerk_a, dossier=d, version=d.version, at=local(2026, 3, 9, 10))
    page = client_for(desk).get(reverse("onestop:dossier_detail", args=[d.pk])).content.decode()
    assert 'data-testid="dossier-steps"' in page
    assert unit_b.name in page
    assert "06/03/2026" in page  # step 1's deadline (4 working days from 02/03)
