"""The unit's self-assessment: its score of each leaf and the evidence attached to it."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.actors import Actor
from apps.core.audit import audit_record
from apps.core.concurrency import check_version, locked
from apps.par.engine import FromMetric, SumOfChildren, input_problem, parse_method, points_for
from apps.par.models import AssessmentStatus, Criterion, Evidence, Score
from apps.par.services._common import (
    as_decimal,
    bounded_text,
    is_excluded,
    locked_assessment,
    period_open,
    refuse,
    save_score,
)
from apps.par.services.results import result_refresh


@transaction.atomic
def score_self_update(
    *,
    actor: Actor,
    score: Score,
    version: int | str | None,
    value: Any = None,
    note: str | None = None,
    no_evidence_reason: str | None = None,
) -> Score:
    """The unit's own score of a leaf. `value` is the points (manual) or the method's input
    (a ratio, a count of occurrences, 1/0 for done); it is checked against the method and the
    column before anything is stored."""
    assessment = locked_assessment(score)
    period_open(assessment)
    if assessment.status != AssessmentStatus.DRAFT:
        refuse(_("The assessment has been submitted; scores can no longer be changed."), code="locked")
    criterion: Criterion = score.criterion
    method = parse_method(criterion.method)
    if isinstance(method, FromMetric | SumOfChildren):
        refuse(_("This criterion is scored from measured data, not by the unit."))
    if is_excluded(score):
        refuse(_("This criterion does not apply to your unit."))
    changes: dict[str, Any] = {}
    if value is not None:
        number = as_decimal(value, _("The score"))
        if number is None:
            changes.update(self_value=None, self_points=None)
        else:
            problem = input_problem(method, criterion.max_points, number)
            if problem:
                refuse(problem, code="out_of_range")
            changes.update(self_value=number, self_points=points_for(method, criterion.max_points, number))
    if note is not None:
        changes["self_note"] = bounded_text(note, _("The note"))
    if no_evidence_reason is not None:
        changes["no_evidence_reason"] = bounded_text(no_evidence_reason, _("The explanation for missing evidence"))
    saved = save_score(actor=actor, score=score, version=version, action="par.score.self_update", changes=changes)
    if "self_points" in changes:  # the results table shows the draft's figures as its own page does
        result_refresh(assessment=assessment, rerank=False)
    return saved


@transaction.atomic
def score_evidence_set(*, actor: Actor, score: Score, version: int | str | None, evidence: Iterable[Evidence]) -> Score:
    """Attach documents of the unit's library (same unit, same year) to a score, replacing the list."""
    assessment = locked_assessment(score)
    period_open(assessment)
    if assessment.status != AssessmentStatus.DRAFT:
        refuse(_("The assessment has been submitted; evidence can no longer be changed."), code="locked")
    documents = list(evidence)
    if any(doc.unit_id != assessment.unit_id or doc.year != assessment.period.year for doc in documents):
        refuse(_("Evidence must come from your unit's library for this year."))
    current = locked(Score, score.pk)
    check_version(current, version, _("score"))
    before = sorted(current.evidence.values_list("pk", flat=True))
    current.evidence.set(documents)
    current.version += 1
    current.save(update_fields=["version", "updated_at"])
    audit_record(
        actor=actor,
        action="par.score.evidence_set",
        obj=current,
        object_repr=f"{current.assessment_id}:{current.criterion.code}",
        unit_id=assessment.unit_id,
        before={"evidence": before},
        after={"evidence": sorted(doc.pk for doc in documents)},
    )
    return current
