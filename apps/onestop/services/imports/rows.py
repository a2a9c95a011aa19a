"""The import itself: rows (field -> cell) in, dossiers out, in batches.

Idempotent by dossier code: a new code creates, a known code with the same content changes nothing,
changed content updates (version + 1). Each batch is one transaction: `bulk_create`/`bulk_update` of
the dossiers, one `DossierEvent` ("import") per row created or changed, the daily counters raised
past the imported numbers, the rollups recounted once (`rollups.touch`), and ONE audit event with
the file's SHA-256 and the counts, so 100,000 rows are not throttled by the audit chain. Deadlines,
timing and working days taken come from `apps.onestop.engine`.
"""

import secrets
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import islice
from types import SimpleNamespace
from typing import Any

from django.db import connections, models, router, transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.actors import Actor
from apps.core.audit import audit_record
from apps.onestop.models import DailyCounter, Dossier, DossierEvent, EventKind, Source
from apps.onestop.models.imports import BatchStatus, ImportBatch
from apps.onestop.services import rollups
from apps.onestop.services.imports import columns as col
from apps.onestop.services.imports.columns import CellError
from apps.onestop.services.imports.prepare import (
    _SEQ,
    BATCH_SIZE,
    CONTENT,
    Counts,
    Lookups,
    Row,
    bucket_keys,
    prepare,
)


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
