"""The notification outbox.

A service that wants people told of a change calls `notify(...)` inside its own transaction: one
`Notification` row (unique `dedupe_key`) and one `NotificationRecipient` row per person. Nothing is
sent inline: when the transaction commits, a task (`tasks.deliver_outbox`) is enqueued for the task
worker; `manage.py send_notifications` (cron, the safety net) does the same work. Both claim
pending rows with a conditional UPDATE and hand each to the channels in
`settings.NOTIFICATION_CHANNELS` (`channels.Channel` adapters: in-app needs nothing, e-mail
renders the kind's templates in the recipient's language and honours each person's
`NotificationPreference`). A new channel (SMS, Zalo) is one more adapter in that list.

Templates of a kind "app.name": `app/notifications/name/subject.txt` and `body.txt`, falling back to
`core/notifications/subject.txt` and `body.txt`. They see the notification's `context` (ISO dates
turned back into dates), `kind` (the NotificationKind), `link` (SITE_URL + context["url"]) and
`recipient` (the user, e-mail only).
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import IntegrityError, transaction

from apps.core.models import Notification, NotificationRecipient

_silenced: ContextVar[bool] = ContextVar("notifications_silenced", default=False)


@contextmanager
def silenced() -> Iterator[None]:
    """Write no notification inside the block: loading a history (the demo's past cycles) tells
    nobody of events that did not just happen."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def notify(
    *,
    kind: str,
    dedupe_key: str,
    recipients: Iterable[Any],
    context: dict[str, Any],
    unit_id: int | None = None,
    email_to: Iterable[str] = (),
) -> Notification | None:
    """Write one notification for `recipients` (users) in the caller's transaction.

    `email_to`: e-mail addresses of people without an account (an applicant at a counter); they are
    e-mailed once, in the site's language, by the EmailChannel.

    Returns None, writing nothing, when a notification with `dedupe_key` already exists (the
    caller may run twice), when there is nobody to tell, or inside `silenced()`. Safe under
    concurrency: the unique key decides, inside a savepoint, so the caller's transaction goes on."""
    user_ids = sorted({user.pk for user in recipients if user.pk is not None})
    addresses = sorted({a.strip() for a in email_to if a and a.strip()})
    if not (user_ids or addresses) or _silenced.get():
        return None
    if Notification.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                kind=kind, dedupe_key=dedupe_key, context=context, unit_id=unit_id, email_to=addresses
            )
    except IntegrityError:
        return None  # written at the same instant by another transaction
    NotificationRecipient.objects.bulk_create(
        [NotificationRecipient(notification=notification, user_id=pk) for pk in user_ids]
    )
    from apps.core.notifications.tasks import schedule_delivery  # the tasks module imports the outbox

    schedule_delivery()
    return notification


__all__ = ["notify", "silenced"]
