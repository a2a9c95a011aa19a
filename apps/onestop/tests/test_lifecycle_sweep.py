"""The daily sweep: due soon (one working day before the appointment) and overdue, once per dossier and day."""

from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from apps.core.models import Notification
from apps.onestop.services import dossiers as svc
from apps.onestop.services import notices
from apps.onestop.tests.factories import local, make_procedure, receive

pytestmark = pytest.mark.django_db


def _sweep() -> str:
    out = StringIO()
    call_command("onestop_sweep", stdout=out)
    return out.getvalue()


@pytest.fixture
def two(desk: Any, clerk_a: Any, office: Any, unit_a: Any) -> list[Any]:
    """Received Mon 02/03/2026: one due Fri 06/03 (4 days), one due Tue 03/03 (1 day); both at unit A."""
    made = []
    for days in (4, 1):
        d = receive(desk, office, make_procedure(agency=unit_a, days=days), local(2026, 3, 2, 9))
        made.append(svc.dossier_transfer(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 2, 10)))
    return made


def test_it_warns_a_working_day_before_and_once_a_day_when_overdue(two: list[Any], clerk_a: Any) -> None:
    due_fri, due_tue = two
    with time_machine.travel(local(2026, 3, 5, 6), tick=False):  # Thursday
        out = _sweep()
        assert "due soon 1, overdue 1" in out
        again = _sweep()
        assert "due soon 0, overdue 0" in again
    soon = Notification.objects.get(kind=notices.DUE_SOON)
    assert soon.context["code"] == due_fri.code
    assert list(soon.deliveries.values_list("user_id", flat=True)) == [clerk_a.pk]
    assert Notification.objects.get(kind=notices.OVERDUE).context["code"] == due_tue.code
    with time_machine.travel(local(2026, 3, 6, 6), tick=False):  # Friday: both due or overdue
        assert "due soon 0, overdue 1" in _sweep()
    assert Notification.objects.filter(kind=notices.OVERDUE).count() == 2


def test_it_skips_the_weekend_for_due_soon(desk: Any, clerk_a: Any, office: Any, unit_a: Any) -> None:
    d = receive(desk, office, make_procedure(agency=unit_a, days=5), local(2026, 3, 2, 9))  # due Mon 09/03
    svc.dossier_transfer(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 2, 10))
    with time_machine.travel(local(2026, 3, 6, 6), tick=False):  # Friday: Monday is the next working day
        assert "due soon 1" in _sweep()


def test_it_leaves_dossiers_waiting_for_a_supplement_and_closed_ones(two: list[Any], clerk_a: Any) -> None:
    due_fri, due_tue = two
    svc.dossier_request_supplement(
        actor=clerk_a, dossier=due_tue, version=due_tue.version, reason="Thiếu", at=local(2026, 3, 2, 11)
    )
    svc.dossier_resolve(actor=clerk_a, dossier=due_fri, version=due_fri.version, at=local(2026, 3, 2, 12))
    with time_machine.travel(local(2026, 3, 10, 6), tick=False):
        assert "due soon 0, overdue 0" in _sweep()
