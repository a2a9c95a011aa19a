"""Writes to the working-day calendar: the province's overrides of the national calendar."""

from datetime import date as date_type
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audit_record, snapshot
from apps.core.models import CalendarOverride
from apps.core.workdays import invalidate_calendar

AUDITED_FIELDS = ["date", "kind", "reason", "legal_reference", "version"]
EDITABLE_FIELDS = frozenset({"date", "kind", "reason", "legal_reference"})
CONFLICT_CODE = "conflict"
CONFLICT_MESSAGE = _("Someone else changed this override in the meantime. Reload the page and try again.")


def _clean_text(override: CalendarOverride) -> None:
    override.reason = (override.reason or "").strip()
    override.legal_reference = (override.legal_reference or "").strip()


@transaction.atomic
def calendar_override_create(
    *, actor: Any, date: date_type, kind: str, reason: str, legal_reference: str
) -> CalendarOverride:
    """Declare `date` a day off or a working day against the national calendar."""
    override = CalendarOverride(date=date, kind=kind, reason=reason, legal_reference=legal_reference)
    _clean_text(override)
    override.full_clean()
    override.save(force_insert=True)
    audit_record(actor=actor, action="calendar_override.create", obj=override, after=snapshot(override, AUDITED_FIELDS))
    invalidate_calendar()
    return override


@transaction.atomic
def calendar_override_update(
    *, actor: Any, override: CalendarOverride, version: int, **fields: Any
) -> CalendarOverride:
    """Change an override that the editor saw at `version`; a stale version is refused.

    Raises ValidationError with code "conflict" when someone else saved it since.
    """
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    current = CalendarOverride.objects.select_for_update().get(pk=override.pk)
    if version != current.version:
        raise ValidationError(CONFLICT_MESSAGE, code=CONFLICT_CODE)
    before = snapshot(current, AUDITED_FIELDS)
    for name, value in fields.items():
        setattr(current, name, value)
    _clean_text(current)
    current.version += 1
    current.full_clean()
    current.save(update_fields=[*EDITABLE_FIELDS, "version", "updated_at"])
    audit_record(
        actor=actor,
        action="calendar_override.update",
        obj=current,
        before=before,
        after=snapshot(current, AUDITED_FIELDS),
    )
    invalidate_calendar()
    for name in [*EDITABLE_FIELDS, "version", "updated_at"]:
        setattr(override, name, getattr(current, name))
    return current


@transaction.atomic
def calendar_override_delete(*, actor: Any, override: CalendarOverride) -> None:
    """Remove an override: the day follows the national calendar again."""
    before = snapshot(override, AUDITED_FIELDS)
    pk, label = override.pk, str(override)
    override.delete()
    audit_record(
        actor=actor,
        action="calendar_override.delete",
        object_type=CalendarOverride._meta.label_lower,
        object_id=pk,
        object_repr=label,
        before=before,
    )
    invalidate_calendar()
