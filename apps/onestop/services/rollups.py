"""Rollup maintenance: the statistics' counts follow every change of a dossier.

Services call `dossier_changed(before, dossier)` after each write, with the rollup keys the dossier
had before the change (`keys_of`), so both the buckets it left and the ones it joined are recounted.
"""

from datetime import date
from typing import Any

from apps.core.workdays import get_calendar

Key = tuple[int, int, date]  # (resolving unit id, procedure id, local day)


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


def touch(keys: set[Key]) -> None:
    """Recount the buckets `keys` from the dossiers (filled in by the statistics work)."""


def dossier_changed(before: set[Key], dossier: Any) -> None:
    touch(before | keys_of(dossier))
