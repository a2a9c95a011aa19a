"""Reads of PAR data, scoped to the user. Views and API handlers fetch objects only through these."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from apps.org.permissions import can, own_unit_ids, require, scope
from apps.par.engine import (
    HUNDRED,
    FromMetric,
    Node,
    Totals,
    assessment_totals,
    clamp,
    parse_method,
    points_for,
    quantize,
    roll_up,
)
from apps.par.models import (
    Assessment,
    AssessmentStatus,
    CriteriaSet,
    Criterion,
    CriterionExclusion,
    Evidence,
    MeasuredValue,
    PeriodStatus,
    Score,
    ScoringPeriod,
    metric_q,
)
from apps.par.permissions import ParAction
from apps.par.services.assessments import missing_items
from apps.par.services.results import period_caps


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


# --- the self-assessment page --------------------------------------------------------------------


INPUT_KINDS = {
    "manual": "points",
    "done": "done",
    "tiers": "percent",
    "proportional": "percent",
    "deduction": "count",
    "metric": "metric",
}
APPRAISAL_SHOWN = {
    AssessmentStatus.EXPLANATION_REQUESTED,
    AssessmentStatus.EXPLAINED,
    AssessmentStatus.APPRAISED,
    AssessmentStatus.FINALISED,
}


@dataclass
class Override:
    """What the user typed into one leaf, kept when a save is refused (400) or stale (409)."""

    value: str | None = None
    note: str | None = None
    reason: str | None = None
    error: str = ""
    conflict: str = ""


@dataclass
class Page:
    assessment: Assessment
    items: list[dict[str, Any]] = field(default_factory=list)
    leaves: dict[int, dict[str, Any]] = field(default_factory=dict)  # by score pk
    totals: dict[str, Any] = field(default_factory=dict)
    editable: bool = False


def _plain(number: Decimal | None) -> str:
    """A decimal as an input value: no exponent, no trailing zeros."""
    if number is None:
        return ""
    text = format(number.normalize(), "f")
    return text


def _input_value(kind: str, value: Decimal | None) -> str:
    if value is None:
        return ""
    if kind == "percent":
        return _plain(quantize(value * HUNDRED))
    if kind == "done":
        return "1" if value > 0 else "0"
    return _plain(value)


def self_assessment_page(assessment: Assessment, user: Any, overrides: dict[int, Override] | None = None) -> Page:
    """Everything the page shows, in a fixed number of queries whatever the number of criteria."""
    period = assessment.period
    overrides = overrides or {}
    nodes = list(Criterion.objects.filter(criteria_set_id=period.criteria_set_id).order_by("sort_order", "code"))
    scores = {
        s.criterion_id: s for s in Score.objects.filter(assessment=assessment).prefetch_related("evidence").order_by()
    }
    if not assessment_detail_visible(user=user, assessment=assessment):
        assessment_redact(assessment, scores.values())  # points per criterion and totals only
    exclusions = dict(
        CriterionExclusion.objects.filter(
            criterion__criteria_set_id=period.criteria_set_id, unit_id=assessment.unit_id
        ).values_list("criterion_id", "reason")
    )
    measured = dict(
        MeasuredValue.objects.filter(period=period, unit_id=assessment.unit_id).values_list("metric", "value")
    )
    editable = (
        assessment.status == AssessmentStatus.DRAFT
        and period.status == PeriodStatus.OPEN
        and can(user, ParAction.EDIT_SELF, assessment)
    )
    library: list[Evidence] = []
    if editable:
        library = list(evidence_library_for_user(user=user, unit_id=assessment.unit_id, year=period.year))
    show_appraisal = assessment.status in APPRAISAL_SHOWN

    children: dict[int | None, list[Criterion]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    leaf_points: dict[int, Decimal] = {}
    page = Page(assessment=assessment, editable=editable)

    for node in nodes:
        if node.pk in children:
            continue
        score = scores.get(node.pk)
        method = parse_method(node.method)
        kind = INPUT_KINDS.get(getattr(method, "type", ""), "none")
        measured_value = measured.get(method.metric) if isinstance(method, FromMetric) else None
        if isinstance(method, FromMetric):
            points = points_for(method, node.max_points, measured_value) if measured_value is not None else None
        else:
            points = score.self_points if score else None
        if points is not None:
            leaf_points[node.pk] = clamp(points, node.max_points)
        if score is None:
            continue
        attached = list(score.evidence.all())
        attached_ids = {doc.pk for doc in attached}
        override = overrides.get(score.pk, Override())
        leaf = {
            "score": score,
            "criterion": node,
            "kind": kind,
            "step": _plain(getattr(method, "step", Decimal("1"))) if kind == "points" else "1",
            "points": points,
            "value": override.value if override.value is not None else _input_value(kind, score.self_value),
            "note": override.note if override.note is not None else score.self_note,
            "reason": override.reason if override.reason is not None else score.no_evidence_reason,
            "error": override.error,
            "conflict": override.conflict,
            "theirs": _input_value(kind, score.self_value) if override.conflict else None,
            "excluded_reason": exclusions.get(node.pk),
            "metric": getattr(method, "metric", ""),
            "measured_value": measured_value,
            "evidence": attached,
            "library": [doc for doc in library if doc.pk not in attached_ids],
            "editable": editable and kind not in ("metric", "none") and node.pk not in exclusions,
            "lacks_evidence": node.evidence_required and not attached and not score.no_evidence_reason,
            "show_appraisal": show_appraisal,
        }
        page.leaves[score.pk] = leaf

    totals = roll_up([Node(n.pk, n.parent_id, n.max_points, n.kind) for n in nodes], leaf_points, exclusions.keys())
    by_criterion = {leaf["criterion"].pk: leaf for leaf in page.leaves.values()}

    def visit(node: Criterion) -> None:
        is_leaf = node.pk not in children
        page.items.append(
            {
                "node": node,
                "indent": min(node.depth - 1, 4),
                "is_leaf": is_leaf,
                "leaf": by_criterion.get(node.pk) if is_leaf else None,
                "points": totals.points.get(node.pk),
                "max": totals.maxima.get(node.pk),
                "excluded_reason": exclusions.get(node.pk),
            }
        )
        for child in children.get(node.pk, []):
            visit(child)

    for root in children.get(None, []):
        visit(root)
    page.totals = _totals(assessment, children.get(None, []), totals)
    return page


def _totals(assessment: Assessment, roots: list[Criterion], totals: Totals) -> dict[str, Any]:
    """The running total as the engine computes it, without the survey (the page says so)."""
    summed = assessment_totals(
        [Node(r.pk, r.parent_id, r.max_points, r.kind) for r in roots],
        totals,
        period_caps(assessment.period),
        with_survey=False,
    )
    return {
        "points": summed.points,
        "bonus": summed.bonus,
        "penalty": summed.penalty,
        "total": summed.total,
        "max": summed.maximum,
        "index": summed.index,
        "with_survey": summed.with_survey,
        "missing": missing_items(assessment) if assessment.status == AssessmentStatus.DRAFT else [],
    }
