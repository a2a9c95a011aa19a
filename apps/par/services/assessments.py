"""The assessment workflow (the state machine is apps.par.engine.workflow): submission by the
head, return by the secretariat, finalising. Score edits live by topic in
`services/self_assessment.py` and `services/appraisal.py` and are re-exported here."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.actors import Actor
from apps.par.models import Assessment, AssessmentStatus, PeriodStatus, Score, ScoringPeriod
from apps.par.services._common import bounded_text, period_open, refuse, save_score, transition
from apps.par.services.appraisal import (
    appraisal_conclude,
    current_round,
    explanation_submit,
    score_appraise,
    score_request_explanation,
)
from apps.par.services.self_assessment import score_evidence_set, score_self_update

S = AssessmentStatus

__all__ = [
    "appraisal_conclude",
    "assessment_finalise",
    "assessment_return",
    "assessment_submit",
    "assessments_finalise_appraised",
    "current_round",
    "explanation_submit",
    "missing_items",
    "score_appraise",
    "score_evidence_set",
    "score_request_explanation",
    "score_self_update",
]


def missing_items(assessment: Assessment) -> list[str]:
    """What stops a submission: unscored leaves, and required evidence with neither file nor explanation."""
    problems: list[str] = []
    excluded = set(
        assessment.period.criteria_set.nodes.filter(exclusions__unit_id=assessment.unit_id).values_list("pk", flat=True)
    )
    scores = assessment.scores.select_related("criterion").prefetch_related("evidence")
    for score in scores:
        criterion = score.criterion
        if criterion.pk in excluded or criterion.is_metric:
            continue
        if score.self_points is None:
            problems.append(_("%(code)s has no score yet.") % {"code": criterion.code})
        elif criterion.evidence_required and not score.evidence.all() and not score.no_evidence_reason:
            problems.append(
                _("%(code)s needs evidence, or an explanation of why there is none.") % {"code": criterion.code}
            )
    return problems


@transaction.atomic
def assessment_submit(*, actor: Actor, assessment: Assessment, version: int | str | None) -> Assessment:
    period_open(assessment)
    if timezone.localdate() > assessment.period.self_assessment_deadline:
        refuse(_("The self-assessment deadline has passed; ask the secretariat to extend it."), code="deadline")
    problems = missing_items(assessment)
    if problems:
        refuse(_("The assessment is not complete: %(problems)s") % {"problems": " ".join(problems[:10])}, "incomplete")
    return transition(
        actor=actor,
        assessment=assessment,
        action="submit",
        version=version,
        submitted_at=timezone.now(),
        submitted_by=actor,
        return_reason="",
    )


@transaction.atomic
def assessment_return(*, actor: Actor, assessment: Assessment, version: int | str | None, reason: str) -> Assessment:
    period_open(assessment)
    reason = bounded_text(reason, _("The reason"))
    if not reason:
        refuse(_("Say why the assessment is returned."))
    returned = transition(actor=actor, assessment=assessment, action="return", version=version, return_reason=reason)
    # The unit reworks its scores; a first appraisal begun on the old ones starts over.
    begun = Score.objects.filter(assessment=returned).filter(
        Q(round1_points__isnull=False) | Q(explanation_requested=True)
    )
    for score in begun.select_related("criterion"):
        save_score(
            actor=actor,
            score=score,
            version=None,
            cascade=True,
            action="par.score.appraisal_reset",
            changes={
                "round1_points": None,
                "round1_reason": "",
                "explanation_requested": False,
                "explanation_request_note": "",
            },
        )
    return returned


@transaction.atomic
def assessment_finalise(*, actor: Actor, assessment: Assessment, version: int | str | None) -> Assessment:
    period_open(assessment)
    result = transition(
        actor=actor, assessment=assessment, action="finalise", version=version, finalised_at=timezone.now()
    )
    from apps.par.services.results import results_recompute

    results_recompute(period=assessment.period)
    return result


@transaction.atomic
def assessments_finalise_appraised(*, actor: Actor, period: ScoringPeriod) -> int:
    """Finalise every appraised assessment of a period at once (one results recompute); returns how many."""
    if period.status == PeriodStatus.PUBLISHED:
        refuse(_("The period is published; results can no longer change."))
    appraised = list(period.assessments.filter(status=S.APPRAISED).select_related("period"))
    now = timezone.now()
    for assessment in appraised:
        transition(actor=actor, assessment=assessment, action="finalise", version=None, cascade=True, finalised_at=now)
    if appraised:
        from apps.par.services.results import results_recompute

        results_recompute(period=period)
    return len(appraised)
