"""Reads of the audit trail, for the system administrator only."""

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from apps.core.models import AuditEvent
from apps.core.text import fold, search_filter
from apps.org.permissions import OrgAction, require


@dataclass(frozen=True)
class AuditFilter:
    """What the audit trail page may be filtered by. Empty values mean "any"."""

    unit_id: int | None = None
    user: str = ""
    object_type: str = ""
    object_id: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_current_timezone())


def _actor_q(text: str) -> Q:
    """The username or the recorded label, or every word of the actor's name without diacritics."""
    text = text.strip()
    q = Q(actor_label__icontains=text) | Q(actor__username__icontains=text)
    if fold(text):
        q |= search_filter("actor__search_text", text)
    return q


def audit_event_list(*, user: Any, filters: AuditFilter | None = None) -> QuerySet[AuditEvent]:
    """Audit events, newest first, with actor and unit loaded in the same query."""
    require(user, OrgAction.VIEW_AUDIT)
    filters = filters or AuditFilter()
    events = AuditEvent.objects.select_related("actor", "unit").order_by("-seq")
    if filters.unit_id is not None:
        events = events.filter(unit_id=filters.unit_id)
    if filters.user.strip():
        events = events.filter(_actor_q(filters.user))
    if filters.object_type:
        events = events.filter(object_type=filters.object_type.strip())
    if filters.object_id:
        events = events.filter(object_id=filters.object_id.strip())
    if filters.action:
        # "assessment." lists every assessment action; a full name matches itself.
        events = events.filter(action__startswith=filters.action.strip())
    if filters.date_from is not None:
        events = events.filter(created_at__gte=_local_midnight(filters.date_from))
    if filters.date_to is not None:
        events = events.filter(created_at__lt=_local_midnight(filters.date_to + dt.timedelta(days=1)))
    return events


@dataclass(frozen=True)
class DiffRow:
    key: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditDiff:
    """The keys an event changed, with their values before and after as display text."""

    changed: list[DiffRow] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.changed and not self.unchanged


def _display(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


_MISSING = object()


def audit_diff(before: Any, after: Any) -> AuditDiff:
    """Compare two snapshots key by key; a snapshot that is not a dict counts as one value."""
    if before is not None and not isinstance(before, dict):
        before = {"value": before}
    if after is not None and not isinstance(after, dict):
        after = {"value": after}
    before, after = before or {}, after or {}
    changed: list[DiffRow] = []
    unchanged: list[str] = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key, _MISSING), after.get(key, _MISSING)
        if old == new:
            unchanged.append(key)
            continue
        changed.append(
            DiffRow(
                key=key,
                before="" if old is _MISSING else _display(old),
                after="" if new is _MISSING else _display(new),
            )
        )
    return AuditDiff(changed=changed, unchanged=unchanged)
