"""The appraisers' queue: assessments awaiting a round in open periods, and how far each round has got."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from apps.core.models import AuditEvent
from apps.par.models import (
    Assessment,
    AssessmentStatus,
    Criterion,
    CriterionExclusion,
    PeriodStatus,
    Score,
    ScoringPeriod,
    metric_q,
)

S = AssessmentStatus


@dataclass(frozen=True)
class QueueRow:
    assessment: Assessment
    round: int
    done: int
    total: int


def appraisal_queue() -> list[QueueRow]:
    """Two queries whatever the number of assessments. Awaiting a round is the query twin of
    apps.par.engine.workflow.appraisal_round: submitted, explained, or asked to explain with the
    deadline passed."""
    today = timezone.localdate()
    awaiting = (
        Q(status=S.SUBMITTED)
        | Q(status=S.EXPLAINED)
        | Q(status=S.EXPLANATION_REQUESTED, period__explanation_deadline__lt=today)
    )
    assessments = list(
        Assessment.objects.filter(awaiting, period__status=PeriodStatus.OPEN)
        .select_related("unit", "period__group")
        .annotate(
            n_scores=Count("scores"),
            n_metric=Count("scores", filter=metric_q("scores__criterion__")),
            n_round1=Count("scores", filter=Q(scores__round1_points__isnull=False)),
            n_flagged=Count("scores", filter=Q(scores__explanation_requested=True)),
            n_round2=Count("scores", filter=Q(scores__explanation_requested=True, scores__round2_points__isnull=False)),
        )
        .order_by("-period__year", "period__group__name", "submitted_at", "unit__name")
    )
    excluded: dict[tuple[int, int], int] = {}
    if assessments:
        rows = (
            CriterionExclusion.objects.filter(
                unit_id__in={a.unit_id for a in assessments},
                criterion__criteria_set_id__in={a.period.criteria_set_id for a in assessments},
            )
            .exclude(metric_q("criterion__"))
            .values_list("unit_id", "criterion__criteria_set_id")
            .annotate(n=Count("pk"))
        )
        excluded = {(unit_id, set_id): n for unit_id, set_id, n in rows}
    queue: list[QueueRow] = []
    for a in assessments:
        if a.status == S.SUBMITTED:
            total = a.n_scores - a.n_metric - excluded.get((a.unit_id, a.period.criteria_set_id), 0)
            queue.append(QueueRow(a, 1, a.n_round1, total))
        else:
            queue.append(QueueRow(a, 2, a.n_round2, a.n_flagged))
    return queue


def open_periods() -> list[ScoringPeriod]:
    return list(ScoringPeriod.objects.filter(status=PeriodStatus.OPEN).select_related("group"))


def appraisal_scores(*, assessment: Assessment) -> QuerySet[Score]:
    """The assessment's scores with their criterion and files, in the order of the criteria."""
    return (
        Score.objects.filter(assessment=assessment)
        .select_related("criterion")
        .prefetch_related("evidence", "explanation_evidence")
        .order_by("criterion__sort_order", "criterion__code")
    )


def excluded_criterion_ids(*, assessment: Assessment) -> set[int]:
    """The criteria that do not apply to the assessment's unit (one query)."""
    return set(
        CriterionExclusion.objects.filter(
            unit_id=assessment.unit_id, criterion__criteria_set_id=assessment.period.criteria_set_id
        ).values_list("criterion_id", flat=True)
    )


def appraisal_outline(*, assessment: Assessment) -> dict[int, Criterion]:
    """The nodes of the assessment's criteria set by id (only what grouping leaves by area needs)."""
    return {
        n.pk: n
        for n in Criterion.objects.filter(criteria_set_id=assessment.period.criteria_set_id).only(
            "pk", "parent_id", "code", "name", "depth", "sort_order"
        )
    }


def appraisal_area(*, assessment: Assessment, pk: Any) -> Criterion | None:
    """A top-level criterion (an area) of the assessment's set, or None."""
    if not str(pk).isdigit():
        return None
    return Criterion.objects.filter(
        pk=int(pk), criteria_set_id=assessment.period.criteria_set_id, parent__isnull=True
    ).first()


def score_last_change(*, score: Score) -> tuple[Score, AuditEvent | None]:
    """The score as saved now and the last audit event on it (who changed it), for a 409 page."""
    current = Score.objects.get(pk=score.pk)
    event = (
        AuditEvent.objects.filter(object_type="par.score", object_id=str(score.pk))
        .select_related("actor")
        .order_by("-seq")
        .first()
    )
    return current, event


def finalise_assessments(*, period: ScoringPeriod) -> list[Assessment]:
    """The period's assessments with unit and result, by unit order."""
    return list(period.assessments.select_related("unit", "result").order_by("unit__sort_order", "unit__name"))
