"""The calendar override services and the database-backed calendar."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core import workdays
from apps.core.audit import verify_audit_chain
from apps.core.calendar_services import (
    calendar_override_create,
    calendar_override_delete,
    calendar_override_update,
)
from apps.core.errors import ConflictError, VersionMissingError
from apps.core.models import AuditEvent, CalendarOverride

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
WEDNESDAY = date(2026, 3, 11)


def _day_off(actor: Any, day: date = WEDNESDAY) -> CalendarOverride:
    return calendar_override_create(
        actor=actor, date=day, kind="day_off", reason="Provincial day", legal_reference="QĐ 1/QĐ-UBND"
    )


def test_it_creates_an_audited_override(sysadmin: Any) -> None:
    override = _day_off(sysadmin)
    assert override.version == 1
    event = AuditEvent.objects.get(action="calendar_override.create")
    assert event.actor == sysadmin
    assert event.object_id == str(override.pk)
    assert event.before is None
    assert event.after == {
        "date": "2026-03-11",
        "kind": "day_off",
        "reason": "Provincial day",
        "legal_reference": "QĐ 1/QĐ-UBND",
        "version": 1,
    }
    assert verify_audit_chain().ok


@pytest.mark.parametrize("field", ["reason", "legal_reference"])
def test_it_requires_a_reason_and_a_legal_reference(sysadmin: Any, field: str) -> None:
    values = {"reason": "Provincial day", "legal_reference": "QĐ 1/QĐ-UBND", field: "   "}
    with pytest.raises(ValidationError) as caught:
        calendar_override_create(actor=sysadmin, date=WEDNESDAY, kind="day_off", **values)
    assert field in caught.value.message_dict
    assert not CalendarOverride.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_an_unknown_kind(sysadmin: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        calendar_override_create(actor=sysadmin, date=WEDNESDAY, kind="holiday", reason="x", legal_reference="y")
    assert "kind" in caught.value.message_dict


def test_it_refuses_a_second_override_on_the_same_date(sysadmin: Any) -> None:
    _day_off(sysadmin)
    with pytest.raises(ValidationError) as caught:
        _day_off(sysadmin)
    assert "date" in caught.value.message_dict


def test_it_updates_with_the_current_version_and_bumps_it(sysadmin: Any) -> None:
    override = _day_off(sysadmin)
    updated = calendar_override_update(
        actor=sysadmin, override=override, version=1, kind="working_day", reason="Make-up day"
    )
    assert updated.version == 2
    assert override.version == 2
    override.refresh_from_db()
    assert (override.kind, override.reason, override.version) == ("working_day", "Make-up day", 2)
    event = AuditEvent.objects.get(action="calendar_override.update")
    assert event.before is not None and event.after is not None
    assert (event.before["kind"], event.before["version"]) == ("day_off", 1)
    assert (event.after["kind"], event.after["version"]) == ("working_day", 2)


def test_it_refuses_a_stale_version(sysadmin: Any) -> None:
    override = _day_off(sysadmin)
    calendar_override_update(actor=sysadmin, override=override, version=1, reason="First edit")
    with pytest.raises(ConflictError) as caught:
        calendar_override_update(actor=sysadmin, override=override, version=1, reason="Second edit")
    assert str(caught.value) == (
        "Someone else changed this calendar override in the meantime. Reload the page and try again."
    )
    override.refresh_from_db()
    assert (override.reason, override.version) == ("First edit", 2)
    assert AuditEvent.objects.filter(action="calendar_override.update").count() == 1


@pytest.mark.parametrize("version", [None, ""])
def test_it_refuses_an_update_without_a_version(sysadmin: Any, version: Any) -> None:
    override = _day_off(sysadmin)
    with pytest.raises(VersionMissingError):
        calendar_override_update(actor=sysadmin, override=override, version=version, reason="Blind edit")
    override.refresh_from_db()
    assert (override.reason, override.version) == ("Provincial day", 1)
    assert not AuditEvent.objects.filter(action="calendar_override.update").exists()


def test_it_refuses_fields_that_are_not_editable(sysadmin: Any) -> None:
    override = _day_off(sysadmin)
    with pytest.raises(TypeError):
        calendar_override_update(actor=sysadmin, override=override, version=1, created_at=None)


def test_it_deletes_an_audited_override(sysadmin: Any) -> None:
    override = _day_off(sysadmin)
    pk = override.pk
    calendar_override_delete(actor=sysadmin, override=override)
    assert not CalendarOverride.objects.exists()
    event = AuditEvent.objects.get(action="calendar_override.delete")
    assert event.object_id == str(pk)
    assert event.before is not None and event.before["date"] == "2026-03-11"
    assert event.after is None
    assert verify_audit_chain().ok


def test_it_applies_database_overrides_to_deadlines(sysadmin: Any) -> None:
    received = datetime(2026, 3, 10, 10, 0, tzinfo=VN)
    assert workdays.add_working_days(received, 1) == date(2026, 3, 11)
    override = _day_off(sysadmin)
    assert not workdays.is_working_day(WEDNESDAY)
    assert workdays.add_working_days(received, 1) == date(2026, 3, 12)
    calendar_override_update(actor=sysadmin, override=override, version=1, kind="working_day")
    assert workdays.is_working_day(WEDNESDAY)
    calendar_override_delete(actor=sysadmin, override=override)
    assert workdays.add_working_days(received, 1) == date(2026, 3, 11)


def test_it_sees_overrides_written_by_another_process(sysadmin: Any) -> None:
    assert workdays.is_working_day(date(2026, 3, 15)) is False
    # Written without the service (as another server process would): the version stamp notices.
    CalendarOverride.objects.create(date=date(2026, 3, 15), kind="working_day", reason="r", legal_reference="l")
    assert workdays.is_working_day(date(2026, 3, 15)) is True
    assert workdays.working_days_between(date(2026, 3, 13), date(2026, 3, 16)) == 2


def test_it_reuses_the_loaded_calendar_while_nothing_changes(sysadmin: Any) -> None:
    _day_off(sysadmin)
    first = workdays.get_calendar()
    with CaptureQueriesContext(connection) as queries:
        again = workdays.get_calendar()
    assert again is first
    assert len(queries) == 1  # only the version stamp
