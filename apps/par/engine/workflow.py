"""The assessment workflow: an explicit state machine and the appraisal round each state is in.

draft --submit--> submitted --conclude round 1--> explanation_requested --explain--> explained
                     |  ^                              |  (or the deadline passes)      |
                  return (to draft)                    +--------conclude round 2--------+--> appraised
submitted --conclude round 1 (nothing to explain)--> appraised --finalise--> finalised
"""

from dataclasses import dataclass

DRAFT = "draft"
SUBMITTED = "submitted"
EXPLANATION_REQUESTED = "explanation_requested"
EXPLAINED = "explained"
APPRAISED = "appraised"
FINALISED = "finalised"

# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({DRAFT}), SUBMITTED),
    "return": (frozenset({SUBMITTED}), DRAFT),
    "request_explanation": (frozenset({SUBMITTED}), EXPLANATION_REQUESTED),
    "conclude_round1": (frozenset({SUBMITTED}), APPRAISED),
    "explain": (frozenset({EXPLANATION_REQUESTED}), EXPLAINED),
    "conclude_round2": (frozenset({EXPLANATION_REQUESTED, EXPLAINED}), APPRAISED),
    "finalise": (frozenset({APPRAISED}), FINALISED),
}


def allowed(action: str, status: str) -> bool:
    return status in TRANSITIONS[action][0]


class RoundReason:
    """Why no appraisal round is open (the page words each reason)."""

    PUBLISHED = "published"
    AWAITING_EXPLANATION = "awaiting_explanation"
    NOT_AWAITING = "not_awaiting"
    DEADLINE_PASSED = "deadline_passed"  # round 2 open because the unit did not explain in time


@dataclass(frozen=True)
class Round:
    """The appraisal round open now (1 or 2), or None with the reason."""

    number: int | None
    reason: str = ""

    @property
    def open(self) -> bool:
        return self.number is not None


def appraisal_round(status: str, *, published: bool = False, explanation_deadline_passed: bool = False) -> Round:
    """Round 1 while the assessment awaits its first appraisal; round 2 once the unit has explained,
    or once the explanation deadline has passed without an answer; none otherwise."""
    if published:
        return Round(None, RoundReason.PUBLISHED)
    if status == SUBMITTED:
        return Round(1)
    if status == EXPLAINED:
        return Round(2)
    if status == EXPLANATION_REQUESTED:
        if explanation_deadline_passed:
            return Round(2, RoundReason.DEADLINE_PASSED)
        return Round(None, RoundReason.AWAITING_EXPLANATION)
    return Round(None, RoundReason.NOT_AWAITING)
