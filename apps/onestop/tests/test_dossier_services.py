"""Receipt and lifecycle services: codes, appointment dates, the supplement pause, the apology, timing."""

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from apps.core.audit import verify_audit_chain
from apps.core.models import AuditEvent
from apps.onestop.models import DossierEvent, DossierState, Timing
from apps.onestop.services import dossiers as svc
from apps.onestop.tests.factories import local, make_procedure, receive

pytestmark = pytest.mark.django_db


def test_it_gives_each_dossier_a_code_of_the_office_day_and_number(desk: Any, office: Any, procedure: Any) -> None:
    first = receive(desk, office, procedure, local(2026, 3, 2, 9))
    second = receive(desk, office, procedure, local(2026, 3, 2, 10))
    next_day = receive(desk, office, procedure, local(2026, 3, 3, 8))
    assert [first.code, second.code, next_day.code] == [
        "000.00.08.H56-260302-0001",
        "000.00.08.H56-260302-0002",
        "000.00.08.H56-260303-0001",
    ]


def test_it_counts_a_receipt_after_15_00_from_the_next_working_day(desk: Any, office: Any, unit_a: Any) -> None:
    one_day = make_procedure(agency=unit_a, days=1)
    # Friday 13/02/2026, the last working day before Tết (16-20/02 off).
    before = receive(desk, office, one_day, local(2026, 2, 13, 14, 59))
    after = receive(desk, office, one_day, local(2026, 2, 13, 15, 1))
    assert (before.start_day, before.due_date) == (date(2026, 2, 13), date(2026, 2, 23))
    assert (after.start_day, after.due_date) == (date(2026, 2, 23), date(2026, 2, 24))


def test_it_stops_the_clock_while_waiting_for_a_supplement(
    desk: Any, clerk_a: Any, office: Any, procedure: Any
) -> None:
    d = receive(desk, office, procedure, local(2026, 3, 2, 9))  # Monday; 10 working days: due Mon 16/03
    assert d.due_date == date(2026, 3, 16)
    d = svc.dossier_transfer(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 2, 10))
    d = svc.dossier_request_supplement(
        actor=clerk_a, dossier=d, version=d.version, reason="Thiếu bản sao CCCD", at=local(2026, 3, 4, 9)
    )
    assert d.state == DossierState.SUPPLEMENT
    d = svc.dossier_receive_supplement(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 6, 9))
    assert d.paused_days == 2
    assert (d.due_date, d.original_due_date) == (date(2026, 3, 18), date(2026, 3, 18))
    d = svc.dossier_resolve(actor=clerk_a, dossier=d, version=d.version, at=local(2026, 3, 18, 16))
    assert d.timing == Timing.ON_TIME
    assert d.resolution_days == 10


def test_it_counts_a_second_supplement_request_as_late(desk: Any, clerk_a: Any, office: Any, procedure: Any) -> None:
    d = receive(desk, office, procedure, local(2026, 3, 2, 9))
    d = svc.dossier_transfer(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 2, 10))
    for day in (3, 5):
        d = svc.dossier_request_supplement(
            actor=clerk_a, dossier=d, version=d.version, reason="Thiếu giấy tờ", at=local(2026, 3, day, 9)
        )
        d = svc.dossier_receive_supplement(actor=desk, dossier=d, version=d.version, at=local(2026, 3, day, 11))
    d = svc.dossier_resolve(actor=clerk_a, dossier=d, version=d.version, at=local(2026, 3, 6, 9))
    assert d.supplement_count == 2
    assert d.timing == Timing.LATE


def test_it_allows_one_apology_and_warns_when_it_comes_late(
    desk: Any, clerk_a: Any, office: Any, procedure: Any
) -> None:
    d = receive(desk, office, procedure, local(2026, 3, 2, 9))
    d = svc.dossier_transfer(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 2, 10))
    with pytest.raises(ValidationError) as late:
        svc.dossier_apologise(
            actor=clerk_a,
            dossier=d,
            version=d.version,
            reason="Chờ xác minh",
            new_date=date(2026, 3, 20),
            at=local(2026, 3, 16, 9),
        )
    assert "confirm_late" in late.value.message_dict
    d = svc.dossier_apologise(
        actor=clerk_a,
        dossier=d,
        version=d.version,
        reason="Chờ xác minh",
        new_date=date(2026, 3, 20),
        at=local(2026, 3, 12, 9),
    )
    assert d.due_date == date(2026, 3, 20) and d.original_due_date == date(2026, 3, 16)
    with pytest.raises(ValidationError, match="only once"):
        svc.dossier_apologise(
            actor=clerk_a,
            dossier=d,
            version=d.version,
            reason="Lần nữa",
            new_date=date(2026, 3, 25),
            at=local(2026, 3, 13, 9),
        )
    d = svc.dossier_resolve(actor=clerk_a, dossier=d, version=d.version, at=local(2026, 3, 19, 9))
    assert d.timing == Timing.LATE  # the apology does not make it on time


def test_it_refuses_an_illegal_transition_with_a_message(desk: Any, office: Any, procedure: Any) -> None:
    d = receive(desk, office, procedure, local(2026, 3, 2, 9))
    with pytest.raises(ValidationError, match="cannot be given this action"):
        svc.dossier_return(actor=desk, dossier=d, version=d.version, delivery="counter", at=local(2026, 3, 2, 10))


def test_it_refuses_a_stale_version(desk: Any, office: Any, procedure: Any) -> None:
    from apps.core.errors import ConflictError

    d = receive(desk, office, procedure, local(2026, 3, 2, 9))
    svc.dossier_transfer(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 2, 10))
    with pytest.raises(ConflictError):
        svc.dossier_withdraw(actor=desk, dossier=d, version=1, at=local(2026, 3, 2, 11))


def test_it_records_every_step_as_an_event_and_an_audit_record(
    desk: Any, clerk_a: Any, office: Any, procedure: Any
) -> None:
    d = receive(desk, office, procedure, local(2026, 3, 2, 9))
    d = svc.dossier_transfer(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 2, 10))
    d = svc.dossier_resolve(actor=clerk_a, dossier=d, version=d.version, at=local(2026, 3, 5, 10))
    d = svc.dossier_return(actor=desk, dossier=d, version=d.version, delivery="postal", at=local(2026, 3, 6, 10))
    kinds = list(DossierEvent.objects.filter(dossier=d).values_list("kind", flat=True))
    assert kinds == ["receive", "transfer", "resolve", "return"]
    actions = list(AuditEvent.objects.filter(object_id=str(d.pk)).order_by("seq").values_list("action", flat=True))
    assert actions == [
        "onestop.dossier.receive",
        "onestop.dossier.transfer",
        "onestop.dossier.resolve",
        "onestop.dossier.return",
    ]
    assert d.timing == Timing.EARLY and d.state == DossierState.RETURNED
    assert verify_audit_chain().ok


def test_it_judges_each_agency_of_an_inter_agency_dossier_on_its_own_step(
    desk: Any, clerk_a: Any, office: Any, unit_a: Any, unit_b: Any
) -> None:
    linked = make_procedure(agency=unit_a, days=5, steps=[(unit_a, 2), (unit_b, 3)])
    d = receive(desk, office, linked, local(2026, 3, 2, 9))
    d = svc.dossier_transfer(actor=desk, dossier=d, version=d.version, at=local(2026, 3, 2, 10))
    assert d.current_unit == unit_a
    d = svc.dossier_transfer(actor=clerk_a, dossier=d, version=d.version, at=local(2026, 3, 5, 10))  # late: due 04/03
    assert d.current_unit == unit_b
    d = svc.dossier_resolve(actor=clerk_a, dossier=d, version=d.version, at=local(2026, 3, 6, 10))
    steps = list(d.steps.order_by("order").values_list("unit_id", "due_date", "timing"))
    assert steps == [(unit_a.pk, date(2026, 3, 4), "late"), (unit_b.pk, date(2026, 3, 10), "early")]


def test_it_refuses_bad_applicant_details_next_to_the_field(desk: Any, office: Any, procedure: Any) -> None:
    with pytest.raises(ValidationError) as bad:
        receive(desk, office, procedure, local(2026, 3, 2, 9), applicant_phone="abc")
    assert "applicant_phone" in bad.value.message_dict
    with pytest.raises(ValidationError) as empty:
        receive(desk, office, procedure, local(2026, 3, 2, 9), applicant_name="  ")
    assert "applicant_name" in empty.value.message_dict


def test_it_gives_a_pin_when_no_phone_is_given(desk: Any, office: Any, procedure: Any) -> None:
    d = receive(desk, office, procedure, local(2026, 3, 2, 9), applicant_phone="", applicant_email="an@example.vn")
    assert len(d.pin) == 6 and d.pin.isdigit()
