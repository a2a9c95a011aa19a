"""Rollups follow every change of a dossier; verify_rollups and rebuild_rollups prove and repair them."""

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.onestop.models import Channel, DossierRollup
from apps.onestop.services import dossiers as svc
from apps.onestop.services import rollups
from apps.onestop.tests.factories import local, make_procedure, receive

pytestmark = pytest.mark.django_db


def _row(unit: Any, procedure: Any, day: date) -> DossierRollup:
    return DossierRollup.objects.get(unit=unit, procedure=procedure, day=day)


def test_it_counts_a_receipt_on_its_local_day(desk: Any, office: Any, procedure: Any, unit_a: Any) -> None:
    # 23:30 in Vietnam on 2 March is 16:30 UTC: the bucket is 2 March, not 1 or 3.
    receive(desk, office, procedure, local(2026, 3, 2, 23, 30), channel=Channel.ONLINE)
    row = _row(unit_a, procedure, date(2026, 3, 2))
    assert (row.received, row.received_online, row.received_postal) == (1, 1, 0)


def test_it_moves_the_counts_with_each_transition(
    desk: Any, clerk_a: Any, office: Any, procedure: Any, unit_a: Any
) -> None:
    d = receive(desk, office, procedure, local(2026, 3, 2, 9), result_delivery="postal")
    d = svc.dossier_transfer(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 2, 10))
    d = svc.dossier_apologise(
        actor=clerk_a,
        dossier=d,
        version=d.version,
        reason="Chờ xác minh",
        new_date=date(2026, 3, 20),
        at=local(2026, 3, 9, 9),
    )
    d = svc.dossier_resolve(actor=clerk_a, dossier=d, version=d.version, at=local(2026, 3, 10, 9))
    received, apologised, resolved = (_row(unit_a, procedure, date(2026, 3, day)) for day in (2, 9, 10))
    assert (received.received, received.received_postal, received.resolved_early) == (1, 1, 0)
    assert apologised.apologies == 1
    assert (resolved.resolved_early, resolved.resolution_days) == (1, d.resolution_days)
    assert rollups.differences() == []


def test_it_deletes_a_bucket_that_falls_to_zero(desk: Any, office: Any, procedure: Any, unit_a: Any) -> None:
    d = receive(desk, office, procedure, local(2026, 3, 2, 9))
    d.delete()
    rollups.touch({(unit_a.pk, procedure.pk, date(2026, 3, 2))})
    assert not DossierRollup.objects.exists()


def test_it_recounts_thousands_of_keys_in_a_few_queries(desk: Any, office: Any, procedure: Any, unit_a: Any) -> None:
    receive(desk, office, procedure, local(2026, 3, 2, 9))
    other = make_procedure(agency=unit_a)
    keys = {
        (unit_a.pk, p.pk, date(2025, 1, 1).fromordinal(date(2025, 1, 1).toordinal() + n))
        for p in (procedure, other)
        for n in range(1500)
    }
    DossierRollup.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        rollups.touch(keys)
    assert len(queries) <= 8, [q["sql"][:150] for q in queries.captured_queries]
    assert _row(unit_a, procedure, date(2026, 3, 2)).received == 1


def test_it_verifies_and_rebuilds_the_rollups(desk: Any, office: Any, procedure: Any, unit_a: Any) -> None:
    receive(desk, office, procedure, local(2026, 3, 2, 9))
    receive(desk, office, procedure, local(2026, 3, 3, 9))
    out = StringIO()
    call_command("verify_rollups", stdout=out)
    assert "agree" in out.getvalue()

    DossierRollup.objects.filter(day=date(2026, 3, 2)).update(received=5)
    DossierRollup.objects.filter(day=date(2026, 3, 3)).delete()
    DossierRollup.objects.create(unit=unit_a, procedure=procedure, day=date(2026, 3, 4), apologies=1)
    out = StringIO()
    with pytest.raises(SystemExit) as exit_code:
        call_command("verify_rollups", stdout=out)
    assert exit_code.value.code == 1
    assert "3 rollup buckets differ" in out.getvalue()
    assert "received 5 → 1" in out.getvalue()

    call_command("rebuild_rollups", stdout=StringIO())
    assert rollups.differences() == []
    out = StringIO()
    call_command("rebuild_rollups", stdout=out)
    assert "0 buckets" in out.getvalue()
    assert rollups.rollups_rebuild(unit_ids=[unit_a.pk]) == 0
