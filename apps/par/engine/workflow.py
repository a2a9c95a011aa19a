"""The assessment workflow: an explicit state machine and the appraisal round each state is in.

draft --submit--> submitted --conclude round 1--> explanation_requested --explain--> explained
                     |  ^                              |  (or the deadline passes)      |
                  return (to draft)                    +--------conclude round 2--------+--> appraised
submitted --conclude round 1 (nothing to explain)--> appraised --finalise--> finalised
"""

from dataclasses import dataclass
from decimal import Decimal

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


class Stage:
    """Which figures an assessment's totals are: the unit's own, after a concluded appraisal round,
    or final. Every page and document shows an assessment's totals at its stage and names it."""

    SELF = "self"  # draft or submitted: the unit's own scores (a round under way does not count yet)
    ROUND1 = "round1"  # round 1 concluded: its points, else the unit's
    ROUND2 = "round2"  # round 2 concluded: its points, else round 1's, else the unit's
    FINAL = "final"  # finalised (and published)

    ORDER = (SELF, ROUND1, ROUND2, FINAL)


def stage_of(status: str, *, second_round_held: bool = False) -> str:
    """The stage of an assessment in `status`; `second_round_held`: some criterion went through round 2."""
    if status in (DRAFT, SUBMITTED):
        return Stage.SELF
    if status in (EXPLANATION_REQUESTED, EXPLAINED):
        return Stage.ROUND1
    if status == APPRAISED:
        return Stage.ROUND2 if second_round_held else Stage.ROUND1
    return Stage.FINAL


def stage_points(stage: str, own: Decimal | None, round1: Decimal | None, round2: Decimal | None) -> Decimal | None:
    """The points a leaf counts for at `stage`: the latest concluded round's, else the unit's own."""
    candidates: tuple[Decimal | None, ...]
    if stage == Stage.SELF:
        candidates = (own,)
    elif stage == Stage.ROUND1:
        candidates = (round1, own)
    else:
        candidates = (round2, round1, own)
    return next((c for c in candidates if c is not None), None)
