"""A person's inbox: reads and writes of their own notification copies (the bell, the page)."""

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from apps.core import hooks
from apps.core.models import NotificationPreference, NotificationRecipient


def unread_count(*, user: Any) -> int:
    """The bell's number: one query."""
    return NotificationRecipient.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def inbox_for_user(*, user: Any, unread_only: bool = False) -> QuerySet[NotificationRecipient]:
    """The user's copies, newest first, each with its notification."""
    rows = NotificationRecipient.objects.filter(user_id=user.pk).select_related("notification")
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-notification__created_at", "-pk")


def notification_mark_read(*, user: Any, notification_id: int) -> NotificationRecipient:
    """Mark the user's copy read; 404 when the notification is not addressed to the user."""
    row = NotificationRecipient.objects.filter(user_id=user.pk, notification_id=notification_id).first()
    if row is None:
        raise Http404
    if row.read_at is None:
        row.read_at = timezone.now()
        row.save(update_fields=["read_at"])
    return row


def notifications_mark_all_read(*, user: Any) -> int:
    return NotificationRecipient.objects.filter(user_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())


def email_preferences(*, user: Any) -> list[tuple[Any, bool]]:
    """Every registered kind with whether the user receives it by e-mail (their choice or the default)."""
    chosen = dict(NotificationPreference.objects.filter(user_id=user.pk).values_list("kind", "email"))
    kinds = sorted(hooks.get(hooks.NOTIFICATION_KINDS), key=lambda kind: str(kind.label))
    return [(kind, chosen.get(kind.key, kind.email_default)) for kind in kinds]


@transaction.atomic
def email_preferences_set(*, user: Any, email_kinds: set[str]) -> None:
    """E-mail on for the kinds in `email_kinds`, off for every other registered kind."""
    for kind in hooks.get(hooks.NOTIFICATION_KINDS):
        NotificationPreference.objects.update_or_create(
            user_id=user.pk, kind=kind.key, defaults={"email": kind.key in email_kinds}
        )
