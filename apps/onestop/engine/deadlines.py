"""Deadlines in working days (apps.core.workdays), the supplement pause, timing, the apology warning.

Two dates per dossier: the **legal deadline** (`original_due_date`: receipt + the procedure's time
limit, moved by the working days spent waiting for supplements) judges timing; the **appointment**
(`due_date`) is what the applicant was told and moves once more with an apology. An apology never
makes a late dossier on time, and more than one supplement request makes it late (Decision 766).
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from apps.onestop.engine.states import Timing


class Clock(Protocol):
    """What the engine needs of apps.core.workdays.WorkCalendar."""

    def add_working_days(self, start: datetime, n: int) -> date: ...
    def effective_receipt_day(self, moment: datetime) -> date: ...
    def working_days_between(self, start: datetime | date, end: datetime | date) -> int: ...
    def nth_working_day_after(self, d: date, n: int) -> date: ...
    def local(self, moment: datetime) -> datetime: ...


def first_deadline(clock: Clock, received_at: datetime, days: int) -> tuple[date, date]:
    """(the day counting starts from, the deadline): 15:00 cut-off, working days only."""
    return clock.effective_receipt_day(received_at), clock.add_working_days(received_at, days)


def step_deadlines(clock: Clock, started_at: datetime, days: list[int]) -> list[date]:
    """Each step's deadline when the steps run one after another from `started_at`."""
    deadlines: list[date] = []
    if not days:
        return deadlines
    current = clock.add_working_days(started_at, days[0])
    deadlines.append(current)
    for n in days[1:]:
        current = clock.nth_working_day_after(current, n)
        deadlines.append(current)
    return deadlines


@dataclass(frozen=True)
class Pause:
    days: int  # working days the clock stood still
    deadline: date  # the legal deadline moved by them
    appointment: date


def deadline_after_pause(
    clock: Clock, *, paused_since: datetime, resumed_at: datetime, deadline: date, appointment: date
) -> Pause:
    """A supplement pause: the working days after the request's day up to the day the documents came."""
    days = max(0, clock.working_days_between(paused_since, resumed_at))
    return Pause(
        days=days,
        deadline=clock.nth_working_day_after(deadline, days),
        appointment=clock.nth_working_day_after(appointment, days),
    )


def timing_of(clock: Clock, *, resolved_at: datetime, deadline: date, supplement_count: int) -> str:
    """Early, on time or late against the legal deadline; two supplement requests or more: late."""
    if supplement_count > 1:
        return Timing.LATE
    day = clock.local(resolved_at).date()
    if day < deadline:
        return Timing.EARLY
    return Timing.ON_TIME if day == deadline else Timing.LATE


def resolution_days(clock: Clock, *, start_day: date, resolved_at: datetime, paused_days: int) -> int:
    """Working days from the day counting started to resolution, the supplement pauses left out."""
    return max(0, clock.working_days_between(start_day, resolved_at) - paused_days)


def apology_is_late(clock: Clock, *, now: datetime, deadline: date) -> bool:
    """An apology should reach the front office at least one working day before the deadline."""
    return clock.working_days_between(now, deadline) < 1


def is_overdue(clock: Clock, *, now: datetime, appointment: date) -> bool:
    return clock.local(now).date() > appointment
