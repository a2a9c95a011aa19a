"""Working days for deadlines (Decree 118/2025/ND-CP counts processing time in working days).

The national calendar comes from the `holidays` package (`holidays.Vietnam`): Saturdays and
Sundays are off, public holidays (lunar Tết included, with observed days and substituted days
off) are off, and the make-up Saturdays the government declares (`weekend_workdays`, such as
26/04/2025 and 22/08/2026) are working days. The province may override any single day with a
`CalendarOverride` row; an override always wins over the national calendar.

`WorkCalendar` holds one set of overrides and answers every question without touching the
database, so a caller that computes many deadlines builds it once (`get_calendar()`) and
reuses it. Years are computed lazily and cached.

The deadline rule (see `WorkCalendar.add_working_days`): a dossier received at or before
`CUT_OFF` (15:00 local time, settings.TIME_ZONE) on a working day is received that day; one
received after the cut-off, or on a day that is not a working day, is received on the next
working day. The due date is the n-th working day after that effective receipt day.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

CUT_OFF = time(15, 0)
"""A dossier received after this local time counts as received on the next working day."""

# The years the `holidays` package knows Vietnamese holidays for; outside it only weekends count.
_FIRST_YEAR = 1
_LAST_YEAR = 9999


@dataclass(frozen=True)
class NationalYear:
    """The national calendar of one year: public holidays by date and the make-up Saturdays."""

    year: int
    holidays: dict[date, str]
    weekend_workdays: frozenset[date]


def national_year(year: int, language: str | None = None) -> NationalYear:
    """The public holidays (named in `language`: "vi" or "en_US") and make-up working days of a year."""
    # The package records a make-up working day when it populates the year of the substituted
    # day off, which can be another year (27/12/2014 made up for 02/01/2015); populate the neighbours.
    # Its `weekend_workdays` set is shared between instances, so filter it by year.
    years = [y for y in (year - 1, year, year + 1) if _FIRST_YEAR <= y <= _LAST_YEAR]
    calendar: Any = holidays.Vietnam(years=years, language=language)
    named = {d: str(name) for d, name in calendar.items() if d.year == year}
    extra = frozenset(d for d in calendar.weekend_workdays if d.year == year)
    return NationalYear(year=year, holidays=dict(sorted(named.items())), weekend_workdays=extra)


@lru_cache(maxsize=256)
def _national_working_days(year: int) -> tuple[int, ...]:
    """The ordinals of the national working days of `year`, sorted."""
    national = national_year(year)
    days: list[int] = []
    for ordinal in range(date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal() + 1):
        day = date.fromordinal(ordinal)
        # A weekend day works only when declared a make-up day; a weekday unless it is a holiday.
        weekend = day.weekday() >= 5
        if (weekend and day in national.weekend_workdays) or (not weekend and day not in national.holidays):
            days.append(ordinal)
    return tuple(days)


class WorkCalendar:
    """The national calendar plus the province's overrides.

    `extra_days_off` are dates that are not working days whatever the national calendar says;
    `extra_working_days` are dates that are working days. A date in both is refused.
    Build it once and reuse it: every answer after the first for a year is computed from a
    sorted list of that year's working days.
    """

    def __init__(
        self,
        extra_days_off: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
        *,
        tz: str | None = None,
    ) -> None:
        self.extra_days_off = frozenset(extra_days_off)
        self.extra_working_days = frozenset(extra_working_days)
        both = self.extra_days_off & self.extra_working_days
        if both:
            raise ValueError(f"Dates both off and working: {sorted(both)}")
        self.tz = ZoneInfo(tz or settings.TIME_ZONE)
        self._years: dict[int, list[int]] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<WorkCalendar off={len(self.extra_days_off)} working={len(self.extra_working_days)}>"

    # --- per-year working-day lists ------------------------------------------------------
    def _year(self, year: int) -> list[int]:
        days = self._years.get(year)
        if days is None:
            days = self._build_year(year)
            with self._lock:
                self._years[year] = days
        return days

    def _build_year(self, year: int) -> list[int]:
        days = set(_national_working_days(year))
        days.difference_update(d.toordinal() for d in self.extra_days_off if d.year == year)
        days.update(d.toordinal() for d in self.extra_working_days if d.year == year)
        return sorted(days)

    # --- conversions ---------------------------------------------------------------------------
    def local(self, moment: datetime) -> datetime:
        """`moment` in local time; naive datetimes are refused."""
        if not isinstance(moment, datetime):
            raise TypeError("Expected a datetime")
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("Naive datetime refused: pass an aware datetime")
        return moment.astimezone(self.tz)

    def _as_day(self, value: datetime | date) -> date:
        return self.local(value).date() if isinstance(value, datetime) else value

    # --- questions -----------------------------------------------------------------------------
    def is_working_day(self, d: date) -> bool:
        if isinstance(d, datetime):
            d = self.local(d).date()
        if d in self.extra_days_off:
            return False
        if d in self.extra_working_days:
            return True
        days = self._year(d.year)
        ordinal = d.toordinal()
        i = bisect_left(days, ordinal)
        return i < len(days) and days[i] == ordinal

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after `d` (a datetime counts by its local date)."""
        return self._nth_after(self._as_day(d), 1)

    def effective_receipt_day(self, moment: datetime) -> date:
        """The working day a moment of receipt counts as.

        At or before `CUT_OFF` local time on a working day: that day. After the cut-off, or on a
        day that is not a working day: the next working day.
        """
        local = self.local(moment)
        day = local.date()
        if self.is_working_day(day) and local.time() <= CUT_OFF:
            return day
        return self.next_working_day(day)

    def add_working_days(self, start: datetime, n: int) -> date:
        """The due date of something received at `start` with `n` working days to process it.

        Rule: the effective receipt day is `start`'s local date if that is a working day and
        the local time is at or before `CUT_OFF` (15:00); otherwise it is the next working day.
        The due date is the n-th working day after the effective receipt day (day 1 is the
        working day following it), so n == 0 gives the effective receipt day itself.
        Example: received Fri 13/02/2026 10:00 with 1 working day, Tết off 16-20/02: due Mon
        23/02/2026. Naive datetimes raise ValueError; negative n raises ValueError.
        """
        if n < 0:
            raise ValueError("n must not be negative")
        receipt = self.effective_receipt_day(start)
        return receipt if n == 0 else self._nth_after(receipt, n)

    def working_days_between(self, start: datetime | date, end: datetime | date) -> int:
        """The number of working days d with start_day < d <= end_day (negative when end < start).

        Datetimes count by their local date. For any aware moment m and n >= 0:
        working_days_between(effective_receipt_day(m), add_working_days(m, n)) == n.
        """
        a, b = self._as_day(start), self._as_day(end)
        if b < a:
            return -self.working_days_between(b, a)
        if a.year == b.year:
            days = self._year(a.year)
            return bisect_right(days, b.toordinal()) - bisect_right(days, a.toordinal())
        first = self._year(a.year)
        total = len(first) - bisect_right(first, a.toordinal())
        for year in range(a.year + 1, b.year):
            total += len(self._year(year))
        return total + bisect_right(self._year(b.year), b.toordinal())

    def nth_working_day_after(self, d: date, n: int) -> date:
        """The n-th working day strictly after the date `d`; `d` itself when n == 0 (a deadline moved
        by n working days, e.g. by the days a dossier waited for a supplement)."""
        if n < 0:
            raise ValueError("n must not be negative")
        return d if n == 0 else self._nth_after(self._as_day(d), n)

    def working_days_in(self, year: int) -> list[date]:
        """Every working day of `year`, in order."""
        return [date.fromordinal(o) for o in self._year(year)]

    # --- internals -----------------------------------------------------------------------------
    def _nth_after(self, d: date, n: int) -> date:
        """The n-th working day strictly after `d` (n >= 1)."""
        year = d.year
        days = self._year(year)
        index = bisect_right(days, d.toordinal())
        remaining = n
        while index + remaining > len(days):
            remaining -= len(days) - index
            year += 1
            if year > _LAST_YEAR:
                raise OverflowError("Date beyond the calendar")
            days = self._year(year)
            index = 0
        return date.fromordinal(days[index + remaining - 1])


# --- The calendar with the database overrides ---------------------------------------------------
_cache_lock = threading.Lock()
_cached: tuple[tuple[Any, ...], WorkCalendar] | None = None
_generation = 0


def invalidate_calendar() -> None:
    """Forget the loaded overrides in this process (the services call it on every change)."""
    global _generation, _cached
    with _cache_lock:
        _generation += 1
        _cached = None


def calendar_from_overrides(overrides: Iterable[tuple[date, str]]) -> WorkCalendar:
    """A calendar from (date, kind) pairs, kind being "day_off" or "working_day"."""
    off: list[date] = []
    working: list[date] = []
    for day, kind in overrides:
        (working if kind == "working_day" else off).append(day)
    return WorkCalendar(off, working)


def get_calendar() -> WorkCalendar:
    """The national calendar with the province's overrides from the database.

    Costs one small aggregate query (the version stamp: count, latest change and highest id of
    the overrides); the overrides themselves are loaded again only when the stamp changes. In
    a loop, call it once and pass the calendar around.
    """
    global _cached
    from django.db.models import Count, Max

    from apps.core.models import CalendarOverride

    stats = CalendarOverride.objects.aggregate(count=Count("id"), changed=Max("updated_at"), top=Max("id"))
    stamp = (_generation, stats["count"], stats["changed"], stats["top"])
    cached = _cached
    if cached is not None and cached[0] == stamp:
        return cached[1]
    calendar = calendar_from_overrides(CalendarOverride.objects.values_list("date", "kind"))
    with _cache_lock:
        if stamp[0] == _generation:
            _cached = (stamp, calendar)
    return calendar


def is_working_day(d: date) -> bool:
    return get_calendar().is_working_day(d)


def next_working_day(d: date) -> date:
    return get_calendar().next_working_day(d)


def effective_receipt_day(moment: datetime) -> date:
    return get_calendar().effective_receipt_day(moment)


def add_working_days(moment: datetime, n: int) -> date:
    return get_calendar().add_working_days(moment, n)


def working_days_between(a: datetime | date, b: datetime | date) -> int:
    return get_calendar().working_days_between(a, b)
