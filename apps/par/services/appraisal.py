"""Appraisal in two rounds and the unit's one explanation in between."""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.actors import Actor
from apps.core.concurrency import check_version, locked
from apps.core.policies import require
from apps.par.engine import Round, RoundReason, appraisal_round, points_problem
from apps.par.models import Assessment, AssessmentStatus, Criterion, Evidence, PeriodStatus, Score, metric_q
from apps.par.permissions import ParAction
from apps.par.services._common import (
    as_decimal,
    bounded_text,
    is_excluded,
    locked_assessment,
    period_open,
    refuse,
    save_score,
    transition,
)

S = AssessmentStatus


def current_round(assessment: Assessment) -> Round:
    """The appraisal round open now (apps.par.engine.workflow.appraisal_round), for the pages and the services."""
    period = assessment.period
    return appraisal_round(
        assessment.status,
        published=period.status == PeriodStatus.PUBLISHED,
        explanation_deadline_passed=timezone.localdate() > period.explanation_deadline,
    )


def _open_round(assessment: Assessment) -> int:
    """The round open now, or a refusal saying why none is."""
    found = current_round(assessment)
    if found.number is None:
        if found.reason == RoundReason.AWAITING_EXPLANATION:
            refuse(_("The unit may still explain until the explanation deadline."), code="deadline")
        refuse(_("The assessment is not awaiting appraisal."), code="illegal_transition")
    return found.number


@transaction.atomic
def score_appraise(
    *,
    actor: Actor,
    score: Score,
    version: int | str | None,
    points: Any,
    reason: str = "",
    accept: bool = False,
) -> Score:
    """Set the appraised points of the current round. Accepting takes the unit's score; any other
    score needs a reason."""
    assessment = locked_assessment(score)
    period_open(assessment)
    round_no = _open_round(assessment)
    criterion = score.criterion
    if criterion.is_metric:
        refuse(_("This criterion is scored from measured data, not by appraisal."))
    if is_excluded(score):
        refuse(_("This criterion does not apply to the unit."))
    if round_no == 2 and not score.explanation_requested:
        refuse(_("Only criteria under explanation are appraised in the second round."))
    if accept:
        value = score.self_points if score.self_points is not None else Decimal(0)
    else:
        parsed = as_decimal(points, _("The appraised score"))
        if parsed is None:
            refuse(_("Enter the appraised score."))
        value = parsed
    problem = points_problem(value, criterion.max_points)
    if problem:
        refuse(problem, code="out_of_range")
    reason = bounded_text(reason or "", _("The reason"))
    if not accept and value != (score.self_points or Decimal(0)) and not reason:
        refuse(_("A score different from the unit's needs a reason."), code="reason_required")
    field = "round1" if round_no == 1 else "round2"
    changes = {f"{field}_points": value, f"{field}_reason": "" if accept else reason}
    return save_score(actor=actor, score=score, version=version, action=f"par.score.appraise_{field}", changes=changes)


@transaction.atomic
def score_request_explanation(
    *, actor: Actor, score: Score, version: int | str | None, note: str, requested: bool = True
) -> Score:
    assessment = locked_assessment(score)
    period_open(assessment)
    found = current_round(assessment)
    if found.reason == RoundReason.NOT_AWAITING:
        refuse(_("The assessment is not awaiting appraisal."), code="illegal_transition")
    if found.number != 1:
        refuse(_("Explanations are requested during the first appraisal only."))
    if requested and score.criterion.is_metric:
        refuse(_("This criterion is scored from measured data, not by appraisal."))
    if requested and is_excluded(score):
        refuse(_("This criterion does not apply to the unit."))
    note = bounded_text(note, _("What to explain"))
    if requested and not note:
        refuse(_("Say what the unit should explain."))
    return save_score(
        actor=actor,
        score=score,
        version=version,
        action="par.score.request_explanation",
        changes={"explanation_requested": requested, "explanation_request_note": note if requested else ""},
    )


@transaction.atomic
def appraisal_conclude(*, actor: Actor, assessment: Assessment, version: int | str | None) -> Assessment:
    """Close the current appraisal round. Round 1 leads to an explanation request when any
    criterion is flagged, else straight to appraised; round 2 is final."""
    period_open(assessment)
    round_no = _open_round(assessment)
    scores = list(assessment.scores.select_related("criterion"))
    excluded = set(
        assessment.period.criteria_set.nodes.filter(exclusions__unit_id=assessment.unit_id).values_list("pk", flat=True)
    )
    appraisable = [s for s in scores if s.criterion_id not in excluded and not s.criterion.is_metric]
    if round_no == 1:
        missing = [s.criterion.code for s in appraisable if s.round1_points is None]
        if missing:
            refuse(_("Appraise every criterion first; missing: %(codes)s") % {"codes": ", ".join(missing[:15])})
        flagged = any(s.explanation_requested for s in appraisable)
        action = "request_explanation" if flagged else "conclude_round1"
        return transition(actor=actor, assessment=assessment, action=action, version=version)
    for score in appraisable:
        if score.explanation_requested and score.round2_points is None:
            # No second look (e.g. the unit did not explain): the first appraisal stands.
            save_score(
                actor=actor,
                score=score,
                version=None,
                cascade=True,
                action="par.score.appraise_round2",
                changes={"round2_points": score.round1_points, "round2_reason": _("First appraisal kept.")},
            )
    return transition(actor=actor, assessment=assessment, action="conclude_round2", version=version)


@transaction.atomic
def explanation_submit(
    *,
    actor: Actor,
    assessment: Assessment,
    version: int | str | None,
    answers: dict[int, str],
    files: dict[int, list[Evidence]] | None = None,
) -> Assessment:
    """The unit's one answer to the explanation request, before its deadline."""
    period_open(assessment)
    if timezone.localdate() > assessment.period.explanation_deadline:
        refuse(_("The explanation deadline has passed."), code="deadline")
    if assessment.status != S.EXPLANATION_REQUESTED:
        refuse(_("There is no open explanation request (a unit explains once)."), code="illegal_transition")
    requested = {s.pk: s for s in assessment.scores.filter(explanation_requested=True).select_related("criterion")}
    files = files or {}
    unknown = (set(answers) | set(files)) - set(requested)
    if unknown:
        refuse(_("Explanations can only be given for the criteria the appraisers asked about."))
    texts = {pk: bounded_text(answers.get(pk) or "", _("The explanation")) for pk in requested}
    if not any(texts[pk] or files.get(pk) for pk in requested):
        refuse(_("Write an explanation or attach a file for at least one criterion."))
    for pk, score in requested.items():
        docs = files.get(pk, [])
        if any(d.unit_id != assessment.unit_id or d.year != assessment.period.year for d in docs):
            refuse(_("Evidence must come from your unit's library for this year."))
        if texts[pk] or docs:
            save_score(
                actor=actor,
                score=score,
                version=None,
                cascade=True,
                action="par.score.explain",
                changes={"explanation_text": texts[pk]},
                add_explanation_evidence=docs,
            )
    return transition(
        actor=actor, assessment=assessment, action="explain", version=version, explained_at=timezone.now()
    )


def _under(node_id: int, area_id: int, parents: dict[int, int | None]) -> bool:
    """Whether `node_id` is `area_id` or one of its descendants (walking up the parent links)."""
    current: int | None = node_id
    while current is not None:
        if current == area_id:
            return True
        current = parents.get(current)
    return False


@transaction.atomic
def scores_accept_remaining(
    *,
    actor: Actor,
    assessment: Assessment,
    version: int | str | None,
    area: Criterion | None = None,
) -> list[Score]:
    """Accept the unit's score on every criterion of the current round nobody has appraised yet, in
    one area (a top-level node) or in the whole assessment. All or nothing; each score is written and
    audited exactly as a single accept. Skipped: criteria already appraised or adjusted, measured and
    not-applicable criteria, and in the first round criteria flagged for explanation (the appraiser
    decides those one by one). `version` is the assessment's: a round concluded or an assessment
    returned meanwhile makes the request stale."""
    require(actor, ParAction.APPRAISE)
    locked_row = locked(Assessment, assessment.pk)
    check_version(locked_row, version, _("assessment"))
    period_open(locked_row)
    round_no = _open_round(locked_row)
    set_id = locked_row.period.criteria_set_id
    if area is not None and (area.criteria_set_id != set_id or area.parent_id is not None):
        refuse(_("Choose an area of this assessment's criteria."))
    field = "round1" if round_no == 1 else "round2"
    # Locked before they are judged: an accept or adjustment saved concurrently is seen and skipped.
    remaining = (
        Score.objects.select_for_update(of=("self",))
        .filter(assessment=locked_row, **{f"{field}_points__isnull": True})
        .exclude(metric_q("criterion__"))
        .exclude(criterion__exclusions__unit_id=locked_row.unit_id)
        .select_related("criterion")
        .order_by("criterion__sort_order", "criterion__code")
    )
    remaining = remaining.filter(explanation_requested=round_no == 2)
    scores = list(remaining)
    if area is not None:
        parents: dict[int, int | None] = dict(
            Criterion.objects.filter(criteria_set_id=set_id).values_list("pk", "parent_id")
        )
        scores = [s for s in scores if _under(s.criterion_id, area.pk, parents)]
    accepted: list[Score] = []
    for score in scores:
        value = score.self_points if score.self_points is not None else Decimal(0)
        problem = points_problem(value, score.criterion.max_points)
        if problem:
            refuse(f"{score.criterion.code}: {problem}", code="out_of_range")
        accepted.append(
            save_score(
                actor=actor,
                score=score,
                version=None,
                cascade=True,
                action=f"par.score.appraise_{field}",
                changes={f"{field}_points": value, f"{field}_reason": ""},
            )
        )
    return accepted
