"""The words of a notification: its kind's templates, in a given language, with a generic fallback."""

import re
from contextlib import nullcontext, suppress
from datetime import date
from typing import Any

from django.conf import settings
from django.template.loader import select_template
from django.utils import translation

from apps.core import hooks
from apps.core.models import Notification

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def default_language() -> str:
    """The language of a message to a person whose own language is not known: the site's (vi)."""
    return str(getattr(settings, "NOTIFICATION_LANGUAGE", "") or settings.LANGUAGE_CODE)


def language_of(user: Any) -> str:
    return str(getattr(user, "language", "") or default_language())


def template_names(kind: str, part: str) -> list[str]:
    app, _sep, name = kind.partition(".")
    names = [f"{app}/notifications/{name}/{part}"] if name else []
    return [*names, f"core/notifications/{part}"]


def template_context(notification: Notification, **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for key, value in (notification.context or {}).items():
        if isinstance(value, str) and _ISO_DATE.match(value):
            with suppress(ValueError):
                value = date.fromisoformat(value)
        context[key] = value
    url = str(context.get("url") or "")
    context.update(
        {
            "notification": notification,
            "kind": hooks.get_one(hooks.NOTIFICATION_KINDS, notification.kind),
            "link": settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url,
            **extra,
        }
    )
    return context


def render_part(notification: Notification, part: str, *, language: str | None = None, **extra: Any) -> str:
    """`part` is "subject.txt" or "body.txt"; the subject comes back on one line."""
    template = select_template(template_names(notification.kind, part))
    with translation.override(language) if language else nullcontext():  # else the request's
        text = template.render(template_context(notification, **extra))
    if part.startswith("subject"):
        return " ".join(text.split())
    return text.strip() + "\n"


def title(notification: Notification) -> str:
    """The one line shown in the inbox: the e-mail subject in the page's language, without the
    "[CCHC]" a mailbox needs."""
    return render_part(notification, "subject.txt").removeprefix("[CCHC]").strip()
