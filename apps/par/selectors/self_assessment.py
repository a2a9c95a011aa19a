"""The self-assessment page as one read: the tree, each leaf's input, the running totals."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from apps.core.web.forms import typed_number
from apps.org.permissions import can
from apps.par.engine import (
    FromMetric,
    Node,
    Totals,
    clamp,
    parse_method,
    points_for,
    quantize,
    roll_up,
)
from apps.par.engine.methods import InputPreview, InputUnit, input_unit, preview, to_input
from apps.par.metric_sources import MetricInfo, metric_catalogue
from apps.par.models import (
    Assessment,
    AssessmentStatus,
    Criterion,
    CriterionExclusion,
    Evidence,
    MeasuredValue,
    PeriodStatus,
    Score,
)
from apps.par.permissions import ParAction
from apps.par.selectors.access import assessment_detail_visible, assessment_redact, evidence_library_for_user
from apps.par.services.assessments import missing_items

# The page's input kind for each unit a method is typed in (apps.par.engine.methods.InputUnit).
KIND_OF_UNIT = {
    InputUnit.POINTS: "points",
    InputUnit.YES_NO: "done",
    InputUnit.PERCENT: "percent",
    InputUnit.RATIO: "ratio",
    InputUnit.COUNT: "count",
    InputUnit.MEASURED: "metric",
    InputUnit.NONE: "none",
}
# By method type, for a method stored without its unit (rates are then typed as percentages).
INPUT_KINDS = {
    "manual": "points",
    "done": "done",
    "tiers": "percent",
    "proportional": "percent",
    "deduction": "count",
    "metric": "metric",
}


def input_kind(method: Any) -> str:
    """How the page asks for a leaf's value: points, done, percent, ratio, count, metric or none."""
    return KIND_OF_UNIT[input_unit(method)]


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
    attempted: bool = False  # answered to a save: required fields still empty are marked now
    error_field: str = ""  # "value": the message goes under the value field


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


def input_value(method: Any, value: Decimal | None) -> str:
    """The stored value as the scorer types it, in the method's unit, with the decimal comma
    (0.95 of a percent method → "95"; of a ratio method → "0,95")."""
    if value is None:
        return ""
    if input_unit(method) == InputUnit.YES_NO:
        return "1" if value > 0 else "0"
    return typed_number(to_input(method, value))


def _saved_preview(method: Any, maximum: Decimal, value: Decimal | None) -> dict[str, Any]:
    """The preview under the field for the saved value: its points, and whether a percentage as
    small as 0,95 % was more likely meant as 95 % (the hint stays until the value changes)."""
    if value is None or input_unit(method) in (InputUnit.MEASURED, InputUnit.NONE):
        return {"preview": InputPreview(points=None)}
    typed = to_input(method, value)
    return {"preview": preview(method, maximum, typed), "typed": typed, "as_percent": typed * 100}


def _placeholder(kind: str) -> str:
    return {
        "percent": _("e.g. 95"),
        "ratio": _("e.g. 0,95"),
        "count": _("e.g. 2"),
    }.get(kind, "")


def _unit_help(method: Any, maximum: Decimal) -> str:
    """One line under the field saying how to type the value."""
    unit = input_unit(method)
    if unit == InputUnit.PERCENT:
        return _("A percentage: 95 means 95 %.")
    if unit == InputUnit.RATIO:
        return _("A ratio: 0,95 means 95 %.")
    if unit == InputUnit.COUNT:
        return _("A whole number.")
    if unit == InputUnit.POINTS:
        return _("From 0 to %(max)s, in steps of %(step)s.") % {
            "max": number_format(maximum.normalize(), use_l10n=True),
            "step": number_format(method.step.normalize(), use_l10n=True),
        }
    return ""


def _measured_shown(value: Decimal | None, info: MetricInfo | None) -> str:
    """A measured value as people read it: a ratio as a percentage (0.95 -> "95 %")."""
    if value is None:
        return ""
    if info is not None and info.unit == "ratio":
        return f"{number_format(quantize(value * 100), decimal_pos=2, use_l10n=True)} %"
    if info is not None and info.unit == "percent":
        return f"{number_format(quantize(value), decimal_pos=2, use_l10n=True)} %"
    return number_format(value.normalize(), use_l10n=True)


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
    metric_of = {m.key: m for m in metric_catalogue()}

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
        kind = input_kind(method)
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
            "value": override.value if override.value is not None else input_value(method, score.self_value),
            "note": override.note if override.note is not None else score.self_note,
            "reason": override.reason if override.reason is not None else score.no_evidence_reason,
            "error": override.error,
            "error_on_value": bool(override.error) and override.error_field == "value",
            "attempted": override.attempted,
            "placeholder": _placeholder(kind),
            "unit_help": _unit_help(method, node.max_points),
            **_saved_preview(method, node.max_points, score.self_value if not override.error else None),
            "conflict": override.conflict,
            "theirs": input_value(method, score.self_value) if override.conflict else None,
            "excluded_reason": exclusions.get(node.pk),
            "metric": getattr(method, "metric", ""),
            "metric_info": metric_of.get(getattr(method, "metric", "")),
            "measured_value": measured_value,
            "measured_shown": _measured_shown(measured_value, metric_of.get(getattr(method, "metric", ""))),
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
    """The assessment's figures at its stage (apps.par.selectors.figures), as every page shows them."""
    from apps.par.selectors.figures import assessment_figures

    figures = assessment_figures(assessment)
    return {
        "figures": figures,
        "stage": figures.stage,
        "points": figures.totals.points,
        "bonus": figures.totals.bonus,
        "penalty": figures.totals.penalty,
        "total": figures.total,
        "max": figures.maximum,
        "index": figures.index,
        "with_survey": figures.totals.with_survey,
        "missing": missing_items(assessment) if assessment.status == AssessmentStatus.DRAFT else [],
    }
