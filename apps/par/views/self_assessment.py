"""A unit's self-assessment: the criteria tree, per-leaf scores saved as the user works (htmx),
evidence, submission by the head, return by the secretariat, and evidence files."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from apps.core.errors import ConflictError
from apps.org.permissions import can
from apps.par import selectors
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
from apps.par.forms_periods import ReturnForm, UploadForm
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
from apps.par.services import assessments as assessment_services
from apps.par.services.evidence import ALLOWED_TYPES, INLINE_TYPES, download_name, evidence_upload
from apps.par.services.results import period_caps

# How each scoring method is entered by the unit.
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


def _load(assessment: Assessment, user: Any, overrides: dict[int, Override] | None = None) -> Page:
    """Everything the page shows, in a fixed number of queries whatever the number of criteria."""
    period = assessment.period
    overrides = overrides or {}
    nodes = list(Criterion.objects.filter(criteria_set_id=period.criteria_set_id).order_by("sort_order", "code"))
    scores = {
        s.criterion_id: s for s in Score.objects.filter(assessment=assessment).prefetch_related("evidence").order_by()
    }
    if not selectors.assessment_detail_visible(user=user, assessment=assessment):
        selectors.assessment_redact(assessment, scores.values())  # points per criterion and totals only
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
        library = list(selectors.evidence_library_for_user(user=user, unit_id=assessment.unit_id, year=period.year))
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
        "missing": assessment_services.missing_items(assessment) if assessment.status == AssessmentStatus.DRAFT else [],
    }


def _explanation_url(request: HttpRequest, assessment: Assessment) -> str | None:
    if assessment.status != AssessmentStatus.EXPLANATION_REQUESTED:
        return None
    if not can(request.user, ParAction.EXPLAIN, assessment):
        return None
    try:
        return reverse("par:explanation_form", args=[assessment.pk])
    except NoReverseMatch:
        return None


def _render_page(
    request: HttpRequest,
    assessment: Assessment,
    *,
    status: int = 200,
    overrides: dict[int, Override] | None = None,
    page_error: str = "",
    return_form: ReturnForm | None = None,
) -> HttpResponse:
    page = _load(assessment, request.user, overrides)
    return render(
        request,
        "par/self/assessment_detail.html",
        {
            "assessment": assessment,
            "period": assessment.period,
            "page": page,
            "totals": page.totals,
            "page_error": page_error,
            "can_submit": assessment.status == AssessmentStatus.DRAFT
            and can(request.user, ParAction.SUBMIT, assessment),
            "can_return": assessment.status == AssessmentStatus.SUBMITTED
            and can(request.user, ParAction.RETURN, assessment),
            "return_form": return_form or ReturnForm(),
            "explanation_url": _explanation_url(request, assessment),
        },
        status=status,
    )


@require_safe
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk)
    return _render_page(request, assessment)


# --- Saving a leaf ------------------------------------------------------------------------------


def _leaf_answer(
    request: HttpRequest, score: Score, *, status: int = 200, override: Override | None = None
) -> HttpResponse:
    """htmx: the leaf fragment and the running totals (out of band). Plain post: the page on
    error, else back to the leaf."""
    assessment = score.assessment
    overrides = {score.pk: override} if override else None
    if not request.htmx:  # type: ignore[attr-defined]
        if status >= 400:
            return _render_page(request, assessment, status=status, overrides=overrides)
        return redirect(reverse("par:assessment_detail", args=[assessment.pk]) + f"#leaf-{score.pk}")
    page = _load(assessment, request.user, overrides)
    leaf = page.leaves.get(score.pk)
    if leaf is None:
        raise Http404
    context = {"leaf": leaf, "page": page, "assessment": assessment}
    html = render_to_string("par/self/_leaf.html", context, request=request)
    html += render_to_string(
        "par/self/_totals.html", {"totals": page.totals, "assessment": assessment, "oob": True}, request=request
    )
    return HttpResponse(html, status=status)


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    try:
        return int(raw) if raw else None
    except ValueError:
        return -1  # never matches: a garbled version is treated as stale


def _posted_value(kind: str, raw: str | None) -> str | None:
    """The form's value as the service expects it (percent inputs become a ratio)."""
    if raw is None:
        return None
    raw = raw.strip()
    if kind != "percent" or not raw:
        return raw
    try:
        return str(Decimal(raw.replace(",", ".")) / HUNDRED)
    except InvalidOperation:
        return raw  # the service refuses it with its message


@require_POST
def score_save(request: HttpRequest, pk: int) -> HttpResponse:
    score = selectors.score_get_for_user(user=request.user, pk=pk, action=ParAction.EDIT_SELF)
    kind = INPUT_KINDS.get(str(score.criterion.method.get("type", "")), "none")
    value, note, reason = (request.POST.get(name) for name in ("value", "note", "no_evidence_reason"))
    typed = Override(value=value, note=note, reason=reason)
    try:
        assessment_services.score_self_update(
            actor=request.user,
            score=score,
            version=_version(request),
            value=_posted_value(kind, value),
            note=note,
            no_evidence_reason=reason,
        )
    except ConflictError as exc:
        typed.conflict = str(exc)
        return _leaf_answer(request, score, status=409, override=typed)
    except ValidationError as exc:
        typed.error = " ".join(exc.messages)
        return _leaf_answer(request, score, status=400, override=typed)
    return _leaf_answer(request, score)


@require_POST
def score_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a document of the unit's library to a leaf, or detach one."""
    score = selectors.score_get_for_user(user=request.user, pk=pk, action=ParAction.EDIT_SELF)
    assessment = score.assessment
    current = list(score.evidence.all())
    attach, detach = request.POST.get("attach", ""), request.POST.get("detach", "")
    if attach:
        library = selectors.evidence_library_for_user(
            user=request.user, unit_id=assessment.unit_id, year=assessment.period.year
        )
        doc = library.filter(pk=attach).first() if attach.isdigit() else None
        if doc is None:
            return _leaf_answer(request, score, status=400, override=Override(error=_("Choose a document.")))
        documents = [*current, doc] if doc not in current else current
    elif detach.isdigit():
        documents = [d for d in current if d.pk != int(detach)]
    else:
        return _leaf_answer(request, score, status=400, override=Override(error=_("Choose a document.")))
    try:
        assessment_services.score_evidence_set(
            actor=request.user, score=score, version=_version(request), evidence=documents
        )
    except ConflictError as exc:
        return _leaf_answer(request, score, status=409, override=Override(conflict=str(exc)))
    except ValidationError as exc:
        return _leaf_answer(request, score, status=400, override=Override(error=" ".join(exc.messages)))
    return _leaf_answer(request, score)


@require_POST
def score_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a file into the unit's library for the year and attach it to the leaf."""
    score = selectors.score_get_for_user(user=request.user, pk=pk, action=ParAction.EDIT_SELF)
    assessment = score.assessment
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _leaf_answer(request, score, status=400, override=Override(error=error))
    try:
        with transaction.atomic():
            doc = evidence_upload(
                actor=request.user,
                unit=assessment.unit,
                year=assessment.period.year,
                title=form.cleaned_data["title"],
                uploaded=form.cleaned_data["file"],
            )
            assessment_services.score_evidence_set(
                actor=request.user,
                score=score,
                version=form.cleaned_data["version"],
                evidence=[*score.evidence.all(), doc],
            )
    except ConflictError as exc:
        return _leaf_answer(request, score, status=409, override=Override(conflict=str(exc)))
    except ValidationError as exc:
        return _leaf_answer(request, score, status=400, override=Override(error=" ".join(exc.messages)))
    return _leaf_answer(request, score)


# --- Submit and return ------------------------------------------------------------------------


@require_POST
def assessment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk, action=ParAction.SUBMIT)
    try:
        assessment_services.assessment_submit(actor=request.user, assessment=assessment, version=_version(request))
    except ConflictError as exc:
        return _render_page(request, assessment, status=409, page_error=str(exc))
    except ValidationError as exc:
        return _render_page(request, assessment, status=400, page_error=" ".join(exc.messages))
    messages.success(request, _("The self-assessment has been submitted for appraisal."))
    return redirect("par:assessment_detail", pk=assessment.pk)


@require_POST
def assessment_return(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk, action=ParAction.RETURN)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _render_page(
            request, assessment, status=400, page_error=_("Say why the assessment is returned."), return_form=form
        )
    try:
        assessment_services.assessment_return(
            actor=request.user,
            assessment=assessment,
            version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
    except ConflictError as exc:
        return _render_page(request, assessment, status=409, page_error=str(exc), return_form=form)
    except ValidationError as exc:
        return _render_page(request, assessment, status=400, page_error=" ".join(exc.messages), return_form=form)
    messages.success(request, _("The assessment has been returned to the unit."))
    return redirect("par:assessment_detail", pk=assessment.pk)


# --- Evidence files ---------------------------------------------------------------------------


@require_safe
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    evidence = selectors.evidence_get_for_user(user=request.user, pk=pk)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=evidence.content_type if evidence.content_type in ALLOWED_TYPES else "application/octet-stream",
        as_attachment=evidence.content_type not in INLINE_TYPES,
        filename=download_name(evidence),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
