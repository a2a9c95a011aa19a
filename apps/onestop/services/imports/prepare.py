"""Reading one row of an import: its cells checked and turned into a dossier's fields, and the rollup
buckets a dossier counts in."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from apps.core.text import fold, search_document
from apps.core.workdays import WorkCalendar, get_calendar
from apps.onestop import engine
from apps.onestop.models import DossierState, Office, Procedure
from apps.onestop.services import rollups
from apps.onestop.services.dossiers import normalise_phone
from apps.onestop.services.imports import columns as col
from apps.onestop.services.imports.columns import CellError

BATCH_SIZE = 2000
MAX_ERRORS = 10_000  # kept on the batch; the counts stay exact beyond it
Row = tuple[int, dict[str, Any]]  # (line in the file, field -> cell)

# What an imported row sets; a known code whose values all equal these is unchanged.
CONTENT = (
    "procedure_id",
    "receiving_unit_id",
    "resolving_unit_id",
    "current_unit_id",
    "channel",
    "result_delivery",
    "applicant_name",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "received_at",
    "start_day",
    "due_date",
    "original_due_date",
    "state",
    "supplement_count",
    "paused_days",
    "apologised_at",
    "apology_reason",
    "resolved_at",
    "returned_at",
    "finished_at",
    "timing",
    "resolution_days",
    "paid_online",
    "digitised",
    "synced",
    "result_electronic",
    "search_text",
)
_SEQ = re.compile(r"^(?P<agency>.+)-(?P<day>\d{6})-(?P<seq>\d{4,9})$")
_AT_RESOLVER = frozenset(
    {
        DossierState.PROCESSING,
        DossierState.SUPPLEMENT,
        DossierState.REFUSED,
        DossierState.STOPPED,
        DossierState.WITHDRAWN,
    }
)
_CLOSED = frozenset({DossierState.REFUSED, DossierState.STOPPED, DossierState.WITHDRAWN})


@dataclass(frozen=True)
class _Proc:
    pk: int
    days: int
    agency_id: int | None


@dataclass
class Lookups:
    """What every row needs, read once per import: procedures, offices, units, the calendar."""

    procedures: dict[str, _Proc]
    offices: dict[str, int]  # agency code -> unit id
    units: dict[str, int]  # official code, folded name or short name, office agency code -> unit id
    calendar: WorkCalendar

    @classmethod
    def load(cls) -> "Lookups":
        procedures = {
            code: _Proc(pk, days, agency)
            for pk, code, days, agency in Procedure.objects.values_list("pk", "code", "time_limit_days", "agency_id")
        }
        offices = dict(Office.objects.filter(is_active=True).values_list("agency_code", "unit_id"))
        from apps.org.models import Unit

        units: dict[str, int] = {}
        for pk, code, name, short_name in Unit.objects.values_list("pk", "code", "name", "short_name"):
            for key in (fold(name), fold(short_name)):
                if key:
                    units.setdefault(key, pk)
            if code:
                units[code] = pk
        units.update(offices)
        return cls(procedures, offices, units, get_calendar())


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0

    def refuse(self, line: int, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"line": line, "reason": reason})


def _later(value: datetime | None, received: datetime, label: str) -> datetime | None:
    if value is not None and value < received:
        raise CellError(_("“%(column)s” comes before the date received.") % {"column": label})
    return value


def prepare(cells: dict[str, Any], lookups: Lookups) -> dict[str, Any]:
    """The dossier's values from one row, or CellError with the reason (in the user's language)."""
    calendar = lookups.calendar
    code = col.text(cells.get("code"))
    for name in col.REQUIRED:
        if not col.text(cells.get(name)) and not isinstance(cells.get(name), datetime | date):
            raise CellError(_("“%(column)s” is required.") % {"column": col.header_label(name)})
    if len(code) > 60:
        raise CellError(_("“%(column)s” is longer than 60 characters.") % {"column": col.header_label("code")})
    procedure = lookups.procedures.get(col.text(cells.get("procedure")))
    if procedure is None:
        raise CellError(_("Unknown procedure code: %(value)s") % {"value": col.text(cells.get("procedure"))[:40]})
    office_code = col.text(cells.get("office"))
    if not office_code:
        match = _SEQ.match(code)
        office_code = match.group("agency") if match else ""
    office_unit = lookups.offices.get(office_code)
    if office_unit is None:
        raise CellError(_("Unknown receiving office: %(value)s") % {"value": office_code[:40] or "-"})
    resolving_text = col.text(cells.get("resolving"))
    if resolving_text:
        resolving = lookups.units.get(resolving_text) or lookups.units.get(fold(resolving_text))
        if resolving is None:
            raise CellError(_("Unknown resolving agency: %(value)s") % {"value": resolving_text[:60]})
    else:
        resolving = procedure.agency_id or office_unit
    name = col.text(cells.get("applicant_name"))
    address = col.text(cells.get("applicant_address"))
    if len(name) > 200 or len(address) > 300:
        raise CellError(_("The applicant's name or address is too long."))
    try:
        phone = normalise_phone(col.text(cells.get("applicant_phone")))
    except ValidationError as exc:
        raise CellError(exc.messages[0]) from None
    email = col.text(cells.get("applicant_email"))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise CellError(_("Not a valid e-mail address: %(value)s") % {"value": email[:60]}) from None

    received_at = col.moment(cells.get("received_at"), col.header_label("received_at"))
    if received_at is None:  # required above; a cell of blanks
        raise CellError(_("“%(column)s” is required.") % {"column": col.header_label("received_at")})
    resolved_at = _later(
        col.moment(cells.get("resolved_at"), col.header_label("resolved_at")),
        received_at,
        col.header_label("resolved_at"),
    )
    returned_at = _later(
        col.moment(cells.get("returned_at"), col.header_label("returned_at")),
        received_at,
        col.header_label("returned_at"),
    )
    finished_at = _later(
        col.moment(cells.get("finished_at"), col.header_label("finished_at")),
        received_at,
        col.header_label("finished_at"),
    )
    state = col.state(cells.get("state"))
    if state is None:
        state = (
            DossierState.RETURNED
            if returned_at
            else DossierState.RESOLVED
            if resolved_at
            else DossierState.PROCESSING
            if finished_at is None
            else DossierState.STOPPED
        )
    if state in (DossierState.RESOLVED, DossierState.RETURNED):
        resolved_at = resolved_at or returned_at
        if resolved_at is None:
            raise CellError(_("A resolved dossier needs “%(column)s”.") % {"column": col.header_label("resolved_at")})
    elif resolved_at is not None:
        raise CellError(_("The dossier has a result date but its state says it has no result."))
    if state == DossierState.RETURNED:
        if returned_at is None:
            raise CellError(_("A returned dossier needs “%(column)s”.") % {"column": col.header_label("returned_at")})
        finished_at = returned_at
    elif state in _CLOSED:
        finished_at = finished_at or returned_at
        if finished_at is None:
            raise CellError(_("A closed dossier needs “%(column)s”.") % {"column": col.header_label("finished_at")})
        returned_at = None
    else:
        finished_at = returned_at = None

    supplement_count = col.count(cells.get("supplement_count"), col.header_label("supplement_count"))
    paused_days = col.count(cells.get("paused_days"), col.header_label("paused_days"), limit=999)
    start_day, deadline = engine.first_deadline(calendar, received_at, procedure.days)
    if paused_days:
        deadline = calendar.nth_working_day_after(deadline, paused_days)
    due_date = col.day(cells.get("due_date"), col.header_label("due_date")) or deadline
    apologised, apologised_at = col.apology(cells.get("apologised"))
    if apologised and apologised_at is None:  # "Có" without a date: on the legal deadline, not after the result
        apologised_at = datetime.combine(deadline, time(8, 0), tzinfo=calendar.tz)
        if resolved_at is not None:
            apologised_at = min(apologised_at, resolved_at)
        apologised_at = max(apologised_at, received_at)
    timing, days_taken = "", None
    if resolved_at is not None:
        timing = engine.timing_of(
            calendar, resolved_at=resolved_at, deadline=deadline, supplement_count=supplement_count
        )
        days_taken = engine.resolution_days(
            calendar, start_day=start_day, resolved_at=resolved_at, paused_days=paused_days
        )
    channel = col.channel(cells.get("channel"))
    delivery = col.delivery(cells.get("result_delivery")) or (
        "postal" if channel == "postal" else "online" if col.flag(cells.get("result_electronic"), "") else "counter"
    )
    flags = {
        name: col.flag(cells.get(name), col.header_label(name))
        for name in ("paid_online", "digitised", "synced", "result_electronic")
    }
    return {
        "code": code,
        "procedure_id": procedure.pk,
        "receiving_unit_id": office_unit,
        "resolving_unit_id": resolving,
        "current_unit_id": resolving if state in _AT_RESOLVER else office_unit,
        "channel": channel,
        "result_delivery": delivery,
        "applicant_name": name,
        "applicant_phone": phone,
        "applicant_email": email,
        "applicant_address": address,
        "received_at": received_at,
        "start_day": start_day,
        "due_date": due_date,
        "original_due_date": deadline,
        "state": state,
        "supplement_count": supplement_count,
        "paused_days": paused_days,
        "apologised_at": apologised_at if apologised else None,
        "apology_reason": col.text(cells.get("apology_reason"))[:2000] if apologised else "",
        "resolved_at": resolved_at,
        "returned_at": returned_at,
        "finished_at": finished_at,
        "timing": timing,
        "resolution_days": days_taken,
        **flags,
        "search_text": search_document(code, name, phone),
    }


def bucket_keys(dossier: Any, calendar: WorkCalendar) -> set[rollups.Key]:
    """`rollups.keys_of` with the calendar read once per batch (a test proves the two agree)."""
    moments = (dossier.received_at, dossier.resolved_at, dossier.finished_at, dossier.apologised_at)
    return {
        (dossier.resolving_unit_id, dossier.procedure_id, calendar.local(moment).date())
        for moment in moments
        if moment is not None
    }
