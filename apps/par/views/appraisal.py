"""Appraisal in two rounds, the unit's explanation, finalising and publishing.

Pages fetch through the access helpers of apps.par.selectors; every write goes through a
service of apps.par.services; a refused write answers 400 with the service's message, a stale
one 409 with the current value and who changed it.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from apps.core.errors import ConflictError
from apps.org.permissions import can
from apps.par import selectors
from apps.par.forms.appraisal import AppraiseForm, RequestExplanationForm, VersionForm
from apps.par.models import (
    Assessment,
    AssessmentStatus,
    Criterion,
    Score,
)
from apps.par.permissions import ParAction, actor_of
from apps.par.selectors import assessment_get_for_user, score_get_for_user
from apps.par.selectors.figures import assessment_figures, round_preview
from apps.par.services import assessments as svc
from apps.par.services.appraisal import scores_accept_remaining
from apps.par.views._appraisal_common import (
    Conflict,
    Leaf,
    _form_error,
    _leaf,
    _messages_of,
    _require_appraiser,
    round_state,
)
from apps.par.views._longform import appraisal_areas

S = AssessmentStatus

# --- Appraiser queue ---------------------------------------------------------------------------


@require_safe
def appraisal_queue(request: HttpRequest) -> HttpResponse:
    """Assessments awaiting appraisal in open periods, with the round and how far it has got."""
    _require_appraiser(request.user)
    queue = selectors.appraisal_queue()
    periods = selectors.open_periods() if can(request.user, ParAction.FINALISE) else []
    return render(request, "par/appraisal/queue.html", {"queue": queue, "periods": periods})


# --- Appraisal page and its leaf fragments ----------------------------------------------------


# ?show=… on the appraisal page; the leaves carry the matching data-par-* flag and CSS hides the others.
FILTERS = ("unappraised", "adjusted", "noevidence")


def _detail_context(assessment: Assessment, show: str = "") -> dict[str, Any]:
    state = round_state(assessment)
    nodes = selectors.appraisal_outline(assessment=assessment)
    excluded = selectors.excluded_criterion_ids(assessment=assessment)
    grouped: dict[int | None, tuple[Criterion | None, list[Leaf]]] = {}
    for score in selectors.appraisal_scores(assessment=assessment):
        top = nodes.get(score.criterion_id)
        while top is not None and top.parent_id is not None:
            top = nodes.get(top.parent_id)
        key = top.pk if top is not None else None
        grouped.setdefault(key, (top, []))[1].append(_leaf(score, state, excluded))
    areas = appraisal_areas(list(grouped.values()))
    leaves = [leaf for area in areas for leaf in area.items]
    return {
        "assessment": assessment,
        "state": state,
        "areas": areas,
        "open_leaves": sum(1 for leaf in leaves if leaf.editable),
        "flagged": sum(1 for leaf in leaves if leaf.score.explanation_requested),
        "figures": assessment_figures(assessment),
        "preview": round_preview(assessment, state.round),
        "done": sum(area.done for area in areas),
        "total": sum(area.total for area in areas),
        "acceptable": sum(area.acceptable for area in areas) if state.open else 0,
        "show": show if show in FILTERS else "",
    }


def _render_detail(request: HttpRequest, assessment: Assessment, *, error: str = "", status: int = 200) -> HttpResponse:
    context = _detail_context(assessment, request.GET.get("show", ""))
    context["can_finalise"] = can(request.user, ParAction.FINALISE)
    context["error"] = error
    return render(request, "par/appraisal/detail.html", context, status=status)


@require_safe
def appraisal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Each leaf criterion: the unit's score and evidence beside the appraisal of the current round."""
    assessment = assessment_get_for_user(user=request.user, pk=pk, action=ParAction.APPRAISE)
    return _render_detail(request, assessment)


def _render_leaf(request: HttpRequest, score: Score, *, status: int = 200, **extra: Any) -> HttpResponse:
    fresh = selectors.appraisal_scores(assessment=score.assessment).get(pk=score.pk)
    fresh.assessment = score.assessment
    excluded = selectors.excluded_criterion_ids(assessment=score.assessment)
    leaf = _leaf(fresh, round_state(score.assessment), excluded, **extra)
    return render(request, "par/appraisal/_leaf.html", {"leaf": leaf, "assessment": score.assessment}, status=status)


def _conflict(score: Score) -> Conflict:
    current, event = selectors.score_last_change(score=score)
    who = ""
    if event is not None:
        who = (event.actor.get_full_name() if event.actor else "") or event.actor_label
    round_no = round_state(score.assessment).round
    points = current.round2_points if round_no == 2 else current.round1_points
    reason = current.round2_reason if round_no == 2 else current.round1_reason
    return Conflict(points=points, reason=reason, changed_by=who, changed_at=current.updated_at)


ScoreAction = Callable[[Score, dict[str, Any]], Any]


def _score_write(request: HttpRequest, pk: int, form_class: type[VersionForm], action: ScoreAction) -> HttpResponse:
    score = score_get_for_user(user=request.user, pk=pk, action=ParAction.APPRAISE)
    posted = {key: request.POST[key] for key in ("points", "reason", "note") if key in request.POST}
    form = form_class(request.POST)
    if not form.is_valid():
        return _render_leaf(request, score, status=400, error=_form_error(form), posted=posted)
    if score.criterion_id in selectors.excluded_criterion_ids(assessment=score.assessment):
        return _render_leaf(
            request, score, status=400, error=_("This criterion does not apply to the unit."), posted=posted
        )
    try:
        action(score, form.cleaned_data)
    except ConflictError as exc:
        return _render_leaf(request, score, status=409, error=str(exc), posted=posted, conflict=_conflict(score))
    except ValidationError as exc:
        return _render_leaf(request, score, status=400, error=_messages_of(exc), posted=posted)
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect(f"{reverse('par:appraisal_detail', args=[score.assessment_id])}#leaf-{score.pk}")
    return _render_leaf(request, score, saved=True)


@require_POST
def score_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the unit's own score as the appraised score of the current round."""

    def act(score: Score, data: dict[str, Any]) -> Any:
        return svc.score_appraise(
            actor=actor_of(request), score=score, version=data["version"], points=None, accept=True
        )

    return _score_write(request, pk, VersionForm, act)


@require_POST
def score_appraise(request: HttpRequest, pk: int) -> HttpResponse:
    """A different score, with its reason."""

    def act(score: Score, data: dict[str, Any]) -> Any:
        return svc.score_appraise(
            actor=actor_of(request), score=score, version=data["version"], points=data["points"], reason=data["reason"]
        )

    return _score_write(request, pk, AppraiseForm, act)


@require_POST
def score_request_explanation(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the unit to explain this criterion (first round), or withdraw the request."""

    def act(score: Score, data: dict[str, Any]) -> Any:
        return svc.score_request_explanation(
            actor=actor_of(request),
            score=score,
            version=data["version"],
            note=data["note"],
            requested=not data["withdraw"],
        )

    return _score_write(request, pk, RequestExplanationForm, act)


@require_POST
def appraisal_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the current round: to explanation or appraised after round 1, appraised after round 2."""
    assessment = assessment_get_for_user(user=request.user, pk=pk, action=ParAction.APPRAISE)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, assessment, error=_form_error(form), status=400)
    try:
        concluded = svc.appraisal_conclude(
            actor=actor_of(request), assessment=assessment, version=form.cleaned_data["version"]
        )
    except ConflictError as exc:
        assessment.refresh_from_db()
        return _render_detail(request, assessment, error=str(exc), status=409)
    except ValidationError as exc:
        return _render_detail(request, assessment, error=_messages_of(exc), status=400)
    if concluded.status == S.EXPLANATION_REQUESTED:
        deadline = date_format(assessment.period.explanation_deadline, "SHORT_DATE_FORMAT")
        messages.success(
            request,
            _("First appraisal of %(unit)s concluded; the unit is asked to explain by %(date)s.")
            % {"unit": assessment.unit, "date": deadline},
        )
    else:
        messages.success(request, _("Appraisal of %(unit)s concluded.") % {"unit": assessment.unit})
    return redirect("par:appraisal_queue")


@require_POST
def appraisal_accept_remaining(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept the unit's score on every criterion of the current round not yet appraised, in one
    area (`area`: a top-level criterion) or in the whole assessment; each score audited as a single accept."""
    assessment = assessment_get_for_user(user=request.user, pk=pk, action=ParAction.APPRAISE)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, assessment, error=_form_error(form), status=400)
    area = None
    raw_area = request.POST.get("area", "")
    if raw_area:
        area = selectors.appraisal_area(assessment=assessment, pk=raw_area)
        if area is None:
            return _render_detail(
                request, assessment, error=_("Choose an area of this assessment's criteria."), status=400
            )
    try:
        accepted = scores_accept_remaining(
            actor=actor_of(request), assessment=assessment, version=form.cleaned_data["version"], area=area
        )
    except ConflictError as exc:
        assessment.refresh_from_db()
        return _render_detail(request, assessment, error=str(exc), status=409)
    except ValidationError as exc:
        return _render_detail(request, assessment, error=_messages_of(exc), status=400)
    count = len(accepted)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d score accepted as the unit gave it.",
                "%(count)d scores accepted as the unit gave them.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("Nothing was left to accept."))
    anchor = f"#area-{area.pk}" if area is not None else ""
    return redirect(reverse("par:appraisal_detail", args=[assessment.pk]) + anchor)


# The unit's explanation and the secretariat's finalising have their own modules; the URLconf
# reaches them through this one.
from apps.par.views.explanation import explanation_form  # noqa: E402
from apps.par.views.finalise import (  # noqa: E402
    assessment_finalise,
    assessment_finalise_confirm,
    period_finalise,
    period_finalise_all,
    period_publish,
)

__all__ = [
    "appraisal_accept_remaining",
    "appraisal_conclude",
    "appraisal_detail",
    "appraisal_queue",
    "assessment_finalise",
    "assessment_finalise_confirm",
    "explanation_form",
    "period_finalise",
    "period_finalise_all",
    "period_publish",
    "score_accept",
    "score_appraise",
    "score_request_explanation",
]
