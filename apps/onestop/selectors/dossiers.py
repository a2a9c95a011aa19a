"""Reads of dossiers, scoped to the user: one dossier (404/403), the inbox of a unit, the worklist counts.

The inbox never counts all rows: it reads one page plus one row in the order (due_date, pk) from a
cursor (keyset paging), so a page costs the same at a thousand or a million dossiers, using the
index (current_unit, state, due_date).
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.core.text import search_filter
from apps.core.workdays import get_calendar
from apps.onestop.engine import OPEN_STATES
from apps.onestop.models import Dossier, DossierState, Procedure
from apps.onestop.permissions import OnestopAction, officer_unit_ids
from apps.org.models import Unit
from apps.org.permissions import can, require

PAGE_SIZE = 25
RUNNING = (DossierState.RECEIVED, DossierState.PROCESSING)  # the clock runs
NOT_FINAL = (*sorted(OPEN_STATES), DossierState.RESOLVED)


class Tab:
    OPEN = "open"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    SUPPLEMENT = "supplement"
    READY = "ready"

    ALL = (OPEN, DUE_TODAY, DUE_SOON, OVERDUE, SUPPLEMENT, READY)


def _int(pk: Any) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc


def dossier_get_for_user(*, user: Any, pk: Any, action: OnestopAction = OnestopAction.VIEW_DOSSIER) -> Dossier:
    """The dossier, or 404 when the user may not see it, or 403 when they may see it but not do `action`."""
    try:
        dossier = Dossier.objects.select_related("procedure", "receiving_unit", "resolving_unit", "current_unit").get(
            pk=_int(pk)
        )
    except Dossier.DoesNotExist as exc:
        raise Http404 from exc
    if not can(user, OnestopAction.VIEW_DOSSIER, dossier):
        raise Http404
    if action != OnestopAction.VIEW_DOSSIER:
        require(user, action, dossier)
    return dossier


def dossier_timeline(*, dossier: Dossier) -> list[Any]:
    """The dossier's events, oldest first, with who and which unit (one query); each event carries
    `missing` (the documents a supplement request asks for) and `new_date` (an apology's) for display."""
    events = list(dossier.events.select_related("actor", "unit").order_by("at", "pk"))
    for event in events:
        data = event.data if isinstance(event.data, dict) else {}
        missing = [str(item.get("name", "")) for item in data.get("items") or [] if isinstance(item, dict)]
        new_date: date | None = None
        if data.get("new_date"):
            try:
                new_date = date.fromisoformat(str(data["new_date"]))
            except ValueError:
                new_date = None
        event.missing = missing  # type: ignore[attr-defined]
        event.new_date = new_date  # type: ignore[attr-defined]
    return events


def dossier_steps(*, dossier: Dossier) -> list[Any]:
    return list(dossier.steps.select_related("unit").order_by("order"))


def inbox_units(*, user: Any) -> list[Unit]:
    """The units whose inbox the user works from: where they are a one-stop or resolving officer."""
    ids = officer_unit_ids(user)
    if not ids:
        raise PermissionDenied
    return list(Unit.objects.filter(pk__in=ids).order_by("name"))


def procedures_for_filter() -> QuerySet[Procedure]:
    return Procedure.objects.filter(is_active=True).only("pk", "code", "name").order_by("code")


@dataclass
class InboxQuery:
    unit_ids: list[int]
    tab: str = Tab.OPEN
    q: str = ""
    procedure_id: int | None = None
    channel: str = ""
    state: str = ""
    after: tuple[date, int] | None = None
    today: date | None = None


@dataclass
class InboxPage:
    rows: list[Dossier]
    next_cursor: str = ""
    today: date | None = None
    soon_until: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


_DIGITS = re.compile(r"^[+0-9 .]+$")


def parse_cursor(value: str) -> tuple[date, int] | None:
    """ "2026-03-16_42" -> (date(2026, 3, 16), 42); None when absent or malformed."""
    day, _sep, pk = (value or "").partition("_")
    try:
        return date.fromisoformat(day), int(pk)
    except ValueError:
        return None


def search_q(q: str) -> Q:
    """A dossier code (its start), phone digits, or words of the applicant's name (without diacritics)."""
    text = q.strip()
    if not text:
        return Q()
    if _DIGITS.match(text) and len(re.sub(r"\D", "", text)) >= 4 and "." not in text.strip("."):
        digits = re.sub(r"\D", "", text)
        return Q(applicant_phone__startswith=digits) | Q(applicant_phone__endswith=digits) | Q(code__endswith=digits)
    if re.match(r"^[0-9A-Za-z]+[.\-]", text) or re.match(r"^\d{3}\.", text):
        return Q(code__startswith=text.upper()) | search_filter("search_text", text)
    return search_filter("search_text", text)


def inbox_page(query: InboxQuery, *, page_size: int = PAGE_SIZE) -> InboxPage:
    """One page of a unit's inbox, ordered by appointment date then id, after `query.after`."""
    calendar = get_calendar()
    today = query.today or timezone.localdate()
    soon_until = calendar.nth_working_day_after(today, 2)
    rows = Dossier.objects.filter(current_unit_id__in=query.unit_ids)
    match query.tab:
        case Tab.DUE_TODAY:
            rows = rows.filter(state__in=RUNNING, due_date=today)
        case Tab.DUE_SOON:
            rows = rows.filter(state__in=RUNNING, due_date__gt=today, due_date__lte=soon_until)
        case Tab.OVERDUE:
            rows = rows.filter(state__in=RUNNING, due_date__lt=today)
        case Tab.SUPPLEMENT:
            rows = rows.filter(state=DossierState.SUPPLEMENT)
        case Tab.READY:
            rows = rows.filter(state=DossierState.RESOLVED)
        case _:
            rows = rows.filter(state__in=NOT_FINAL)
    if query.state:
        rows = rows.filter(state=query.state)
    if query.procedure_id:
        rows = rows.filter(procedure_id=query.procedure_id)
    if query.channel:
        rows = rows.filter(channel=query.channel)
    if query.q:
        rows = rows.filter(search_q(query.q))
    if query.after:
        day, pk = query.after
        rows = rows.filter(Q(due_date__gt=day) | Q(due_date=day, pk__gt=pk))
    found = list(
        rows.select_related("procedure", "current_unit")
        .only(
            "pk",
            "code",
            "state",
            "due_date",
            "channel",
            "applicant_name",
            "received_at",
            "supplement_count",
            "apologised_at",
            "procedure__code",
            "procedure__name",
            "current_unit__name",
            "current_unit__short_name",
        )
        .order_by("due_date", "pk")[: page_size + 1]
    )
    cursor = ""
    if len(found) > page_size:
        found = found[:page_size]
        last = found[-1]
        cursor = f"{last.due_date.isoformat()}_{last.pk}"
    return InboxPage(rows=found, next_cursor=cursor, today=today, soon_until=soon_until)


@dataclass(frozen=True)
class WorkCounts:
    due_today: int
    overdue: int
    waiting: int
    ready: int

    @property
    def any(self) -> bool:
        return bool(self.due_today or self.overdue or self.waiting or self.ready)


def work_counts(*, user: Any, today: date | None = None) -> WorkCounts:
    """What waits for the user's units: due today, overdue, waiting for supplement, ready to return.
    One query over the units' open dossiers (the inbox index), whatever the data size elsewhere."""
    units = officer_unit_ids(user)
    if not units:
        return WorkCounts(0, 0, 0, 0)
    day = today or timezone.localdate()
    row = Dossier.objects.filter(current_unit_id__in=units, state__in=NOT_FINAL).aggregate(
        due_today=Count("pk", filter=Q(state__in=RUNNING, due_date=day)),
        overdue=Count("pk", filter=Q(state__in=RUNNING, due_date__lt=day)),
        waiting=Count("pk", filter=Q(state=DossierState.SUPPLEMENT)),
        ready=Count("pk", filter=Q(state=DossierState.RESOLVED)),
    )
    return WorkCounts(**row)
