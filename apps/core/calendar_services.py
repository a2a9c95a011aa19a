"""Writes to the working-day calendar: the province's overrides of the national calendar."""

from datetime import date as date_type

from django.db import transaction
from django.utils.translation import gettext

from apps.core.actors import Actor
from apps.core.audit import audit_record, snapshot
from apps.core.concurrency import bump, lock_and_check
from apps.core.models import CalendarOverride
from apps.core.workdays import invalidate_calendar

AUDITED_FIELDS = ["date", "kind", "reason", "legal_reference", "version"]
EDITABLE_FIELDS = ("date", "kind", "reason", "legal_reference")


def _clean_text(override: CalendarOverride) -> None:
    override.reason = (override.reason or "").strip()
    override.legal_reference = (override.legal_reference or "").strip()


@transaction.atomic
def calendar_override_create(
    *, actor: Actor, date: date_type, kind: str, reason: str, legal_reference: str
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
    *,
    actor: Actor,
    override: CalendarOverride,
    version: int | str | None,
    date: date_type | None = None,
    kind: str | None = None,
    reason: str | None = None,
    legal_reference: str | None = None,
) -> CalendarOverride:
    """Change an override that the editor saw at `version` (a field left as None keeps its value).

    A missing version is refused (VersionMissingError, 400); a stale one raises ConflictError (409)
    when someone else saved the override since.
    """
    current = lock_and_check(CalendarOverride.objects.get(pk=override.pk), version, what=gettext("calendar override"))
    before = snapshot(current, AUDITED_FIELDS)
    changes = {"date": date, "kind": kind, "reason": reason, "legal_reference": legal_reference}
    for name, value in changes.items():
        if value is not None:
            setattr(current, name, value)
    _clean_text(current)
    bump(current)
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
def calendar_override_delete(*, actor: Actor, override: CalendarOverride) -> None:
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
