"""Finalising appraised assessments and publishing a period's results (the secretariat)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from apps.core.errors import ConflictError
from apps.org.permissions import require
from apps.par.forms.appraisal import PublishForm, VersionForm
from apps.par.models import (
    Assessment,
    AssessmentStatus,
    PeriodStatus,
    ScoringPeriod,
)
from apps.par.permissions import ParAction, actor_of
from apps.par.selectors import assessment_get_for_user, finalise_assessments, period_get_for_user
from apps.par.selectors.figures import assessment_figures, period_figures
from apps.par.services import assessments as svc
from apps.par.services.periods import period_publish as publish_service
from apps.par.views._appraisal_common import _form_error, _messages_of

S = AssessmentStatus

# --- Finalising and publishing -----------------------------------------------------------------


def _render_finalise(
    request: HttpRequest, period: ScoringPeriod, *, error: str = "", status: int = 200
) -> HttpResponse:
    assessments = finalise_assessments(period=period)
    figures = period_figures(period)
    counts: dict[str, int] = {}
    for a in assessments:
        a.figures = figures.get(a.pk)  # type: ignore[attr-defined]
        counts[a.status] = counts.get(a.status, 0) + 1
    context = {
        "period": period,
        "assessments": assessments,
        "appraised": counts.get(S.APPRAISED, 0),
        "finalised": counts.get(S.FINALISED, 0),
        "pending": len(assessments) - counts.get(S.FINALISED, 0),
        "published": period.status == PeriodStatus.PUBLISHED,
        "publish_form": PublishForm(initial={"version": period.version}),
        "error": error,
        "S": S,
    }
    return render(request, "par/appraisal/finalise.html", context, status=status)


def _finalise_period(request: HttpRequest, pk: int) -> ScoringPeriod:
    require(request.user, ParAction.FINALISE)
    return period_get_for_user(user=request.user, pk=pk)


@require_safe
def period_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat finalises appraised assessments and publishes the period."""
    return _render_finalise(request, _finalise_period(request, pk))


def _confirmed(request: HttpRequest) -> bool:
    """Finalising cannot be undone: the form must say it was confirmed (the confirmation step's button)."""
    return request.POST.get("confirm") == "yes"


def _render_confirm(
    request: HttpRequest, assessment: Assessment, *, error: str = "", status: int = 200
) -> HttpResponse:
    figures = assessment_figures(assessment) if assessment.status == S.APPRAISED else None
    context = {"assessment": assessment, "period": assessment.period, "error": error, "S": S, "figures": figures}
    return render(request, "par/appraisal/finalise_confirm.html", context, status=status)


@require_safe
def assessment_finalise_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation step before one assessment is finalised."""
    assessment = assessment_get_for_user(user=request.user, pk=pk, action=ParAction.FINALISE)
    return _render_confirm(request, assessment)


@require_POST
def assessment_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_get_for_user(user=request.user, pk=pk, action=ParAction.FINALISE)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _render_finalise(request, assessment.period, error=_form_error(form), status=400)
    if not _confirmed(request):
        error = _("Confirm the finalisation: it cannot be undone.")
        return _render_confirm(request, assessment, error=error, status=400)
    try:
        svc.assessment_finalise(actor=actor_of(request), assessment=assessment, version=form.cleaned_data["version"])
    except ConflictError as exc:
        return _render_finalise(request, assessment.period, error=str(exc), status=409)
    except ValidationError as exc:
        return _render_finalise(request, assessment.period, error=_messages_of(exc), status=400)
    messages.success(request, _("The assessment of %(unit)s is finalised.") % {"unit": assessment.unit})
    return redirect("par:period_finalise", pk=assessment.period_id)


@require_POST
def period_finalise_all(request: HttpRequest, pk: int) -> HttpResponse:
    period = _finalise_period(request, pk)
    if not _confirmed(request):
        error = _("Confirm the finalisation: it cannot be undone.")
        return _render_finalise(request, period, error=error, status=400)
    try:
        count = svc.assessments_finalise_appraised(actor=actor_of(request), period=period)
    except ValidationError as exc:
        return _render_finalise(request, period, error=_messages_of(exc), status=400)
    if count:
        messages.success(request, _("%(count)d assessment(s) finalised.") % {"count": count})
    else:
        messages.info(request, _("No appraised assessment was waiting to be finalised."))
    return redirect("par:period_finalise", pk=period.pk)


@require_POST
def period_publish(request: HttpRequest, pk: int) -> HttpResponse:
    period = _finalise_period(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _render_finalise(request, period, error=_form_error(form), status=400)
    try:
        publish_service(
            actor=actor_of(request),
            period=period,
            version=form.cleaned_data["version"],
            decision_reference=form.cleaned_data["decision_reference"],
        )
    except ConflictError as exc:
        return _render_finalise(request, period, error=str(exc), status=409)
    except ValidationError as exc:
        return _render_finalise(request, period, error=_messages_of(exc), status=400)
    messages.success(request, _("The results of %(period)s are published.") % {"period": period})
    return redirect("par:period_finalise", pk=period.pk)
