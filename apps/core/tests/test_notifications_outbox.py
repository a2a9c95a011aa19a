"""The notification outbox: notify() writes once per dedupe key, send_notifications delivers each
row once (even with two runs at the same instant), retries failures and honours e-mail choices."""

import threading
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from apps.core import hooks
from apps.core.models import Notification, NotificationPreference, NotificationRecipient
from apps.core.notifications import notify, outbox
from apps.core.notifications.channels import Channel

KIND = "test.thing"
QUIET_KIND = "test.quiet"


@pytest.fixture(autouse=True)
def kinds() -> Iterator[None]:
    with hooks.isolated():
        hooks.register(
            hooks.NOTIFICATION_KINDS,
            hooks.NotificationKind(key=KIND, label="A thing happened"),
            hooks.NotificationKind(key=QUIET_KIND, label="A quiet thing", email_default=False),
        )
        yield


def write(key: str, *recipients: Any, kind: str = KIND, **context: Any) -> Notification | None:
    return notify(kind=kind, dedupe_key=key, recipients=recipients, context={"title": key, **context})


def run() -> str:
    out = StringIO()
    call_command("send_notifications", stdout=out)
    return out.getvalue()


class Broken(Channel):
    key = "broken"

    def send(self, notification: Notification, recipients: list[NotificationRecipient]) -> None:
        raise ConnectionError("mail server down")


@pytest.mark.django_db
class TestNotify:
    def test_it_writes_one_row_per_dedupe_key(self, focal_a: Any, head_a: Any) -> None:
        first = write("k1", focal_a, head_a, focal_a)
        assert first is not None
        assert write("k1", focal_a) is None
        assert Notification.objects.count() == 1
        assert sorted(first.recipients.values_list("username", flat=True)) == ["focal_a", "head_a"]

    def test_it_writes_nothing_for_nobody(self) -> None:
        assert write("k1") is None
        assert not Notification.objects.exists()

    def test_it_belongs_to_the_callers_transaction(self, focal_a: Any) -> None:
        with pytest.raises(RuntimeError), transaction.atomic():
            write("k1", focal_a)
            raise RuntimeError
        assert not Notification.objects.exists()

    def test_it_keeps_the_callers_transaction_usable_after_a_duplicate_key_race(
        self, focal_a: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        write("k1", focal_a)
        # As if another transaction wrote the key between our check and our insert.
        monkeypatch.setattr(
            "apps.core.notifications.Notification.objects.filter",
            lambda **kw: Notification.objects.none(),
        )
        with transaction.atomic():
            assert write("k1", focal_a) is None
            assert Notification.objects.count() == 1  # the transaction is still usable


@pytest.mark.django_db
class TestSend:
    def test_it_mails_each_notification_once(self, focal_a: Any, head_a: Any) -> None:
        write("k1", focal_a, head_a, url="/chi-so-cchc/")
        assert "1 notification(s) sent" in run()
        assert "0 notification(s) sent" in run()
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["focal_a@example.test", "head_a@example.test"]
        assert message.subject == "[CCHC] k1"
        assert "http://" in message.body and "/chi-so-cchc/" in message.body
        notification = Notification.objects.get()
        assert notification.sent_at is not None and notification.attempts == 0
        assert all(r.email_sent_at for r in notification.deliveries.all())

    def test_it_leaves_out_whoever_turned_the_kind_off(self, focal_a: Any, head_a: Any) -> None:
        NotificationPreference.objects.create(user=head_a, kind=KIND, email=False)
        write("k1", focal_a, head_a)
        run()
        assert [m.to for m in mail.outbox] == [["focal_a@example.test"]]
        assert Notification.objects.get().sent_at is not None  # still in both inboxes

    def test_it_mails_a_kind_off_by_default_only_to_who_turned_it_on(self, focal_a: Any, head_a: Any) -> None:
        NotificationPreference.objects.create(user=head_a, kind=QUIET_KIND, email=True)
        write("k1", focal_a, head_a, kind=QUIET_KIND)
        run()
        assert [m.to for m in mail.outbox] == [["head_a@example.test"]]

    def test_it_skips_people_without_an_address_or_deactivated(self, focal_a: Any, head_a: Any) -> None:
        focal_a.email = ""
        focal_a.save(update_fields=["email"])
        head_a.is_active = False
        head_a.save(update_fields=["is_active"])
        write("k1", focal_a, head_a)
        run()
        assert mail.outbox == []
        assert Notification.objects.get().sent_at is not None

    def test_it_falls_back_to_the_generic_templates(self, focal_a: Any) -> None:
        notify(kind="nobody.registered", dedupe_key="k1", recipients=[focal_a], context={})
        run()
        assert mail.outbox[0].subject == "[CCHC] Notification"

    def test_it_retries_a_failure_and_gives_up_after_the_last_attempt(self, focal_a: Any, settings: Any) -> None:
        settings.NOTIFICATION_CHANNELS = [f"{__name__}.Broken"]
        settings.NOTIFICATION_MAX_ATTEMPTS = 2
        write("k1", focal_a)
        assert "0 notification(s) sent, 1 failed (0 given up" in run()
        notification = Notification.objects.get()
        assert notification.attempts == 1 and "mail server down" in notification.last_error
        assert notification.claimed_at is None and notification.failed_at is None  # released for the next run
        assert "1 failed (1 given up" in run()
        notification.refresh_from_db()
        assert notification.attempts == 2 and notification.failed_at is not None
        assert "0 notification(s) sent, 0 failed" in run()  # left alone
        settings.NOTIFICATION_CHANNELS = ["apps.core.notifications.channels.EmailChannel"]
        run()
        assert mail.outbox == []

    def test_it_never_mails_a_recipient_twice_when_a_later_channel_fails(self, focal_a: Any, settings: Any) -> None:
        settings.NOTIFICATION_CHANNELS = ["apps.core.notifications.channels.EmailChannel", f"{__name__}.Broken"]
        write("k1", focal_a)
        run()
        run()
        assert len(mail.outbox) == 1
        assert Notification.objects.get().attempts == 2

    def test_it_takes_over_a_claim_left_by_a_dead_worker(self, focal_a: Any) -> None:
        notification = write("k1", focal_a)
        assert notification is not None
        Notification.objects.filter(pk=notification.pk).update(claimed_at=timezone.now(), claim_token="dead")
        assert "0 notification(s) sent" in run()  # a fresh claim is someone else's
        Notification.objects.filter(pk=notification.pk).update(claimed_at=timezone.now() - timedelta(hours=1))
        assert "1 notification(s) sent" in run()
        assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_it_sends_each_row_once_when_two_runs_claim_at_the_same_time(
    focal_a: Any, head_a: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(8):
        write(f"k{i}", focal_a, head_a)
    # Both runs read the same pending rows before either claims them: only the conditional
    # UPDATE stands between them and a double send.
    barrier = threading.Barrier(2, timeout=20)
    first_call: set[int] = set()
    original = outbox._candidates

    def candidates(*args: Any) -> list[int]:
        pks = original(*args)
        if threading.get_ident() not in first_call:
            first_call.add(threading.get_ident())
            barrier.wait()
        return pks

    monkeypatch.setattr(outbox, "_candidates", candidates)
    results: list[outbox.SendResult] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            results.append(outbox.send_pending())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(r.sent for r in results) in ([0, 8], [1, 7], [2, 6], [3, 5], [4, 4])
    assert sum(r.sent for r in results) == 8
    assert len(mail.outbox) == 8
    assert sorted(m.subject for m in mail.outbox) == sorted(f"[CCHC] k{i}" for i in range(8))
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


@pytest.mark.django_db
def test_it_claims_nothing_another_run_claimed_after_it_looked(focal_a: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    write("k1", focal_a)
    write("k2", focal_a)
    rival_token, rival_rows = outbox.claim()
    assert len(rival_rows) == 2
    monkeypatch.setattr(outbox, "_candidates", lambda *args: rival_rows)  # it read them before the rival's claim
    _token, mine = outbox.claim()
    assert mine == []
    assert set(Notification.objects.values_list("claim_token", flat=True)) == {rival_token}
