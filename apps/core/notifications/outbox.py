"""Delivering the outbox: claim pending rows with a conditional UPDATE, hand them to the channels.

Two workers running at once never send one row twice: a worker owns a row only if its own UPDATE
(`... WHERE pk IN (...) AND sent_at IS NULL AND failed_at IS NULL AND (claimed_at IS NULL OR
claimed_at < stale)`) changed it, and the database applies one such UPDATE to a row at a time. A
claim older than `stale_after` (a worker that died) may be taken over. A failure counts an attempt,
keeps the error and releases the row for the next run; after `NOTIFICATION_MAX_ATTEMPTS` the row is
marked failed and left alone.
"""

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from apps.core.models import Notification
from apps.core.notifications.channels import get_channels

STALE_AFTER = timedelta(minutes=15)
BATCH = 200


def max_attempts() -> int:
    return int(getattr(settings, "NOTIFICATION_MAX_ATTEMPTS", 5))


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0  # failed this run (retried later, unless out of attempts)
    given_up: int = 0  # out of attempts


def _claimable(now: datetime, stale_after: timedelta) -> Q:
    return Q(sent_at__isnull=True, failed_at__isnull=True) & (
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - stale_after)
    )


def _candidates(limit: int, stale_after: timedelta, exclude: Collection[int]) -> list[int]:
    now = timezone.now()
    return list(
        Notification.objects.filter(_claimable(now, stale_after))
        .exclude(pk__in=list(exclude))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def claim(
    *, limit: int = BATCH, stale_after: timedelta = STALE_AFTER, exclude: Collection[int] = ()
) -> tuple[str, list[int]]:
    """Claim up to `limit` pending rows for this worker; returns its token and the rows it owns."""
    pks = _candidates(limit, stale_after, exclude)
    if not pks:
        return "", []
    token, now = uuid.uuid4().hex, timezone.now()
    # The condition is checked again by the UPDATE itself (autocommit, one statement): a row
    # another worker claimed in the meantime is no longer matched.
    Notification.objects.filter(_claimable(now, stale_after), pk__in=pks).update(claimed_at=now, claim_token=token)
    owned = Notification.objects.filter(claim_token=token).order_by("created_at", "pk")
    return token, list(owned.values_list("pk", flat=True))


def deliver(pk: int, token: str) -> bool:
    """Send one claimed row through every channel; True when it went out."""
    notification = Notification.objects.filter(pk=pk, claim_token=token, sent_at__isnull=True).first()
    if notification is None:
        return False
    recipients = list(notification.deliveries.select_related("user").order_by("pk"))
    try:
        for channel in get_channels():
            channel.send(notification, recipients)
    except Exception as exc:
        now = timezone.now()
        attempts = notification.attempts + 1
        Notification.objects.filter(pk=pk, claim_token=token).update(
            attempts=F("attempts") + 1,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            claimed_at=None,
            claim_token="",
            failed_at=now if attempts >= max_attempts() else None,
        )
        return False
    Notification.objects.filter(pk=pk, claim_token=token).update(sent_at=timezone.now(), last_error="")
    return True


def send_pending(*, limit: int = BATCH, stale_after: timedelta = STALE_AFTER) -> SendResult:
    """Claim and deliver pending notifications until none is left. A row that fails is released
    for the next run, not tried again in this one."""
    result = SendResult()
    tried: set[int] = set()
    while True:
        token, pks = claim(limit=limit, stale_after=stale_after, exclude=tried)
        if not token:
            return result
        for pk in pks:
            tried.add(pk)
            if deliver(pk, token):
                result.sent += 1
            else:
                result.failed += 1
                if Notification.objects.filter(pk=pk, failed_at__isnull=False).exists():
                    result.given_up += 1
