"""The unit's one explanation to the appraisers, per flagged criterion, before the deadline."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.core.errors import ConflictError
from apps.par.forms.appraisal import ExplanationForm
from apps.par.models import (
    Assessment,
    AssessmentStatus,
    PeriodStatus,
)
from apps.par.permissions import ParAction, actor_of
from apps.par.selectors import appraisal_scores, assessment_get_for_user
from apps.par.services import assessments as svc
from apps.par.services.evidence import check_upload, evidence_upload
from apps.par.views._appraisal_common import RoundState, _form_error, _leaf, _messages_of

S = AssessmentStatus

# --- The unit's explanation ---------------------------------------------------------------------


def _explanation_closed(assessment: Assessment) -> str:
    """Why the explanation form is closed, or "" when the unit may answer now."""
    if assessment.period.status == PeriodStatus.PUBLISHED:
        return _("The period is published; results are read-only.")
    if assessment.explained_at is not None and assessment.status != S.EXPLANATION_REQUESTED:
        return _("Your unit has already explained; an explanation is given once.")
    if assessment.status != S.EXPLANATION_REQUESTED:
        return _("There is no open explanation request for this assessment.")
    if timezone.localdate() > assessment.period.explanation_deadline:
        return _("The explanation deadline (%(date)s) has passed; the form is closed.") % {
            "date": date_format(assessment.period.explanation_deadline, "SHORT_DATE_FORMAT")
        }
    return ""


def _render_explanation(
    request: HttpRequest, assessment: Assessment, form: ExplanationForm | None, *, error: str = "", status: int = 200
) -> HttpResponse:
    scores = list(appraisal_scores(assessment=assessment).filter(explanation_requested=True))
    closed = _explanation_closed(assessment)
    if form is None or closed:
        form = ExplanationForm(scores=scores, initial={"version": assessment.version})
    else:
        form.scores = scores
    rows = [
        (leaf, form[f"answer_{leaf.score.pk}"], form[f"files_{leaf.score.pk}"])
        for leaf in (_leaf(s, RoundState(None), set()) for s in scores)
    ]
    context = {"assessment": assessment, "form": form, "rows": rows, "closed": closed, "error": error}
    return render(request, "par/appraisal/explanation.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def explanation_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit answers the appraisers once, with a text and files per criterion, before the deadline."""
    assessment = assessment_get_for_user(user=request.user, pk=pk, action=ParAction.EXPLAIN)
    if request.method != "POST":
        return _render_explanation(request, assessment, None)
    scores = list(assessment.scores.filter(explanation_requested=True).select_related("criterion"))
    form = ExplanationForm(request.POST, request.FILES, scores=scores)
    closed = _explanation_closed(assessment)
    if closed:
        return _render_explanation(request, assessment, form, error=closed, status=400)
    if not form.is_valid():
        return _render_explanation(request, assessment, form, error=_form_error(form), status=400)
    if form.cleaned_data["version"] != assessment.version:
        return _render_explanation(
            request,
            assessment,
            form,
            error=_("Someone else changed this assessment in the meantime. Reload the page and try again."),
            status=409,
        )
    by_pk = {s.pk: s for s in scores}
    uploads = form.uploads()
    try:
        for score_pk, files in uploads.items():  # check every file before storing any
            for uploaded in files:
                try:
                    check_upload(uploaded)
                except ValidationError as exc:
                    raise ValidationError(f"{by_pk[score_pk].criterion.code}: {_messages_of(exc)}") from exc
        with transaction.atomic():
            documents = {
                score_pk: [
                    evidence_upload(
                        actor=actor_of(request),
                        unit=assessment.unit,
                        year=assessment.period.year,
                        title=_("Explanation %(code)s: %(name)s")
                        % {"code": by_pk[score_pk].criterion.code, "name": uploaded.name},
                        uploaded=uploaded,
                    )
                    for uploaded in files
                ]
                for score_pk, files in uploads.items()
                if files
            }
            svc.explanation_submit(
                actor=actor_of(request),
                assessment=assessment,
                version=form.cleaned_data["version"],
                answers=form.answers(),
                files=documents,
            )
    except ConflictError as exc:
        return _render_explanation(request, assessment, form, error=str(exc), status=409)
    except ValidationError as exc:
        return _render_explanation(request, assessment, form, error=_messages_of(exc), status=400)
    messages.success(request, _("Your explanation has been sent to the appraisers."))
    return redirect("par:explanation_form", pk=assessment.pk)
