"""The pure engine under hypothesis: the transitions table, deadlines in working days, the pause, timing."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from apps.core.workdays import calendar_from_overrides
from apps.onestop import engine
from apps.onestop.engine import FINAL_STATES, OPEN_STATES, TRANSITIONS, Action, IllegalTransition
from apps.onestop.engine.deadlines import is_overdue
from apps.onestop.models import DossierState, Timing

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CALENDAR = calendar_from_overrides([])
STATES = [s.value for s in DossierState]
ACTIONS = [a.value for a in Action]
moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31)).map(
    lambda m: m.replace(tzinfo=TZ)
)


@given(st.sampled_from(sorted(FINAL_STATES)), st.sampled_from(ACTIONS))
def test_it_lets_no_action_leave_a_final_state(state: str, action: str) -> None:
    try:
        engine.next_state(state, action)
    except IllegalTransition:
        return
    raise AssertionError(f"{action} left the final state {state}")


@given(st.sampled_from(STATES), st.booleans())
def test_it_offers_exactly_the_actions_the_table_accepts(state: str, apologised: bool) -> None:
    allowed = engine.allowed_actions(state, apologised=apologised)
    for action in Action:
        legal = state in TRANSITIONS[action].sources and not (action == Action.APOLOGISE and apologised)
        assert (action in allowed) == legal
        if action in allowed:
            assert engine.next_state(state, action) in STATES


@given(st.lists(st.sampled_from(ACTIONS), max_size=30))
def test_it_walks_any_sequence_without_leaving_the_states(actions: list[str]) -> None:
    state = DossierState.RECEIVED.value
    for action in actions:
        try:
            after = engine.next_state(state, action)
        except IllegalTransition:
            continue
        assert state not in FINAL_STATES
        state = after
    assert state in STATES


def test_it_refuses_an_unknown_action() -> None:
    try:
        engine.next_state(DossierState.RECEIVED, "teleport")
    except IllegalTransition:
        return
    raise AssertionError("an unknown action was accepted")


@settings(max_examples=200)
@given(moments, st.integers(min_value=0, max_value=60))
def test_it_gives_exactly_the_working_days_of_the_procedure(received_at: datetime, days: int) -> None:
    start_day, due = engine.first_deadline(CALENDAR, received_at, days)
    assert CALENDAR.working_days_between(start_day, due) == days
    assert CALENDAR.is_working_day(due)
    assert due >= received_at.astimezone(TZ).date()


@settings(max_examples=200)
@given(moments, st.integers(min_value=1, max_value=30), st.integers(min_value=0, max_value=40))
def test_it_never_shortens_a_deadline_with_a_pause(received_at: datetime, days: int, pause_hours: int) -> None:
    _start, due = engine.first_deadline(CALENDAR, received_at, days)
    paused_since = received_at + timedelta(hours=1)
    resumed_at = paused_since + timedelta(hours=pause_hours * 6)
    pause = engine.deadline_after_pause(
        CALENDAR, paused_since=paused_since, resumed_at=resumed_at, deadline=due, appointment=due
    )
    assert pause.days >= 0
    assert pause.deadline >= due and pause.appointment >= due
    assert CALENDAR.working_days_between(due, pause.deadline) == pause.days


@given(moments, st.integers(min_value=1, max_value=30), st.integers(min_value=-10, max_value=10), st.integers(0, 3))
def test_it_judges_timing_against_the_deadline(received_at: datetime, days: int, shift: int, supplements: int) -> None:
    _start, due = engine.first_deadline(CALENDAR, received_at, days)
    resolved_on = due + timedelta(days=shift)
    resolved_at = datetime(resolved_on.year, resolved_on.month, resolved_on.day, 10, tzinfo=TZ)
    timing = engine.timing_of(CALENDAR, resolved_at=resolved_at, deadline=due, supplement_count=supplements)
    if supplements > 1 or shift > 0:
        assert timing == Timing.LATE
    else:
        assert timing == (Timing.ON_TIME if shift == 0 else Timing.EARLY)
    assert is_overdue(CALENDAR, now=resolved_at, appointment=due) == (shift > 0)


@given(moments, st.integers(min_value=0, max_value=30))
def test_it_warns_an_apology_less_than_one_working_day_ahead(now: datetime, days_ahead: int) -> None:
    deadline = CALENDAR.nth_working_day_after(now.astimezone(TZ).date(), days_ahead)
    assert engine.apology_is_late(CALENDAR, now=now, deadline=deadline) == (days_ahead < 1)


def test_it_keeps_open_and_final_states_apart() -> None:
    assert not OPEN_STATES & FINAL_STATES
    assert not CALENDAR.is_working_day(date(2026, 1, 1))
