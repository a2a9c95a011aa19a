"""Acceptance 5 of issue 7: in the demo, "Gửi nhắc việc" (send reminders) queues a delivery task
when the request commits, and the task worker (`db_worker`, started by `make run`) sends the
reminder; the sweep is not needed."""

from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from apps.accounts.models import User
from apps.core.models import Notification
from apps.par.models import Assessment, AssessmentStatus
from conftest import client_for

pytestmark = pytest.mark.django_db
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_it_sends_a_queued_reminder_of_the_demo_through_the_task_worker(
    settings: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    settings.TASKS = DATABASE_QUEUE
    call_command("seed_demo", stdout=StringIO())
    assert not Notification.objects.exists()  # the demo's past cycles are loaded, not announced
    draft = Assessment.objects.select_related("period").filter(unit__name="Sở Tư pháp", status=AssessmentStatus.DRAFT)[
        0
    ]

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(User.objects.get(username="noivu")).post(
            reverse("par:period_remind", args=[draft.period_id])
        )
    assert response.status_code == 302
    reminder = Notification.objects.get(kind="par.period_reminder", unit_id=draft.unit_id)
    assert reminder.sent_at is None and mail.outbox == []  # queued, not sent by the request
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    # `db_worker --batch` closes the connection between tasks, which would end this test's transaction.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, stdout=StringIO())

    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    to_tuphap = [m for m in mail.outbox if "tuphap@tuyenquang.demo" in m.to]
    assert len(to_tuphap) == 1
    assert "gd_tuphap@tuyenquang.demo" in to_tuphap[0].to
    assert draft.period.name in to_tuphap[0].subject
    assert reverse("par:assessment_detail", args=[draft.pk]) in to_tuphap[0].body
