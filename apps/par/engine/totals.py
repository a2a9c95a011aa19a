"""An assessment's totals: one function, used by the results, the pages and the Word report.

The normal areas' points (each capped, not-applicable criteria left out by `roll_up`), plus the
survey's share, plus the bonus points (capped), less the penalty points (capped), over the
applicable maximum (the survey's share included) gives the index; bands and ranks follow.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from apps.par.engine.methods import ZERO, clamp, quantize
from apps.par.engine.tree import Node, Totals

HUNDRED = Decimal(100)
NORMAL, BONUS, PENALTY = "normal", "bonus", "penalty"


@dataclass(frozen=True)
class Caps:
    """A period's rules for the totals: 0 means "no cap" / "no survey"."""

    bonus_cap: Decimal = ZERO
    penalty_cap: Decimal = ZERO
    survey_points: Decimal = ZERO


@dataclass(frozen=True)
class AssessmentTotals:
    points: Decimal  # the normal areas
    bonus: Decimal  # after the cap
    penalty: Decimal  # after the cap
    survey: Decimal  # the survey's share earned (0 when left out)
    total: Decimal  # points + survey + bonus - penalty, never below 0
    maximum: Decimal  # the normal areas' applicable maximum (+ the survey's share when counted)
    index: Decimal | None  # total / maximum in %, None when nothing applies
    with_survey: bool = True


def survey_share(survey_points: Decimal, survey_index: Decimal | None) -> Decimal:
    """The points a unit earns from the survey: its share times its index (a percentage)."""
    if survey_points <= 0 or survey_index is None:
        return ZERO
    return quantize(survey_points * clamp(survey_index, HUNDRED) / HUNDRED)


def assessment_totals(
    roots: Iterable[Node],
    totals: Totals,
    caps: Caps,
    *,
    survey_index: Decimal | None = None,
    with_survey: bool = True,
) -> AssessmentTotals:
    """The totals of one assessment from its rolled-up tree.

    `with_survey=False` leaves the survey out of both the total and the maximum (the unit's own
    page, before the survey is known, shows it that way and says so).
    """
    roots = list(roots)
    normal = [r for r in roots if r.kind == NORMAL]
    points = sum((totals.points.get(r.id, ZERO) for r in normal), ZERO)
    maximum = sum((totals.maxima.get(r.id, ZERO) for r in normal), ZERO)
    bonus = sum((totals.points.get(r.id, ZERO) for r in roots if r.kind == BONUS), ZERO)
    penalty = sum((totals.points.get(r.id, ZERO) for r in roots if r.kind == PENALTY), ZERO)
    if caps.bonus_cap > 0:
        bonus = min(bonus, caps.bonus_cap)
    if caps.penalty_cap > 0:
        penalty = min(penalty, caps.penalty_cap)
    survey = ZERO
    if with_survey and caps.survey_points > 0:
        maximum += caps.survey_points
        survey = survey_share(caps.survey_points, survey_index)
    total = max(ZERO, points + survey + bonus - penalty)
    return AssessmentTotals(
        points=quantize(points),
        bonus=quantize(bonus),
        penalty=quantize(penalty),
        survey=survey,
        total=quantize(total),
        maximum=quantize(maximum),
        index=quantize(total / maximum * HUNDRED) if maximum > 0 else None,
        with_survey=with_survey,
    )


def band_for(index: Decimal, bands: Sequence[Mapping[str, Any]]) -> str:
    """The label of the highest band whose minimum the index reaches."""
    for band in sorted(bands, key=lambda b: -float(b["min"])):
        if index >= Decimal(str(band["min"])):
            return str(band["label"])
    return ""


def competition_ranks(indices: Mapping[int, Decimal]) -> dict[int, int]:
    """Equal indices share a rank, the next rank skips (1, 2, 2, 4)."""
    ordered = sorted(indices.items(), key=lambda item: -item[1])
    ranks: dict[int, int] = {}
    previous_index, previous_rank = None, 0
    for position, (key, index) in enumerate(ordered, start=1):
        rank = previous_rank if index == previous_index else position
        ranks[key] = rank
        previous_index, previous_rank = index, rank
    return ranks
