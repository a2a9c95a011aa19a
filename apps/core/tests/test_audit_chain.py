import io
import threading
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import RequestFactory

from apps.core.audit import GENESIS_HASH, audit_record, verify_audit_chain
from apps.core.models import AuditChainHead, AuditEvent


def _write(n: int, actor: Any = "system") -> list[AuditEvent]:
    return [
        audit_record(actor=actor, action="thing.update", object_type="test.thing", object_id=i, after={"n": i})
        for i in range(n)
    ]


def _run_command() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit_chain", stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_it_links_each_event_to_the_previous_one(focal_a: Any) -> None:
    events = _write(3, focal_a)
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev_hash == GENESIS_HASH
    assert events[1].prev_hash == events[0].hash
    assert events[0].actor == focal_a
    assert events[0].actor_label == "focal_a"
    head = AuditChainHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (3, events[2].hash)
    assert verify_audit_chain().ok


@pytest.mark.django_db
def test_it_reports_ok_with_the_number_of_events() -> None:
    _write(4)
    assert _run_command() == (0, "OK: 4 events\n", "")


@pytest.mark.django_db
def test_it_reports_ok_for_an_empty_chain() -> None:
    assert _run_command() == (0, "OK: 0 events\n", "")


@pytest.mark.django_db
def test_it_detects_an_event_edited_in_the_database() -> None:
    events = _write(5)
    AuditEvent.objects.filter(seq=3).update(after={"n": 999})
    report = verify_audit_chain()
    assert (report.ok, report.broken_seq, report.checked) == (False, 3, 2)
    assert _run_command() == (1, "", "BROKEN at event #3: content changed\n")
    assert events  # the others are untouched


@pytest.mark.django_db
def test_it_detects_a_rewritten_hash_through_the_next_link() -> None:
    _write(5)
    AuditEvent.objects.filter(seq=2).update(actor_label="someone else", hash="f" * 64)
    code, _out, err = _run_command()
    assert code == 1
    assert err.startswith("BROKEN at event #2:")


@pytest.mark.django_db
def test_it_detects_a_deleted_middle_event() -> None:
    _write(5)
    AuditEvent.objects.filter(seq=3).delete()
    assert _run_command() == (1, "", "BROKEN at event #3: missing event\n")


@pytest.mark.django_db
def test_it_detects_a_deleted_last_event() -> None:
    _write(5)
    AuditEvent.objects.filter(seq=5).delete()
    code, _out, err = _run_command()
    assert code == 1
    assert err == "BROKEN at event #5: events missing at the end\n"


@pytest.mark.django_db
def test_it_is_not_editable_in_the_django_admin(sysadmin: Any) -> None:
    model_admin = admin.site._registry.get(AuditEvent)
    if model_admin is not None:  # registered read-only at most
        request = RequestFactory().get("/")
        request.user = get_user_model().objects.create_superuser("root", "root@example.test", "x", full_name="Root")
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
    assert AuditChainHead not in admin.site._registry


WRITERS = 6
EVENTS_PER_WRITER = 8


@pytest.mark.django_db(transaction=True)
def test_it_never_forks_the_chain_under_concurrent_writers() -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def writer(number: int) -> None:
        from django.db import connection as thread_connection

        try:
            start.wait()
            for i in range(EVENTS_PER_WRITER):
                with transaction.atomic():
                    audit_record(
                        actor=f"writer-{number}",
                        action="thing.update",
                        object_type="test.thing",
                        object_id=f"{number}-{i}",
                        after={"writer": number, "i": i},
                    )
        except BaseException as exc:
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    total = WRITERS * EVENTS_PER_WRITER
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, total + 1))
    report = verify_audit_chain()
    assert (report.ok, report.checked) == (True, total), report
    assert AuditChainHead.objects.count() == 1
    assert connection.vendor in {"sqlite", "postgresql"}
