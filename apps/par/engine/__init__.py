"""PAR's rules, pure: scoring methods, the criteria tree, an assessment's totals, the workflow.

No ORM here: plain dataclasses and functions, the same inputs always give the same numbers.
Services, selectors, pages, exports and documents call these; none re-implements a rule.
"""

from apps.par.engine.methods import (
    LEAF_METHOD_TYPES,
    ONE,
    ZERO,
    Deduction,
    FixedIfDone,
    FromMetric,
    Manual,
    Method,
    Proportional,
    SumOfChildren,
    Tier,
    Tiers,
    clamp,
    input_problem,
    method_to_json,
    parse_method,
    points_for,
    points_problem,
    quantize,
)
from apps.par.engine.totals import (
    HUNDRED,
    AssessmentTotals,
    Caps,
    assessment_totals,
    band_for,
    competition_ranks,
    survey_share,
)
from apps.par.engine.tree import Node, Totals, roll_up
from apps.par.engine.workflow import TRANSITIONS, Round, RoundReason, Stage, appraisal_round, stage_of, stage_points

__all__ = [
    "HUNDRED",
    "LEAF_METHOD_TYPES",
    "ONE",
    "TRANSITIONS",
    "ZERO",
    "AssessmentTotals",
    "Caps",
    "Deduction",
    "FixedIfDone",
    "FromMetric",
    "Manual",
    "Method",
    "Node",
    "Proportional",
    "Round",
    "RoundReason",
    "Stage",
    "SumOfChildren",
    "Tier",
    "Tiers",
    "Totals",
    "appraisal_round",
    "assessment_totals",
    "band_for",
    "clamp",
    "competition_ranks",
    "input_problem",
    "method_to_json",
    "parse_method",
    "points_for",
    "points_problem",
    "quantize",
    "roll_up",
    "stage_of",
    "stage_points",
    "survey_share",
]
