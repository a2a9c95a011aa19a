"""Reads of PAR data, scoped to the user. Views and API handlers fetch objects only through these."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from apps.org.permissions import can, own_unit_ids, require, scope
from apps.par.models import (
    Assessment,
    CriteriaSet,
    Criterion,
    CriterionExclusion,
    Evidence,
    PeriodStatus,
    Score,
    ScoringPeriod,
    metric_q,
)
from apps.par.permissions import ParAction


def _int(pk: Any) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc


def period_list_for_user(*, user: Any) -> QuerySet[ScoringPeriod]:
    """Province-wide roles see every period; unit members see the periods their units are scored in;
    everyone sees published periods."""
    periods = ScoringPeriod.objects.select_related("group", "criteria_set")
    if can(user, ParAction.VIEW_PROGRESS):
        return periods
    from django.db.models import Q

    return periods.filter(Q(status=PeriodStatus.PUBLISHED) | Q(assessments__unit_id__in=own_unit_ids(user))).distinct()


def period_get_for_user(*, user: Any, pk: Any) -> ScoringPeriod:
    try:
        return period_list_for_user(user=user).get(pk=_int(pk))
    except ScoringPeriod.DoesNotExist as exc:
        raise Http404 from exc


def published_period_get(*, pk: Any) -> ScoringPeriod:
    """For public pages and the public API: only published periods exist there."""
    try:
        return ScoringPeriod.objects.select_related("group", "criteria_set").get(
            pk=_int(pk), status=PeriodStatus.PUBLISHED
        )
    except ScoringPeriod.DoesNotExist as exc:
        raise Http404 from exc


def published_periods() -> QuerySet[ScoringPeriod]:
    return ScoringPeriod.objects.filter(status=PeriodStatus.PUBLISHED).select_related("group")


def criteria_set_get_for_user(*, user: Any, pk: Any) -> CriteriaSet:
    """Criteria sets are not secret to signed-in users (units need the guidance)."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    try:
        return CriteriaSet.objects.select_related("group").get(pk=_int(pk))
    except CriteriaSet.DoesNotExist as exc:
        raise Http404 from exc


def assessment_list_for_user(*, user: Any, period: ScoringPeriod) -> QuerySet[Assessment]:
    """The period's assessments the user may see (the PAR policy's scope)."""
    return scope(user, ParAction.VIEW_ASSESSMENT, period.assessments.select_related("unit", "period", "result"))


def assessment_get_for_user(*, user: Any, pk: Any, action: ParAction = ParAction.VIEW_ASSESSMENT) -> Assessment:
    """The assessment, or 404 when the user may not even see it, or 403 when they may see it but
    not do `action`."""
    try:
        assessment = Assessment.objects.select_related("unit", "period__criteria_set", "period__group").get(pk=_int(pk))
    except Assessment.DoesNotExist as exc:
        raise Http404 from exc
    if not can(user, ParAction.VIEW_ASSESSMENT, assessment):
        raise Http404
    if action != ParAction.VIEW_ASSESSMENT:
        require(user, action, assessment)
    return assessment


def score_get_for_user(*, user: Any, pk: Any, action: ParAction = ParAction.VIEW_ASSESSMENT) -> Score:
    try:
        score = Score.objects.select_related("criterion", "assessment__unit", "assessment__period__criteria_set").get(
            pk=_int(pk)
        )
    except Score.DoesNotExist as exc:
        raise Http404 from exc
    if not can(user, ParAction.VIEW_ASSESSMENT, score.assessment):
        raise Http404
    if action != ParAction.VIEW_ASSESSMENT:
        require(user, action, score.assessment)
    return score


# What stays with the unit, its appraisers, the secretariat and leaders (ParAction.VIEW_ASSESSMENT_DETAIL).
DETAIL_TEXT_FIELDS = (
    "self_note",
    "no_evidence_reason",
    "round1_reason",
    "round2_reason",
    "explanation_request_note",
    "explanation_text",
)


def assessment_detail_visible(*, user: Any, assessment: Assessment) -> bool:
    return can(user, ParAction.VIEW_ASSESSMENT_DETAIL, assessment)


def scores_redact(scores: Iterable[Score]) -> None:
    """Blank, on loaded objects that are only shown (never saved), what other units may not read:
    notes, explanations, reasons and the evidence lists. Points stay."""
    for score in scores:
        for name in DETAIL_TEXT_FIELDS:
            setattr(score, name, "")
        cache: dict[str, Any] = getattr(score, "_prefetched_objects_cache", {})
        cache.update(evidence=Evidence.objects.none(), explanation_evidence=Evidence.objects.none())
        score._prefetched_objects_cache = cache  # type: ignore[attr-defined]
        score.redacted = True  # type: ignore[attr-defined]


def assessment_redact(assessment: Assessment, scores: Iterable[Score]) -> None:
    assessment.return_reason = ""
    scores_redact(scores)


def evidence_library_for_user(*, user: Any, unit_id: int, year: int) -> QuerySet[Evidence]:
    if unit_id not in own_unit_ids(user):
        raise PermissionDenied
    return Evidence.objects.filter(unit_id=unit_id, year=year).select_related("uploaded_by")


def evidence_get_for_user(*, user: Any, pk: Any) -> Evidence:
    """A document, for its unit's members and for those who may see an assessment that uses it."""
    try:
        evidence = Evidence.objects.select_related("unit").get(pk=_int(pk))
    except Evidence.DoesNotExist as exc:
        raise Http404 from exc
    if evidence.unit_id in own_unit_ids(user):
        return evidence
    assessments = Assessment.objects.select_related("period").filter(
        unit_id=evidence.unit_id, period__year=evidence.year
    )
    if any(can(user, ParAction.VIEW_ASSESSMENT, a) for a in assessments) and (can(user, ParAction.VIEW_PROGRESS)):
        return evidence
    raise Http404


def assessment_progress(*, period: ScoringPeriod) -> dict[int, dict[str, int]]:
    """Per assessment id: the unit's applicable leaves it scores itself (`total`), how many it has
    scored (`scored`) and how many need evidence but have neither a file nor an explanation
    (`lacking_evidence`). One query whatever the number of units."""
    from django.db.models import Count, Exists, OuterRef, Q

    from apps.par.models import CriterionExclusion

    excluded = CriterionExclusion.objects.filter(
        criterion_id=OuterRef("criterion_id"), unit_id=OuterRef("assessment__unit_id")
    )
    has_evidence = Score.evidence.through.objects.filter(score_id=OuterRef("pk"))
    rows = (
        Score.objects.filter(assessment__period=period)
        .exclude(metric_q("criterion__"))
        .annotate(excluded=Exists(excluded), has_evidence=Exists(has_evidence))
        .filter(excluded=False)
        .values("assessment_id")
        .annotate(
            total=Count("pk"),
            scored=Count("pk", filter=Q(self_points__isnull=False)),
            lacking_evidence=Count(
                "pk", filter=Q(criterion__evidence_required=True, no_evidence_reason="", has_evidence=False)
            ),
        )
        .order_by()
    )
    return {row["assessment_id"]: {k: row[k] for k in ("total", "scored", "lacking_evidence")} for row in rows}


def criterion_get_for_user(*, user: Any, pk: Any) -> Criterion:
    """A node of a criteria set; like the sets, readable by every signed-in user."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    try:
        return Criterion.objects.select_related("criteria_set__group", "parent").get(pk=_int(pk))
    except Criterion.DoesNotExist as exc:
        raise Http404 from exc


def exclusion_get_for_user(*, user: Any, pk: Any) -> CriterionExclusion:
    """A not-applicable mark (criterion × unit); readable by every signed-in user."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    try:
        return CriterionExclusion.objects.select_related("criterion__criteria_set__group", "unit").get(pk=_int(pk))
    except CriterionExclusion.DoesNotExist as exc:
        raise Http404 from exc
