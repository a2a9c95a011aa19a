"""The one-stop rules, pure (no ORM): dossier codes, deadlines in working days, transitions, timing."""

from apps.onestop.engine.codes import format_code, validate_pattern
from apps.onestop.engine.deadlines import (
    Clock,
    apology_is_late,
    deadline_after_pause,
    first_deadline,
    resolution_days,
    step_deadlines,
    timing_of,
)
from apps.onestop.engine.transitions import (
    FINAL_STATES,
    OPEN_STATES,
    TRANSITIONS,
    Action,
    IllegalTransition,
    allowed_actions,
    next_state,
)

__all__ = [
    "FINAL_STATES",
    "OPEN_STATES",
    "TRANSITIONS",
    "Action",
    "Clock",
    "IllegalTransition",
    "allowed_actions",
    "apology_is_late",
    "deadline_after_pause",
    "first_deadline",
    "format_code",
    "next_state",
    "resolution_days",
    "step_deadlines",
    "timing_of",
    "validate_pattern",
]
