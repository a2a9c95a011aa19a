"""Rollup maintenance: the statistics' counts follow every change of a dossier.

Services call `dossier_changed(before, dossier)` after each write, with the rollup keys the dossier
had before the change (`keys_of`), so both the buckets it left and the ones it joined are recounted.

A bucket is (resolving unit, procedure, local day in Asia/Ho_Chi_Minh). Each column counts on the day
of one moment of the dossier (its column group):

- received: received, received_online, received_postal (sent or returned by post), supplement_twice,
  paid_online, digitised, synced, result_electronic;
- resolved: resolved_early, resolved_on_time, resolved_late, resolution_days;
- finished: refused, stopped, withdrawn (closed without a result);
- apologised: apologies.

`touch` recounts buckets in a fixed number of queries whatever the number of keys (four aggregate
queries, one read of the existing rows, one upsert, one delete).
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, cast

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncDate

from apps.core.workdays import get_calendar
from apps.onestop.engine.stats import COLUMNS
from apps.onestop.models import Channel, Dossier, DossierRollup, DossierState, ResultDelivery, Timing

Key = tuple[int, int, date]  # (resolving unit id, procedure id, local day)
Row = dict[str, int]

_POSTAL = Q(channel=Channel.POSTAL) | Q(result_delivery=ResultDelivery.POSTAL)

# Column group: the moment it counts on and its aggregates.
GROUPS: dict[str, dict[str, Any]] = {
    "received_at": {
        "received": Count("pk"),
        "received_online": Count("pk", filter=Q(channel=Channel.ONLINE)),
        "received_postal": Count("pk", filter=_POSTAL),
        "supplement_twice": Count("pk", filter=Q(supplement_count__gt=1)),
        "paid_online": Count("pk", filter=Q(paid_online=True)),
        "digitised": Count("pk", filter=Q(digitised=True)),
        "synced": Count("pk", filter=Q(synced=True)),
        "result_electronic": Count("pk", filter=Q(result_electronic=True)),
    },
    "resolved_at": {
        "resolved_early": Count("pk", filter=Q(timing=Timing.EARLY)),
        "resolved_on_time": Count("pk", filter=Q(timing=Timing.ON_TIME)),
        "resolved_late": Count("pk", filter=Q(timing=Timing.LATE)),
        "resolution_days": Sum("resolution_days"),
    },
    "finished_at": {
        "refused": Count("pk", filter=Q(state=DossierState.REFUSED)),
        "stopped": Count("pk", filter=Q(state=DossierState.STOPPED)),
        "withdrawn": Count("pk", filter=Q(state=DossierState.WITHDRAWN)),
    },
    "apologised_at": {"apologies": Count("pk")},
}


def keys_of(dossier: Any) -> set[Key]:
    """The buckets a dossier counts in: the days it was received, resolved, closed or apologised for."""
    if dossier is None or dossier.pk is None:
        return set()
    calendar = get_calendar()
    moments = (dossier.received_at, dossier.resolved_at, dossier.finished_at, dossier.apologised_at)
    return {
        (dossier.resolving_unit_id, dossier.procedure_id, calendar.local(moment).date())
        for moment in moments
        if moment is not None
    }


def _local_start(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz)


def recount(
    dossiers: QuerySet[Dossier] | None = None, *, first: date | None = None, last: date | None = None
) -> dict[Key, Row]:
    """Count the buckets of `dossiers` (default: all) from the dossiers themselves, one aggregate query
    per column group; `first`/`last` bound the local days counted. Buckets with no count are absent."""
    base = Dossier.objects.all() if dossiers is None else dossiers
    tz = get_calendar().tz
    counts: dict[Key, Row] = defaultdict(dict)
    for moment, aggregates in GROUPS.items():
        qs = base.filter(**{f"{moment}__isnull": False})
        if first is not None:
            qs = qs.filter(**{f"{moment}__gte": _local_start(first, tz)})
        if last is not None:
            qs = qs.filter(**{f"{moment}__lt": _local_start(last + timedelta(days=1), tz)})
        rows = (
            qs.annotate(bucket_day=TruncDate(moment, tzinfo=tz))
            .values("resolving_unit_id", "procedure_id", "bucket_day")
            .annotate(**aggregates)
            .order_by()
        )
        for row in cast(Iterable[dict[str, Any]], rows):
            key = (row["resolving_unit_id"], row["procedure_id"], row["bucket_day"])
            for name in aggregates:
                if row[name]:
                    counts[key][name] = int(row[name])
    return {key: row for key, row in counts.items() if any(row.values())}


def _write(keys: set[Key], counts: dict[Key, Row], existing: dict[Key, DossierRollup]) -> None:
    """Upsert the non-zero buckets of `keys`, delete those that fell to zero."""
    rows = [
        DossierRollup(unit_id=key[0], procedure_id=key[1], day=key[2], **{c: counts[key].get(c, 0) for c in COLUMNS})
        for key in sorted(keys)
        if key in counts
    ]
    changed = [
        row
        for row in rows
        if (old := existing.get((row.unit_id, row.procedure_id, row.day))) is None
        or any(getattr(old, c) != getattr(row, c) for c in COLUMNS)
    ]
    if changed:
        DossierRollup.objects.bulk_create(
            changed,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["unit", "procedure", "day"],
            update_fields=list(COLUMNS),
        )
    gone = [row.pk for key, row in existing.items() if key in keys and key not in counts]
    if gone:
        DossierRollup.objects.filter(pk__in=gone).delete()


def touch(keys: Iterable[Key]) -> None:
    """Recount the buckets `keys` from the dossiers, in a bounded number of queries."""
    keys = {key for key in keys if key[0] is not None and key[1] is not None}
    if not keys:
        return
    units = {k[0] for k in keys}
    procedures = {k[1] for k in keys}
    days = {k[2] for k in keys}
    dossiers = Dossier.objects.filter(resolving_unit_id__in=units, procedure_id__in=procedures)
    counted = recount(dossiers, first=min(days), last=max(days))
    counts = {key: row for key, row in counted.items() if key in keys}
    existing = {
        (row.unit_id, row.procedure_id, row.day): row
        for row in DossierRollup.objects.filter(unit_id__in=units, procedure_id__in=procedures, day__in=days)
    }
    _write(keys, counts, {key: row for key, row in existing.items() if key in keys})


def dossier_changed(before: set[Key], dossier: Any) -> None:
    touch(before | keys_of(dossier))


def stored(unit_ids: Iterable[int] | None = None) -> dict[Key, Row]:
    """The rollup rows as they are, non-zero columns only."""
    qs = DossierRollup.objects.all()
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=list(unit_ids))
    found: dict[Key, Row] = {}
    for values in qs.values("unit_id", "procedure_id", "day", *COLUMNS).iterator(chunk_size=5000):
        row = {c: values[c] for c in COLUMNS if values[c]}
        found[(values["unit_id"], values["procedure_id"], values["day"])] = row
    return found


def expected(unit_ids: Iterable[int] | None = None) -> dict[Key, Row]:
    """The rollup rows a recount from the dossiers gives."""
    dossiers = None if unit_ids is None else Dossier.objects.filter(resolving_unit_id__in=list(unit_ids))
    return recount(dossiers)


def differences(unit_ids: Iterable[int] | None = None) -> list[tuple[Key, Row, Row]]:
    """(key, stored, recounted) for each bucket where the rollups and a recount disagree."""
    ids = None if unit_ids is None else list(unit_ids)
    have, want = stored(ids), expected(ids)
    return [
        (key, have.get(key, {}), want.get(key, {}))
        for key in sorted(have.keys() | want.keys())
        if have.get(key, {}) != want.get(key, {})
    ]


@transaction.atomic
def rollups_rebuild(*, unit_ids: Iterable[int] | None = None) -> int:
    """Recount every bucket (of `unit_ids`' dossiers, or all) from the dossiers; idempotent.
    Returns the number of buckets written or removed."""
    ids = None if unit_ids is None else list(unit_ids)
    have_rows = DossierRollup.objects.all() if ids is None else DossierRollup.objects.filter(unit_id__in=ids)
    want = expected(ids)
    existing = {(r.unit_id, r.procedure_id, r.day): r for r in have_rows.iterator(chunk_size=5000)}
    keys = set(want) | set(existing)
    before = {key: {c: getattr(row, c) for c in COLUMNS if getattr(row, c)} for key, row in existing.items()}
    _write(keys, want, existing)
    return sum(1 for key in keys if before.get(key, {}) != want.get(key, {}))
