"""The working-day calendar without the database: national calendar, overrides and the deadline rule."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.core.workdays import CUT_OFF, WorkCalendar, calendar_from_overrides, national_year

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NATIONAL = WorkCalendar()


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=VN)


# --- strategies ----------------------------------------------------------------------------------
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
override_sets = st.dictionaries(days, st.sampled_from(["day_off", "working_day"]), max_size=40)
moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2028, 12, 31, 23, 59), timezones=st.just(VN))
counts = st.integers(min_value=0, max_value=400)


def build(overrides: dict[date, str]) -> WorkCalendar:
    return calendar_from_overrides(overrides.items())


# --- (a) properties ------------------------------------------------------------------------------
@settings(deadline=None)
@given(overrides=override_sets, moment=moments, n=counts)
def test_it_counts_back_the_working_days_it_added(overrides: dict[date, str], moment: datetime, n: int) -> None:
    calendar = build(overrides)
    due = calendar.add_working_days(moment, n)
    assert calendar.working_days_between(calendar.effective_receipt_day(moment), due) == n


@settings(deadline=None)
@given(overrides=override_sets, moment=moments, n=counts)
def test_it_never_lands_on_a_day_that_is_not_working(overrides: dict[date, str], moment: datetime, n: int) -> None:
    calendar = build(overrides)
    assert calendar.is_working_day(calendar.add_working_days(moment, n))
    assert calendar.is_working_day(calendar.effective_receipt_day(moment))


@settings(deadline=None)
@given(overrides=override_sets, day=days)
def test_it_lets_overrides_win_over_the_national_calendar(overrides: dict[date, str], day: date) -> None:
    calendar = build(overrides)
    for overridden, kind in overrides.items():
        assert calendar.is_working_day(overridden) is (kind == "working_day")
    if day not in overrides:
        assert calendar.is_working_day(day) is NATIONAL.is_working_day(day)


@settings(deadline=None)
@given(overrides=override_sets, moment=moments, n=st.integers(min_value=0, max_value=300))
def test_it_is_strictly_monotonic_in_n(overrides: dict[date, str], moment: datetime, n: int) -> None:
    calendar = build(overrides)
    assert calendar.add_working_days(moment, n) < calendar.add_working_days(moment, n + 1)


@settings(deadline=None)
@given(day=st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)))
def test_it_agrees_with_the_holidays_package(day: date) -> None:
    reference = holidays.Vietnam(years=range(day.year - 1, day.year + 2))
    assert NATIONAL.is_working_day(day) is reference.is_working_day(day)


@settings(deadline=None)
@given(a=days, b=days, overrides=override_sets)
def test_it_counts_like_a_day_by_day_walk(a: date, b: date, overrides: dict[date, str]) -> None:
    calendar = build(overrides)
    lo, hi = min(a, b), max(a, b)
    walked = sum(1 for i in range(1, (hi - lo).days + 1) if calendar.is_working_day(lo + timedelta(days=i)))
    assert calendar.working_days_between(a, b) == (walked if a <= b else -walked)


# --- (b) named cases -----------------------------------------------------------------------------
def test_it_knows_tet_2026() -> None:
    for day in range(16, 21):
        assert not NATIONAL.is_working_day(date(2026, 2, day))
    assert NATIONAL.is_working_day(date(2026, 2, 13))
    assert NATIONAL.is_working_day(date(2026, 2, 23))


def test_it_moves_a_tet_2026_deadline_past_the_holiday() -> None:
    assert NATIONAL.add_working_days(at(2026, 2, 13, 10), 1) == date(2026, 2, 23)


def test_it_knows_tet_2027() -> None:
    for day in range(4, 11):
        assert not NATIONAL.is_working_day(date(2027, 2, day))
    assert NATIONAL.is_working_day(date(2027, 2, 3))
    assert NATIONAL.is_working_day(date(2027, 2, 11))
    assert NATIONAL.add_working_days(at(2027, 2, 3, 9), 1) == date(2027, 2, 11)


def test_it_counts_make_up_saturdays_as_working_days() -> None:
    assert NATIONAL.is_working_day(date(2026, 8, 22))
    assert NATIONAL.is_working_day(date(2025, 4, 26))
    assert not NATIONAL.is_working_day(date(2026, 8, 31))  # the day off they make up for
    assert not NATIONAL.is_working_day(date(2025, 5, 2))
    assert not NATIONAL.is_working_day(date(2026, 8, 29))  # an ordinary Saturday


def test_it_counts_a_make_up_saturday_in_a_deadline() -> None:
    # Fri 21/08/2026 10:00 with 1 working day: Sat 22/08 is a working day.
    assert NATIONAL.add_working_days(at(2026, 8, 21, 10), 1) == date(2026, 8, 22)


def test_it_applies_the_cut_off() -> None:
    assert time(15, 0) == CUT_OFF
    before = NATIONAL.add_working_days(at(2026, 3, 10, 14, 59), 3)
    after = NATIONAL.add_working_days(at(2026, 3, 10, 15, 1), 3)
    assert before == date(2026, 3, 13)
    assert after == date(2026, 3, 16)
    assert NATIONAL.working_days_between(before, after) == 1


def test_it_counts_exactly_15_00_as_the_same_day() -> None:
    assert NATIONAL.effective_receipt_day(at(2026, 3, 10, 15, 0)) == date(2026, 3, 10)
    assert NATIONAL.effective_receipt_day(datetime(2026, 3, 10, 15, 0, 1, tzinfo=VN)) == date(2026, 3, 11)


def test_it_converts_aware_datetimes_to_local_time() -> None:
    # 07:59 UTC is 14:59 in Hanoi; 08:01 UTC is 15:01.
    assert NATIONAL.effective_receipt_day(datetime(2026, 3, 10, 7, 59, tzinfo=UTC)) == date(2026, 3, 10)
    assert NATIONAL.effective_receipt_day(datetime(2026, 3, 10, 8, 1, tzinfo=UTC)) == date(2026, 3, 11)
    # 20:00 UTC on Monday is 03:00 on Tuesday in Hanoi.
    assert NATIONAL.effective_receipt_day(datetime(2026, 3, 9, 20, 0, tzinfo=UTC)) == date(2026, 3, 10)


def test_it_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="Naive"):
        NATIONAL.add_working_days(datetime(2026, 3, 10, 10, 0), 1)
    with pytest.raises(ValueError, match="Naive"):
        NATIONAL.working_days_between(datetime(2026, 3, 10, 10, 0), date(2026, 3, 12))


def test_it_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError):
        NATIONAL.add_working_days(at(2026, 3, 10), -1)


def test_it_treats_a_weekend_receipt_as_received_on_monday() -> None:
    assert NATIONAL.effective_receipt_day(at(2026, 3, 14, 9)) == date(2026, 3, 16)
    assert NATIONAL.add_working_days(at(2026, 3, 14, 9), 1) == date(2026, 3, 17)
    assert NATIONAL.add_working_days(at(2026, 3, 14, 9), 0) == date(2026, 3, 16)


def test_it_moves_the_due_date_for_a_province_day_off_on_a_wednesday() -> None:
    assert NATIONAL.add_working_days(at(2026, 3, 10, 10), 1) == date(2026, 3, 11)
    calendar = WorkCalendar(extra_days_off=[date(2026, 3, 11)])
    assert not calendar.is_working_day(date(2026, 3, 11))
    assert calendar.add_working_days(at(2026, 3, 10, 10), 1) == date(2026, 3, 12)


def test_it_counts_a_sunday_declared_a_working_day() -> None:
    assert NATIONAL.add_working_days(at(2026, 3, 13, 10), 1) == date(2026, 3, 16)
    calendar = WorkCalendar(extra_working_days=[date(2026, 3, 15)])
    assert calendar.is_working_day(date(2026, 3, 15))
    assert calendar.add_working_days(at(2026, 3, 13, 10), 1) == date(2026, 3, 15)


def test_it_lets_a_working_day_override_beat_a_public_holiday() -> None:
    calendar = WorkCalendar(extra_working_days=[date(2026, 2, 16)])
    assert calendar.add_working_days(at(2026, 2, 13, 10), 1) == date(2026, 2, 16)


def test_it_refuses_a_day_both_off_and_working() -> None:
    with pytest.raises(ValueError):
        WorkCalendar(extra_days_off=[date(2026, 3, 11)], extra_working_days=[date(2026, 3, 11)])


def test_it_finds_the_next_working_day() -> None:
    assert NATIONAL.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
    assert NATIONAL.next_working_day(date(2026, 12, 31)) == date(2027, 1, 4)


def test_it_takes_the_local_date_of_a_moment_for_the_next_working_day() -> None:
    # 20:00 UTC on Monday 09/03/2026 is 03:00 on Tuesday in Hanoi: the next working day is Wednesday.
    assert NATIONAL.next_working_day(datetime(2026, 3, 9, 20, 0, tzinfo=UTC)) == date(2026, 3, 11)
    with pytest.raises(ValueError, match="Naive"):
        NATIONAL.next_working_day(datetime(2026, 3, 9, 20, 0))


def test_it_counts_across_years_and_backwards() -> None:
    assert NATIONAL.working_days_between(date(2026, 12, 30), date(2027, 1, 4)) == 2
    assert NATIONAL.working_days_between(date(2027, 1, 4), date(2026, 12, 30)) == -2
    assert NATIONAL.working_days_between(date(2026, 3, 10), date(2026, 3, 10)) == 0
    assert NATIONAL.working_days_between(at(2026, 3, 10, 23), at(2026, 3, 11, 1)) == 1


def test_it_adds_a_year_of_working_days_like_a_day_by_day_walk() -> None:
    start = at(2026, 1, 5, 9)
    due = NATIONAL.add_working_days(start, 365)
    day, counted = date(2026, 1, 5), 0
    while counted < 365:
        day += timedelta(days=1)
        counted += NATIONAL.is_working_day(day)
    assert due == day


def test_it_names_the_national_holidays_of_a_year() -> None:
    year = national_year(2026, language="vi")
    assert date(2026, 2, 17) in year.holidays
    assert year.weekend_workdays == frozenset({date(2026, 8, 22)})
    assert all(d.year == 2026 for d in year.holidays)
