"""Channel adapters: how a claimed notification reaches its recipients.

`settings.NOTIFICATION_CHANNELS` lists the dotted paths of the channels to use. A channel's
`send(notification, recipients)` delivers to the recipient rows it has not delivered to yet and
raises on failure (the outbox then counts an attempt and retries later), so it must be safe to call
again for the same notification.
"""

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.module_loading import import_string

from apps.core import hooks
from apps.core.models import Notification, NotificationPreference, NotificationRecipient
from apps.core.notifications.render import default_language, language_of, render_part

DEFAULT_CHANNELS = ["apps.core.notifications.channels.InAppChannel", "apps.core.notifications.channels.EmailChannel"]


class Channel:
    key = ""

    def send(self, notification: Notification, recipients: list[NotificationRecipient]) -> None:
        raise NotImplementedError


class InAppChannel(Channel):
    """The recipient rows are the inbox (the bell and the notifications page): nothing to send."""

    key = "in_app"

    def send(self, notification: Notification, recipients: list[NotificationRecipient]) -> None:
        return None


def email_wanted(kind: str, user_ids: list[int]) -> dict[int, bool]:
    """Whether each user wants `kind` by e-mail: their preference, else the kind's default (one query)."""
    registered = hooks.get_one(hooks.NOTIFICATION_KINDS, kind)
    default = registered.email_default if registered is not None else True
    chosen = dict(
        NotificationPreference.objects.filter(kind=kind, user_id__in=user_ids).values_list("user_id", "email")
    )
    return {pk: chosen.get(pk, default) for pk in user_ids}


class EmailChannel(Channel):
    """One Django e-mail per language, to every recipient who wants this kind by e-mail and has an
    address; each recipient row records when its e-mail went out, so a retry never mails twice."""

    key = "email"

    def send(self, notification: Notification, recipients: list[NotificationRecipient]) -> None:
        self.send_to_addresses(notification)
        pending = [r for r in recipients if r.email_sent_at is None and r.user.is_active and r.user.email]
        if not pending:
            return
        wanted = email_wanted(notification.kind, [r.user_id for r in pending])
        by_language: dict[str, list[NotificationRecipient]] = defaultdict(list)
        for row in pending:
            if wanted[row.user_id]:
                by_language[language_of(row.user)].append(row)
        for language, rows in sorted(by_language.items()):
            subject = render_part(notification, "subject.txt", language=language)
            body = render_part(notification, "body.txt", language=language)
            to = sorted({row.user.email for row in rows})
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to).send(fail_silently=False)
            NotificationRecipient.objects.filter(pk__in=[row.pk for row in rows]).update(email_sent_at=timezone.now())

    def send_to_addresses(self, notification: Notification) -> None:
        """The addresses of people without an account (`email_to`): one e-mail in the site's language."""
        if not notification.email_to or notification.email_to_sent_at is not None:
            return
        language = default_language()
        subject = render_part(notification, "subject.txt", language=language)
        body = render_part(notification, "body.txt", language=language)
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, list(notification.email_to)).send(fail_silently=False)
        notification.email_to_sent_at = timezone.now()
        Notification.objects.filter(pk=notification.pk).update(email_to_sent_at=notification.email_to_sent_at)


def get_channels() -> list[Any]:
    paths = getattr(settings, "NOTIFICATION_CHANNELS", DEFAULT_CHANNELS)
    return [import_string(path)() for path in paths]
