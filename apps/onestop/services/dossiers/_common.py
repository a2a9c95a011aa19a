"""What receipt and transitions share: refusals, bounded text, the phone, the event row, the documents list."""

import re
from datetime import datetime
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.core.actors import Actor
from apps.onestop.models import (
    Dossier,
    DossierEvent,
)

TEXT_MAX = 5000
AUDITED = [
    "state",
    "current_unit",
    "due_date",
    "original_due_date",
    "supplement_count",
    "paused_days",
    "timing",
    "resolved_at",
    "returned_at",
    "finished_at",
]
_PHONE = re.compile(r"^\+?[0-9][0-9 .-]{7,18}[0-9]$")


def refuse(message: str, field: str | None = None, code: str = "invalid") -> NoReturn:
    raise ValidationError({field: message} if field else message, code=code)


def _text(value: str, label: str, field: str, *, required: bool = False, limit: int = TEXT_MAX) -> str:
    text = (value or "").strip()
    if "\x00" in text:
        refuse(_("Null characters are not allowed."), field)
    if required and not text:
        refuse(_("%(label)s is required.") % {"label": label}, field, "required")
    if len(text) > limit:
        refuse(
            _("%(label)s is too long (%(length)d characters); the limit is %(max)d.")
            % {"label": label, "length": len(text), "max": limit},
            field,
            "too_long",
        )
    return text


def normalise_phone(value: str) -> str:
    """Digits only ("+84 912.345.678" -> "84912345678"); refused when it is not a phone number."""
    text = (value or "").strip()
    if not text:
        return ""
    if not _PHONE.match(text):
        refuse(_("Enter a phone number of 9 to 12 digits, e.g. 0912 345 678."), "applicant_phone")
    digits = re.sub(r"\D", "", text)
    if not 9 <= len(digits) <= 12:
        refuse(_("Enter a phone number of 9 to 12 digits, e.g. 0912 345 678."), "applicant_phone")
    return digits


def _event(
    dossier: Dossier,
    kind: str,
    *,
    actor: Actor,
    at: datetime,
    note: str = "",
    data: dict[str, Any] | None = None,
    idempotency_key: str = "",
    unit_id: int | None = None,
) -> DossierEvent:
    is_user = getattr(actor, "is_authenticated", False)
    return DossierEvent.objects.create(
        dossier=dossier,
        kind=kind,
        at=at,
        actor_id=getattr(actor, "pk", None) if is_user else None,
        actor_label=(actor.get_username() if is_user else str(actor))[:150],
        unit_id=unit_id or dossier.current_unit_id,
        state_after=dossier.state,
        note=note,
        data=data or {},
        idempotency_key=idempotency_key,
    )


def _documents(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The documents received: name, original or copy, quantity."""
    cleaned = []
    for item in documents[:100]:
        name = _text(str(item.get("name", "")), _("The document's name"), "documents", limit=300)
        if not name:
            continue
        kind = item.get("kind", "original")
        if kind not in ("original", "certified_copy", "copy"):
            refuse(_("Choose original, certified copy or copy for each document."), "documents")
        try:
            quantity = int(item.get("quantity", 1))
        except (TypeError, ValueError):
            refuse(_("The quantity of each document must be a whole number."), "documents")
        if not 1 <= quantity <= 99:
            refuse(_("The quantity of each document must be between 1 and 99."), "documents")
        cleaned.append({"name": name, "kind": kind, "quantity": quantity})
    return cleaned
