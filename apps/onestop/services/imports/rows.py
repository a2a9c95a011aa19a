"""The import itself: rows (field -> cell) in, dossiers out, in batches.

Idempotent by dossier code: a new code creates, a known code with the same content changes nothing,
changed content updates (version + 1). Each batch is one transaction: `bulk_create`/`bulk_update` of
the dossiers, one `DossierEvent` ("import") per row created or changed, the daily counters raised
past the imported numbers, the rollups recounted once (`rollups.touch`), and ONE audit event with
the file's SHA-256 and the counts, so 100,000 rows are not throttled by the audit chain. Deadlines,
timing and working days taken come from `apps.onestop.engine`.
"""

import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import islice
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connections, models, router, transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.actors import Actor
from apps.core.audit import audit_record
from apps.core.text import fold, search_document
from apps.core.workdays import WorkCalendar, get_calendar
from apps.onestop import engine
from apps.onestop.models import DailyCounter, Dossier, DossierEvent, DossierState, EventKind, Office, Procedure, Source
from apps.onestop.models.imports import BatchStatus, ImportBatch
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


def _chunks(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def import_rows(*, actor: Actor, rows: Iterable[Row], batch: ImportBatch, batch_size: int = BATCH_SIZE) -> ImportBatch:
    """Import `rows` into `batch` (its counters and errors follow each committed batch of rows)."""
    lookups = Lookups.load()
    counts = Counts()
    seen: dict[str, int] = {}  # code -> the line that brought it first
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING)
    for number, chunk in enumerate(_chunks(rows, batch_size), start=1):
        _import_chunk(actor=actor, chunk=chunk, batch=batch, number=number, lookups=lookups, seen=seen, counts=counts)
    batch.status = BatchStatus.DONE
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "finished_at"])
    return batch


@transaction.atomic
def _import_chunk(
    *,
    actor: Actor,
    chunk: list[Row],
    batch: ImportBatch,
    number: int,
    lookups: Lookups,
    seen: dict[str, int],
    counts: Counts,
) -> None:
    before = (counts.created, counts.updated, counts.unchanged, counts.error_count)
    valid: list[tuple[int, dict[str, Any]]] = []
    for line, cells in chunk:
        code = col.text(cells.get("code"))
        if code and code in seen:
            counts.refuse(
                line,
                _("Duplicate dossier code %(code)s (first on line %(line)d).") % {"code": code, "line": seen[code]},
            )
            continue
        if code:
            seen[code] = line
        try:
            valid.append((line, prepare(cells, lookups)))
        except CellError as exc:
            counts.refuse(line, str(exc))
    existing = {d.code: d for d in Dossier.objects.filter(code__in=[values["code"] for _line, values in valid])}
    now = timezone.now()
    calendar = lookups.calendar
    created: list[tuple[int, Any]] = []
    updated: list[tuple[int, Dossier, list[str]]] = []
    keys: set[rollups.Key] = set()
    for line, values in valid:
        dossier = existing.get(values["code"])
        if dossier is None:  # a plain record, not a model instance: a new row costs no model machinery
            record = SimpleNamespace(
                **values,
                source=Source.IMPORT,
                pin="" if values["applicant_phone"] else f"{secrets.randbelow(10**6):06d}",
                created_at=now,
                updated_at=now,
            )
            created.append((line, record))
            continue
        if dossier.source != Source.IMPORT:
            counts.refuse(
                line,
                _("The code %(code)s belongs to a dossier received in this system; it is not overwritten.")
                % {"code": values["code"]},
            )
            continue
        changed = [name for name in CONTENT if getattr(dossier, name) != values[name]]
        if not changed:
            counts.unchanged += 1
            continue
        keys |= bucket_keys(dossier, calendar)
        for name in changed:
            setattr(dossier, name, values[name])
        dossier.version += 1
        dossier.updated_at = now
        updated.append((line, dossier, changed))
    if created:
        fast_insert(Dossier, [d for _line, d in created])
        ids = dict(Dossier.objects.filter(code__in=[d.code for _line, d in created]).values_list("code", "pk"))
        for _line, d in created:
            d.pk = ids[d.code]
    if updated:
        fields = sorted({name.removesuffix("_id") for _l, _d, changed in updated for name in changed})
        Dossier.objects.bulk_update([d for _l, d, _c in updated], [*fields, "version", "updated_at"], batch_size=500)
    label = (actor.get_username() if getattr(actor, "is_authenticated", False) else str(actor))[:150]
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    actor_id = actor_user.pk if actor_user is not None else None
    events: list[Any] = [
        SimpleNamespace(
            dossier_id=d.pk,
            kind=EventKind.IMPORT,
            at=now,
            actor_id=actor_id,
            actor_label=label,
            unit_id=d.receiving_unit_id,
            state_after=d.state,
            data={"batch": batch.pk, "line": line},
        )
        for line, d in created
    ] + [
        SimpleNamespace(
            dossier_id=d.pk,
            kind=EventKind.IMPORT,
            at=now,
            actor_id=actor_id,
            actor_label=label,
            unit_id=d.receiving_unit_id,
            state_after=d.state,
            data={"batch": batch.pk, "line": line, "changed": changed},
        )
        for line, d, changed in updated
    ]
    fast_insert(DossierEvent, events)
    for _line, d in created:
        keys |= bucket_keys(d, calendar)
    for _line, d, _changed in updated:
        keys |= bucket_keys(d, calendar)
    _raise_counters([d.code for _line, d in created])
    if keys:
        rollups.touch(keys)
    counts.created += len(created)
    counts.updated += len(updated)
    delta = {
        "created": counts.created - before[0],
        "updated": counts.updated - before[1],
        "unchanged": counts.unchanged - before[2],
        "errors": counts.error_count - before[3],
    }
    if delta["created"] or delta["updated"]:  # a batch that changed nothing is recorded by its ImportBatch only
        audit_record(
            actor=actor,
            action="onestop.import.batch",
            obj=batch,
            after={
                "file_hash": batch.file_hash,
                "file_name": batch.file_name,
                "part": number,
                "rows": len(chunk),
                **delta,
            },
        )
    ImportBatch.objects.filter(pk=batch.pk).update(
        processed_rows=F("processed_rows") + len(chunk),
        created_rows=F("created_rows") + delta["created"],
        updated_rows=F("updated_rows") + delta["updated"],
        unchanged_rows=F("unchanged_rows") + delta["unchanged"],
        errors=counts.errors,
    )
    batch.refresh_from_db(fields=["processed_rows", "created_rows", "updated_rows", "unchanged_rows", "errors"])


def fast_insert(model: type[Model], objs: list[Any]) -> None:
    """INSERT many rows with one `executemany` (no primary keys returned). `bulk_create` on SQLite
    splits into statements of 999 parameters, and compiling those and building model instances was
    most of an import's time. `objs` are instances or plain records with attribute names; a missing
    attribute takes the field's default (no auto_now here: set those)."""
    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    db = connections[router.db_for_write(model)]  # the wrapper itself: `connection` is a per-access proxy
    quote = db.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - quoted names from the model, values as parameters
        quote(str(model._meta.db_table)),
        ", ".join(quote(str(f.column)) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    converters = [(f.attname, f.get_default(), _converter(f, db)) for f in fields]
    params = [
        [
            getattr(obj, name, default) if convert is None else convert(getattr(obj, name, default))
            for name, default, convert in converters
        ]
        for obj in objs
    ]
    with db.cursor() as cursor:
        cursor.executemany(sql, params)


def _converter(f: Any, db: Any) -> Callable[[Any], Any] | None:
    """How a value of field `f` goes to the database (None: as it is), resolved once per import."""
    if isinstance(f, models.DateTimeField) and db.vendor == "sqlite":  # what adapt_datetimefield_value does
        zone = db.timezone
        return lambda value: None if value is None else str(value.astimezone(zone).replace(tzinfo=None))
    if isinstance(f, models.DateTimeField):
        adapt_moment = db.ops.adapt_datetimefield_value
        return lambda value: None if value is None else adapt_moment(value)
    if isinstance(f, models.DateField):
        adapt_day = db.ops.adapt_datefield_value
        return lambda value: None if value is None else adapt_day(value)
    if isinstance(f, models.JSONField):
        return lambda value: f.get_db_prep_save(value, db)
    if isinstance(
        f, models.CharField | models.TextField | models.IntegerField | models.BooleanField | models.ForeignKey
    ):
        return None
    return lambda value: f.get_db_prep_save(value, db)


def _raise_counters(codes: list[str]) -> None:
    """Raise the offices' daily counters past the imported numbers, so a dossier received here later
    gets a code of its own (a code `{agency}-{yymmdd}-{seq}`; other layouts are left alone)."""
    highest: dict[tuple[str, date], int] = {}
    for code in codes:
        match = _SEQ.match(code)
        if match is None:
            continue
        yymmdd = match.group("day")
        try:
            day = date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
        except ValueError:
            continue
        key = (match.group("agency"), day)
        highest[key] = max(highest.get(key, 0), int(match.group("seq")))
    if not highest:
        return
    agencies = {agency for agency, _day in highest}
    days = {day for _agency, day in highest}
    counters = {
        (c.agency_code, c.day): c
        for c in DailyCounter.objects.select_for_update().filter(agency_code__in=agencies, day__in=days)
    }
    new, raised = [], []
    for key, seq in highest.items():
        counter = counters.get(key)
        if counter is None:
            new.append(DailyCounter(agency_code=key[0], day=key[1], last=seq))
        elif counter.last < seq:
            counter.last = seq
            raised.append(counter)
    fast_insert(DailyCounter, new)
    if raised:  # one executemany: bulk_update builds a CASE expression per row, slow for thousands
        db = connections[router.db_for_write(DailyCounter)]
        quote = db.ops.quote_name
        sql = "UPDATE {} SET {} = %s WHERE {} = %s".format(  # noqa: S608 - quoted names from the model
            quote(str(DailyCounter._meta.db_table)), quote("last"), quote(str(DailyCounter._meta.pk.column))
        )
        with db.cursor() as cursor:
            cursor.executemany(sql, [(counter.last, counter.pk) for counter in raised])
