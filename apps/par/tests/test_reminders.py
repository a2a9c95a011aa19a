from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from apps.core.models import AuditEvent, Notification, NotificationPreference
from apps.org.models import Role
from apps.org.tests.factories import user_with_role
from apps.par.models import Assessment, AssessmentStatus
from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}


@pytest.fixture
def period(settings, unit_a, unit_b, focal_a, head_a, focal_b):  # type: ignore[no-untyped-def]
    settings.TASKS = IMMEDIATE
    group = group_of(unit_a, unit_b)
    period = open_period(group, build_set(group))
    Notification.objects.all().delete()  # "period opened" is test_par_notices.py's subject
    # Unit B has submitted: its people get nothing.
    Assessment.objects.filter(period=period, unit=unit_b).update(status=AssessmentStatus.SUBMITTED)
    return period


def deliver() -> None:
    call_command("send_notifications", stdout=StringIO())


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_mails_the_units_still_in_draft_once_a_day(period, secretariat) -> None:  # type: ignore[no-untyped-def]
    client = client_for(secretariat)
    response = client.post(reverse("par:period_remind", args=[period.pk]))  # rows written by the request itself
    assert response.status_code == 302
    assert mail.outbox == []  # written to the outbox, never sent inline
    notification = Notification.objects.get()
    unit_a_id = Assessment.objects.get(period=period, unit__name="Sở Tư pháp").unit_id
    assert notification.kind == "par.period_reminder"
    assert notification.dedupe_key == f"par.reminder:{period.pk}:{unit_a_id}:2026-01-10"
    assert notification.unit_id == unit_a_id
    deliver()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["focal_a@example.test", "head_a@example.test"]
    assert period.name in message.subject and "15/01/2026" in message.subject
    assert "Sở Tư pháp" in message.body
    assert "0 of 6" in message.body
    assert (
        reverse("par:assessment_detail", args=[Assessment.objects.get(period=period, unit__name="Sở Tư pháp").pk])
        in message.body
    )
    event = AuditEvent.objects.get(action="par.period.remind")
    assert event.actor == secretariat and event.after["notifications"] == 1

    response = client.post(reverse("par:period_remind", args=[period.pk]), follow=True)
    assert "already sent today" in response.content.decode()
    out = StringIO()
    call_command("par_send_reminders", "--period", str(period.pk), stdout=out)
    assert "nothing sent" in out.getvalue()
    deliver()
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1
    assert AuditEvent.objects.filter(action="par.period.remind").count() == 1


def test_it_sends_again_the_next_day_from_the_command(period, unit_a) -> None:  # type: ignore[no-untyped-def]
    no_email = user_with_role("other_head", Role.UNIT_HEAD, unit_a)
    no_email.email = ""
    no_email.save(update_fields=["email"])
    with time_machine.travel(datetime(2026, 1, 10, 23, 50, tzinfo=TZ)):
        out = StringIO()
        call_command("par_send_reminders", "--period", str(period.pk), stdout=out)
        call_command("par_send_reminders", "--period", str(period.pk), stdout=out)
        deliver()
        deliver()
    assert "1 unit(s) notified." in out.getvalue() and "nothing sent" in out.getvalue()
    assert len(mail.outbox) == 1
    with time_machine.travel(datetime(2026, 1, 11, 0, 10, tzinfo=TZ)):
        call_command("par_send_reminders", stdout=StringIO())  # every open period
        deliver()
    assert len(mail.outbox) == 2
    assert Notification.objects.count() == 2
    assert sorted(mail.outbox[1].to) == ["focal_a@example.test", "head_a@example.test"]
    assert (
        AuditEvent.objects.get(action="par.period.remind", created_at__day=10).actor_label == "cron:par_send_reminders"
    )


def test_it_sends_nothing_when_every_unit_has_submitted(period) -> None:  # type: ignore[no-untyped-def]
    Assessment.objects.filter(period=period).update(status=AssessmentStatus.SUBMITTED)
    call_command("par_send_reminders", "--period", str(period.pk), stdout=StringIO())
    deliver()
    assert mail.outbox == []
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.filter(action="par.period.remind").exists()


def test_it_refuses_an_unknown_period_in_the_command(period) -> None:  # type: ignore[no-untyped-def]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("par_send_reminders", "--period", str(period.pk + 99), stdout=StringIO())


def test_it_lets_only_the_secretariat_send_reminders(period, focal_a, leader, appraiser, secretariat) -> None:  # type: ignore[no-untyped-def]
    url = reverse("par:period_remind", args=[period.pk])
    assert client_for(leader).post(url).status_code == 403
    assert client_for(appraiser).post(url).status_code == 403
    assert client_for(focal_a).post(url).status_code == 403
    assert client_for(secretariat).post(reverse("par:period_remind", args=[period.pk + 99])).status_code == 404
    assert client_for(secretariat).get(url).status_code == 405
    assert mail.outbox == []


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_runs_the_sweep_twice_and_notifies_each_unit_once(period, focal_a, head_a) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):
        call_command("par_send_reminders", stdout=StringIO())
        deliver()
    notification = Notification.objects.get()
    assert sorted(notification.recipients.values_list("username", flat=True)) == ["focal_a", "head_a"]
    assert notification.sent_at is not None
    assert len(mail.outbox) == 1


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_leaves_out_of_the_email_whoever_turned_reminders_off(period, focal_a, head_a) -> None:  # type: ignore[no-untyped-def]
    NotificationPreference.objects.create(user=head_a, kind="par.period_reminder", email=False)
    call_command("par_send_reminders", stdout=StringIO())
    deliver()
    assert [m.to for m in mail.outbox] == [["focal_a@example.test"]]
    # Still in both inboxes.
    assert Notification.objects.get().recipients.count() == 2


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_shows_sent_today_on_the_progress_page_from_the_outbox(period, secretariat) -> None:  # type: ignore[no-untyped-def]
    client = client_for(secretariat)
    url = reverse("par:period_progress", args=[period.pk])
    assert not client.get(url).context["sent_today"]
    call_command("par_send_reminders", stdout=StringIO())
    assert client.get(url).context["sent_today"]
    AuditEvent.objects.filter(action="par.period.remind").delete()
    # The audit trail is a record, not the work queue: without the event, today still counts as sent.
    assert client.get(url).context["sent_today"]


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_mails_in_the_site_language_when_the_persons_is_unknown(period, settings) -> None:  # type: ignore[no-untyped-def]
    settings.NOTIFICATION_LANGUAGE = "vi"
    call_command("par_send_reminders", stdout=StringIO())
    deliver()
    message = mail.outbox[0]
    assert message.subject == f"[CCHC] Nhắc việc: hạn tự đánh giá “{period.name}” là ngày 15/01/2026"
    assert "Kính gửi lãnh đạo và cán bộ đầu mối Sở Tư pháp," in message.body
    assert "Số tiêu chí đã chấm: 0/6." in message.body
    assert "&" not in message.body  # plain text, not HTML-escaped
