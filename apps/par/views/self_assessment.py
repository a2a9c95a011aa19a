"""A unit's self-assessment: the criteria tree, per-leaf scores saved as the user works (htmx),
evidence, submission by the head, return by the secretariat, and evidence files."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from apps.core.errors import ConflictError
from apps.core.web.forms import parse_decimal
from apps.org.permissions import can
from apps.par import selectors
from apps.par.engine import HUNDRED, parse_method
from apps.par.engine.methods import InputPreview, InputUnit, from_input, input_unit, preview
from apps.par.forms.periods import ReturnForm, UploadForm
from apps.par.models import (
    Assessment,
    AssessmentStatus,
    Score,
)
from apps.par.permissions import ParAction, actor_of
from apps.par.services import assessments as assessment_services
from apps.par.services.evidence import evidence_upload
from apps.par.views._longform import mark_self_progress, self_areas


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
    overrides: dict[int, selectors.Override] | None = None,
    page_error: str = "",
    return_form: ReturnForm | None = None,
) -> HttpResponse:
    page = selectors.self_assessment_page(assessment, request.user, overrides)
    mark_self_progress(page.leaves, explaining=assessment.status == AssessmentStatus.EXPLANATION_REQUESTED)
    areas = self_areas(page.items)
    return render(
        request,
        "par/self/assessment_detail.html",
        {
            "assessment": assessment,
            "period": assessment.period,
            "page": page,
            "areas": areas,
            "done": sum(area.done for area in areas),
            "total": sum(area.total for area in areas),
            "to_explain": sum(len(area.to_explain) for area in areas),
            "report_url": reverse("par:assessment_report_docx", args=[assessment.pk]),
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
    request: HttpRequest, score: Score, *, status: int = 200, override: selectors.Override | None = None
) -> HttpResponse:
    """htmx: the leaf fragment and the running totals (out of band). Plain post: the page on
    error, else back to the leaf."""
    assessment = score.assessment
    overrides = {score.pk: override} if override else None
    if not request.htmx:  # type: ignore[attr-defined]
        if status >= 400:
            return _render_page(request, assessment, status=status, overrides=overrides)
        return redirect(reverse("par:assessment_detail", args=[assessment.pk]) + f"#leaf-{score.pk}")
    page = selectors.self_assessment_page(assessment, request.user, overrides)
    mark_self_progress(page.leaves)
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


# The service's refusals that are about the value typed (shown under the value field).
VALUE_ERROR_CODES = frozenset({"out_of_range", "invalid"})


def typed_number(method: Any, raw: str | None) -> Decimal | None:
    """What the scorer typed, read with the one decimal parser ("0,95", "1.234,5", "95 %");
    None when blank. Raises ValueError with a Vietnamese message."""
    text = (raw or "").strip()
    if input_unit(method) == InputUnit.PERCENT:
        text = text.removesuffix("%").strip()
    return parse_decimal(text)


def _posted_value(method: Any, raw: str | None) -> Decimal | str | None:
    """The form's value as the service expects it: the method's own value (95 % → 0.95), "" to
    clear, None when the field was not sent. Raises ValueError on something not a number."""
    if raw is None:
        return None
    number = typed_number(method, raw)
    return "" if number is None else from_input(method, number)


@require_POST
def score_save(request: HttpRequest, pk: int) -> HttpResponse:
    score = selectors.score_get_for_user(user=request.user, pk=pk, action=ParAction.EDIT_SELF)
    method = parse_method(score.criterion.method)
    value, note, reason = (request.POST.get(name) for name in ("value", "note", "no_evidence_reason"))
    typed = selectors.Override(value=value, note=note, reason=reason, attempted=True)
    try:
        posted = _posted_value(method, value)
    except ValueError as exc:
        typed.error, typed.error_field = str(exc), "value"
        return _leaf_answer(request, score, status=400, override=typed)
    try:
        assessment_services.score_self_update(
            actor=actor_of(request),
            score=score,
            version=_version(request),
            value=posted,
            note=note,
            no_evidence_reason=reason,
        )
    except ConflictError as exc:
        typed.conflict = str(exc)
        return _leaf_answer(request, score, status=409, override=typed)
    except ValidationError as exc:
        typed.error = " ".join(exc.messages)
        typed.error_field = "value" if getattr(exc, "code", None) in VALUE_ERROR_CODES else ""
        return _leaf_answer(request, score, status=400, override=typed)
    return _leaf_answer(request, score, override=selectors.Override(attempted=True))


@require_safe
def score_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx, as the scorer types: the points the typed value would give, from the engine, or why
    it would be refused. Nothing is saved."""
    score = selectors.score_get_for_user(user=request.user, pk=pk, action=ParAction.EDIT_SELF)
    criterion = score.criterion
    method = parse_method(criterion.method)
    context: dict[str, Any] = {"score": score, "maximum": criterion.max_points}
    try:
        typed = typed_number(method, request.GET.get("value"))
    except ValueError as exc:
        context["preview"] = InputPreview(points=None, problem=str(exc))
    else:
        context["preview"] = preview(method, criterion.max_points, typed)
        if typed is not None:
            context["as_percent"] = typed * HUNDRED
            context["typed"] = typed
    return render(request, "par/self/_preview.html", context)


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
            return _leaf_answer(request, score, status=400, override=selectors.Override(error=_("Choose a document.")))
        documents = [*current, doc] if doc not in current else current
    elif detach.isdigit():
        documents = [d for d in current if d.pk != int(detach)]
    else:
        return _leaf_answer(request, score, status=400, override=selectors.Override(error=_("Choose a document.")))
    try:
        assessment_services.score_evidence_set(
            actor=actor_of(request), score=score, version=_version(request), evidence=documents
        )
    except ConflictError as exc:
        return _leaf_answer(request, score, status=409, override=selectors.Override(conflict=str(exc)))
    except ValidationError as exc:
        return _leaf_answer(request, score, status=400, override=selectors.Override(error=" ".join(exc.messages)))
    return _leaf_answer(request, score)


@require_POST
def score_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a file into the unit's library for the year and attach it to the leaf."""
    score = selectors.score_get_for_user(user=request.user, pk=pk, action=ParAction.EDIT_SELF)
    assessment = score.assessment
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _leaf_answer(request, score, status=400, override=selectors.Override(error=error))
    try:
        with transaction.atomic():
            doc = evidence_upload(
                actor=actor_of(request),
                unit=assessment.unit,
                year=assessment.period.year,
                title=form.cleaned_data["title"],
                uploaded=form.cleaned_data["file"],
            )
            assessment_services.score_evidence_set(
                actor=actor_of(request),
                score=score,
                version=form.cleaned_data["version"],
                evidence=[*score.evidence.all(), doc],
            )
    except ConflictError as exc:
        return _leaf_answer(request, score, status=409, override=selectors.Override(conflict=str(exc)))
    except ValidationError as exc:
        return _leaf_answer(request, score, status=400, override=selectors.Override(error=" ".join(exc.messages)))
    return _leaf_answer(request, score)


# --- Submit and return ------------------------------------------------------------------------


@require_POST
def assessment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk, action=ParAction.SUBMIT)
    try:
        assessment_services.assessment_submit(actor=actor_of(request), assessment=assessment, version=_version(request))
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
            actor=actor_of(request),
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


# The evidence download has its own module (views/evidence.py, as services/evidence.py); the
# URLconf reaches it through this one.
from apps.par.views.evidence import evidence_file  # noqa: E402

__all__ = [
    "assessment_detail",
    "assessment_return",
    "assessment_submit",
    "evidence_file",
    "score_evidence",
    "score_preview",
    "score_save",
    "score_upload",
]
