"""Delivery by the task worker: a notification written in a transaction enqueues one delivery task
when it commits; the worker (`db_worker`) then sends it without waiting for the sweep."""

from collections.abc import Iterator
from io import StringIO
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from apps.core import hooks
from apps.core.models import Notification
from apps.core.notifications import notify, tasks
from apps.core.notifications.tasks import deliver_outbox

pytestmark = pytest.mark.django_db
KIND = "test.thing"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def kinds() -> Iterator[None]:
    with hooks.isolated():
        hooks.register(hooks.NOTIFICATION_KINDS, hooks.NotificationKind(key=KIND, label="A thing happened"))
        yield


def write(key: str, *recipients: Any) -> Notification | None:
    return notify(kind=KIND, dedupe_key=key, recipients=recipients, context={"title": key})


def work(monkeypatch: Any) -> None:
    """Run `db_worker --batch` here; it closes the database connection between tasks, which would
    close the test's own transaction, so that step is skipped."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, stdout=StringIO())


def test_it_enqueues_one_delivery_when_the_transaction_commits(
    settings: Any, django_capture_on_commit_callbacks: Any, focal_a: Any, head_a: Any
) -> None:
    settings.TASKS = DATABASE_QUEUE
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        write("k1", focal_a)
        write("k2", head_a)
        assert DBTaskResult.objects.count() == 0  # nothing before the commit
    assert len(callbacks) == 1
    assert DBTaskResult.objects.get().task_path == "apps.core.notifications.tasks.deliver_outbox"
    assert mail.outbox == []  # queued, not sent inline


def test_it_enqueues_nothing_when_nothing_is_written(
    settings: Any, django_capture_on_commit_callbacks: Any, focal_a: Any
) -> None:
    settings.TASKS = DATABASE_QUEUE
    write("k1", focal_a)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert write("k1", focal_a) is None  # already written: no second delivery
        assert write("k2") is None  # nobody to tell
    assert callbacks == []


def test_it_sends_the_notification_when_the_worker_runs_the_task(
    settings: Any, django_capture_on_commit_callbacks: Any, focal_a: Any, monkeypatch: Any
) -> None:
    settings.TASKS = DATABASE_QUEUE
    with django_capture_on_commit_callbacks(execute=True):
        notification = write("k1", focal_a)
    assert notification is not None
    work(monkeypatch)
    assert [message.to for message in mail.outbox] == [["focal_a@example.test"]]
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_it_runs_the_same_delivery_as_the_sweep(settings: Any, focal_a: Any) -> None:
    settings.TASKS = IMMEDIATE
    write("k1", focal_a)
    assert deliver_outbox.call() == 1
    assert deliver_outbox.call() == 0  # a row is sent once, whoever sends it
    assert len(mail.outbox) == 1


def test_it_still_writes_the_notification_when_the_queue_is_down(
    settings: Any, django_capture_on_commit_callbacks: Any, focal_a: Any, monkeypatch: Any
) -> None:
    def down(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("queue down")

    monkeypatch.setattr(tasks, "deliver_outbox", SimpleNamespace(enqueue=down))
    with django_capture_on_commit_callbacks(execute=True):
        write("k1", focal_a)
    assert Notification.objects.filter(sent_at__isnull=True).count() == 1  # the sweep sends it later


def test_it_writes_nothing_while_silenced(focal_a: Any) -> None:
    from apps.core.notifications import silenced

    with silenced():
        assert write("k1", focal_a) is None
    assert Notification.objects.count() == 0
    assert write("k1", focal_a) is not None
