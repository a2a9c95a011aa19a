"""Reads of PAR data, scoped to the user. Views and API handlers fetch objects only through these.

Topics: `access` (objects by id for a user, lists through the policy's scope, what other units
may not read), `self_assessment` (the self-assessment page), `appraisal` (the appraisers' queue).
"""

from apps.par.selectors.access import (
    DETAIL_TEXT_FIELDS,
    assessment_detail_visible,
    assessment_get_for_user,
    assessment_list_for_user,
    assessment_progress,
    assessment_redact,
    criteria_set_get_for_user,
    criterion_get_for_user,
    evidence_get_for_user,
    evidence_library_for_user,
    exclusion_get_for_user,
    period_get_for_user,
    period_list_for_user,
    published_period_get,
    published_periods,
    score_get_for_user,
    scores_redact,
)
from apps.par.selectors.appraisal import QueueRow, appraisal_queue, open_periods
from apps.par.selectors.self_assessment import (
    APPRAISAL_SHOWN,
    INPUT_KINDS,
    Override,
    Page,
    self_assessment_page,
)

__all__ = [
    "APPRAISAL_SHOWN",
    "DETAIL_TEXT_FIELDS",
    "INPUT_KINDS",
    "Override",
    "Page",
    "QueueRow",
    "appraisal_queue",
    "assessment_detail_visible",
    "assessment_get_for_user",
    "assessment_list_for_user",
    "assessment_progress",
    "assessment_redact",
    "criteria_set_get_for_user",
    "criterion_get_for_user",
    "evidence_get_for_user",
    "evidence_library_for_user",
    "exclusion_get_for_user",
    "open_periods",
    "period_get_for_user",
    "period_list_for_user",
    "published_period_get",
    "published_periods",
    "score_get_for_user",
    "scores_redact",
    "self_assessment_page",
]
