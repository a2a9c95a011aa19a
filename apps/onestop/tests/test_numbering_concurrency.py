"""Many receipts at one office at the same moment get distinct, gap-free daily numbers (PostgreSQL).

SQLite serialises every writer (IMMEDIATE transactions), so it proves nothing about row locks; the
test runs where CI runs it, on PostgreSQL (DATABASE_URL=postgres://...@127.0.0.1:5432/...)."""

import threading

import pytest
from django.db import connection, connections

from apps.onestop.models import DailyCounter, Dossier
from apps.onestop.tests.factories import local, make_office, make_procedure, receive
from apps.org.models import Role, UnitKind
from apps.org.tests.factories import UnitFactory, user_with_role

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks under concurrent receipts are a PostgreSQL matter; SQLite serialises writers",
)
THREADS = 12


def test_it_numbers_simultaneous_receipts_without_gaps_or_twins(transactional_db: None) -> None:
    province = UnitFactory(kind=UnitKind.PROVINCE, name="UBND tỉnh")
    centre = UnitFactory(parent=province, kind=UnitKind.SERVICE_CENTRE, name="Trung tâm")
    agency = UnitFactory(parent=province, name="Sở Tư pháp")
    office = make_office(centre, "000.00.08.H56")
    procedure = make_procedure(agency=agency)
    desk = user_with_role("desk_concurrent", Role.ONESTOP_OFFICER, centre, "Đỗ Thị Mai")
    moment = local(2026, 3, 2, 9)
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            receive(desk, office, procedure, moment, applicant_name=f"Người nộp {i}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    codes = sorted(Dossier.objects.values_list("code", flat=True))
    assert codes == [f"000.00.08.H56-260302-{n:04d}" for n in range(1, THREADS + 1)]
    assert DailyCounter.objects.get().last == THREADS
