"""The working-day calendar admin pages."""

from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.calendar_services import calendar_override_create, calendar_override_update
from apps.core.models import AuditEvent, CalendarOverride
from conftest import client_for

pytestmark = pytest.mark.django_db

PAGE = "/quan-tri/lich-lam-viec/"
CONFLICT = "Someone else changed this calendar override in the meantime. Reload the page and try again."


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def override(sysadmin: Any) -> CalendarOverride:
    return calendar_override_create(
        actor=sysadmin, date=date(2026, 3, 11), kind="day_off", reason="Provincial day", legal_reference="QĐ 1"
    )


def _form(**overrides: Any) -> dict[str, Any]:
    data = {"date": "2026-03-11", "kind": "day_off", "reason": "Provincial day", "legal_reference": "QĐ 1"}
    data.update(overrides)
    return data


# --- the page ------------------------------------------------------------------------------------
def test_it_has_the_agreed_urls() -> None:
    assert reverse("portal:calendar") == PAGE
    assert reverse("portal:calendar_override_edit", args=[7]) == "/quan-tri/lich-lam-viec/7/sua/"
    assert reverse("portal:calendar_override_delete", args=[7]) == "/quan-tri/lich-lam-viec/7/xoa/"


def test_it_shows_the_year_to_the_system_admin(sysadmin: Any, override: CalendarOverride) -> None:
    response = client_for(sysadmin).get(PAGE, {"nam": "2026"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "17/02/2026" in body  # Tết
    assert "22/08/2026" in body  # make-up Saturday
    assert "11/03/2026" in body  # the override
    assert "Provincial day" in body
    assert reverse("portal:calendar_override_edit", args=[override.pk]) in body
    assert "style=" not in body
    assert "<script>" not in body


def test_it_defaults_to_the_current_year(sysadmin: Any) -> None:
    with time_machine.travel("2027-06-01 09:00 +07:00", tick=False):
        response = client_for(sysadmin).get(PAGE)
    assert response.status_code == 200
    assert response.context["year"] == 2027
    assert "06/02/2027" in response.content.decode()


def test_it_answers_a_bad_year_with_400(sysadmin: Any) -> None:
    response = client_for(sysadmin).get(PAGE, {"nam": "abc"})
    assert response.status_code == 400
    assert client_for(sysadmin).get(PAGE, {"nam": "99999"}).status_code == 400


def test_it_lists_overrides_with_a_fixed_number_of_queries(sysadmin: Any) -> None:
    client = client_for(sysadmin)
    client.get(PAGE, {"nam": "2026"})  # warm the session and the holiday cache
    with CaptureQueriesContext(connection) as few:
        client.get(PAGE, {"nam": "2026"})
    for day in range(1, 20):
        calendar_override_create(
            actor=sysadmin, date=date(2026, 5, day), kind="day_off", reason="r", legal_reference="l"
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(PAGE, {"nam": "2026"})
    assert len(response.context["overrides"]) == 19
    assert len(many) == len(few)


def test_it_forbids_the_page_to_others(focal_a: Any, secretariat: Any) -> None:
    assert client_for(focal_a).get(PAGE).status_code == 403
    assert client_for(secretariat).get(PAGE).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(citizen: Client) -> None:
    response = citizen.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_shows_the_entry_in_the_navigation_to_the_system_admin_only(sysadmin: Any, focal_a: Any) -> None:
    assert 'data-nav="portal:calendar"' in client_for(sysadmin).get(reverse("portal:start")).content.decode()
    assert 'data-nav="portal:calendar"' not in client_for(focal_a).get(reverse("portal:start")).content.decode()


# --- add -----------------------------------------------------------------------------------------
ADD = "/quan-tri/lich-lam-viec/them/"


def test_it_adds_an_override(sysadmin: Any) -> None:
    response = client_for(sysadmin).post(ADD, _form(date="11/03/2026"))
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?nam=2026"
    override = CalendarOverride.objects.get()
    assert (override.date, override.kind) == (date(2026, 3, 11), "day_off")
    assert AuditEvent.objects.filter(action="calendar_override.create", actor=sysadmin).exists()


def test_it_answers_a_bad_date_with_400(sysadmin: Any) -> None:
    response = client_for(sysadmin).post(ADD, _form(date="31/02/2026"))
    assert response.status_code == 400
    assert response.context["form"].errors["date"]
    assert not CalendarOverride.objects.exists()


def test_it_answers_missing_fields_with_400(sysadmin: Any) -> None:
    response = client_for(sysadmin).post(ADD, _form(reason="", legal_reference=""))
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"reason", "legal_reference"}


def test_it_answers_a_duplicate_date_with_400(sysadmin: Any, override: CalendarOverride) -> None:
    response = client_for(sysadmin).post(ADD, _form())
    assert response.status_code == 400
    assert response.context["form"].errors["date"]
    assert CalendarOverride.objects.count() == 1


def test_it_forbids_adding_to_others(focal_a: Any) -> None:
    assert client_for(focal_a).post(ADD, _form()).status_code == 403
    assert not CalendarOverride.objects.exists()


def test_it_refuses_get_on_add(sysadmin: Any) -> None:
    assert client_for(sysadmin).get(ADD).status_code == 405


# --- edit ----------------------------------------------------------------------------------------
def _edit_url(pk: int) -> str:
    return reverse("portal:calendar_override_edit", args=[pk])


def test_it_shows_the_edit_form_with_the_version(sysadmin: Any, override: CalendarOverride) -> None:
    response = client_for(sysadmin).get(_edit_url(override.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'type="hidden" name="version" value="1"' in body
    assert 'value="2026-03-11"' in body


def test_it_saves_an_edit(sysadmin: Any, override: CalendarOverride) -> None:
    response = client_for(sysadmin).post(_edit_url(override.pk), _form(kind="working_day", version=1))
    assert response.status_code == 302
    override.refresh_from_db()
    assert (override.kind, override.version) == ("working_day", 2)


def test_it_answers_a_stale_edit_with_409(sysadmin: Any, override: CalendarOverride) -> None:
    calendar_override_update(actor=sysadmin, override=override, version=1, reason="Changed elsewhere")
    response = client_for(sysadmin).post(_edit_url(override.pk), _form(reason="Mine", version=1))
    assert response.status_code == 409
    assert CONFLICT in response.content.decode()
    override.refresh_from_db()
    assert (override.reason, override.version) == ("Changed elsewhere", 2)


def test_it_answers_a_bad_edit_with_400(sysadmin: Any, override: CalendarOverride) -> None:
    response = client_for(sysadmin).post(_edit_url(override.pk), _form(date="not a date", version=1))
    assert response.status_code == 400
    assert client_for(sysadmin).post(_edit_url(override.pk), _form(version="x")).status_code == 400


def test_it_forbids_editing_to_others(focal_a: Any, override: CalendarOverride) -> None:
    assert client_for(focal_a).get(_edit_url(override.pk)).status_code == 403
    assert client_for(focal_a).post(_edit_url(override.pk), _form(reason="x", version=1)).status_code == 403
    override.refresh_from_db()
    assert override.version == 1


def test_it_answers_404_when_editing_a_missing_override(sysadmin: Any) -> None:
    assert client_for(sysadmin).get(_edit_url(999)).status_code == 404
    assert client_for(sysadmin).post(_edit_url(999), _form(version=1)).status_code == 404


def test_it_forbids_before_it_looks_up(focal_a: Any) -> None:
    assert client_for(focal_a).get(_edit_url(999)).status_code == 403


def test_it_refuses_other_methods_on_edit(sysadmin: Any, override: CalendarOverride) -> None:
    assert client_for(sysadmin).put(_edit_url(override.pk)).status_code == 405


# --- delete --------------------------------------------------------------------------------------
def _delete_url(pk: int) -> str:
    return reverse("portal:calendar_override_delete", args=[pk])


def test_it_deletes_an_override(sysadmin: Any, override: CalendarOverride) -> None:
    response = client_for(sysadmin).post(_delete_url(override.pk))
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?nam=2026"
    assert not CalendarOverride.objects.exists()
    assert AuditEvent.objects.filter(action="calendar_override.delete").exists()


def test_it_forbids_deleting_to_others(focal_a: Any, override: CalendarOverride) -> None:
    assert client_for(focal_a).post(_delete_url(override.pk)).status_code == 403
    assert CalendarOverride.objects.exists()


def test_it_answers_404_when_deleting_a_missing_override(sysadmin: Any) -> None:
    assert client_for(sysadmin).post(_delete_url(999)).status_code == 404


def test_it_refuses_get_on_delete(sysadmin: Any, override: CalendarOverride) -> None:
    assert client_for(sysadmin).get(_delete_url(override.pk)).status_code == 405
    assert CalendarOverride.objects.exists()
