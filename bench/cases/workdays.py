"""Working-day arithmetic over a year: the deadline of every dossier received in 2026."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bench.cases import BenchContext, CaseUnavailable, Trial, case

YEAR = 2026
DAYS_TO_PROCESS = 15


def _workdays() -> Any:
    try:
        from apps.core import workdays
    except ModuleNotFoundError as exc:
        if exc.name == "apps.core.workdays":
            raise CaseUnavailable("apps.core.workdays is not there yet") from exc
        raise
    return workdays


def _moments() -> list[datetime]:
    """Every day of the year at 10:00 and at 16:00 (after the 15:00 cut-off), local time."""
    from django.conf import settings

    zone = ZoneInfo(settings.TIME_ZONE)
    first = date(YEAR, 1, 1)
    days = [first + timedelta(days=i) for i in range((date(YEAR + 1, 1, 1) - first).days)]
    return [datetime.combine(day, at, tzinfo=zone) for day in days for at in (time(10), time(16))]


def _check(workdays: Any, moments: list[datetime]) -> Any:
    def after(results: list[tuple[date, int]]) -> None:
        assert len(results) == len(moments)
        for moment, (due, between) in zip(moments, results, strict=True):
            assert due > moment.date(), (moment, due)
            assert between >= DAYS_TO_PROCESS, (moment, due, between)

    return after


@case("workdays: a year of deadlines, one calendar", budget_ms=200)
def year_of_deadlines(context: BenchContext) -> Trial:
    """What a listing or a nightly sweep does: load the calendar once, compute every deadline."""
    workdays = _workdays()
    moments = _moments()

    def run() -> list[tuple[date, int]]:
        calendar = workdays.get_calendar()
        results = []
        for moment in moments:
            due = calendar.add_working_days(moment, DAYS_TO_PROCESS)
            results.append((due, calendar.working_days_between(moment, due)))
        return results

    return Trial(
        run=run,
        size=f"{len(moments)} receipts, 2 ops each",
        before=workdays.invalidate_calendar,  # cold: the years are built again each run
        after=_check(workdays, moments),
    )


@case("workdays: a year of deadlines, module functions", budget_ms=1_500)
def year_of_deadlines_module_functions(context: BenchContext) -> Trial:
    """The convenience functions check the overrides' version stamp on every call (one query each)."""
    workdays = _workdays()
    moments = _moments()

    def run() -> list[tuple[date, int]]:
        results = []
        for moment in moments:
            due = workdays.add_working_days(moment, DAYS_TO_PROCESS)
            results.append((due, workdays.working_days_between(moment, due)))
        return results

    return Trial(run=run, size=f"{len(moments)} receipts, 2 ops each", after=_check(workdays, moments))
