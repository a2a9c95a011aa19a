"""The PAR API: criteria sets, periods, assessments, the workflow, results.

Same permissions as the pages: every object comes through `apps.par.selectors` (scoped to the
caller: an assessment the caller may not see is a 404, one they may see but not act on a 403) and
every write calls the service in `apps.par.services`, which validates (400 with its message),
refuses stale versions (409) and writes the audit event. Operation ids are `par_<function>`.

Only `periods_results` is public: published results are readable without a token.
"""

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import AuthenticationError, HttpError

from apps.accounts.api_auth import TokenAuth
from apps.core.api_errors import error_responses
from apps.core.input_bounds import MAX_DB_INT
from apps.core.public import public_api_limited
from apps.org.permissions import require
from apps.org.schemas import UnitRef
from apps.par import selectors
from apps.par.models import Assessment, CriteriaSet, Criterion, Evidence, Score, ScoringPeriod
from apps.par.permissions import ParAction, actor_of
from apps.par.schemas import (
    AppraiseIn,
    AreaResultOut,
    AssessmentOut,
    AssessmentStateOut,
    CriteriaSetDetailOut,
    CriteriaSetOut,
    EvidenceSetIn,
    ExplanationIn,
    ExplanationRequestIn,
    PeriodOut,
    PeriodResultsOut,
    PublishIn,
    ReturnIn,
    ScoreOut,
    ScoreSelfIn,
    UnitResultOut,
    VersionIn,
)
from apps.par.services import assessments as assessment_services
from apps.par.services import periods as period_services
from apps.par.services._common import refuse

router = Router(tags=["par"])

READ = error_responses(401, 403, 404)
WRITE = error_responses(400, 401, 403, 404, 409, 422)


def _score_for(request: HttpRequest, score_id: int, action: ParAction) -> Score:
    return selectors.score_get_for_user(user=request.user, pk=score_id, action=action)


def _assessment_for(request: HttpRequest, assessment_id: int, action: ParAction) -> Assessment:
    return selectors.assessment_get_for_user(user=request.user, pk=assessment_id, action=action)


def _score_out(score: Score) -> Score:
    """The score as stored after a write, with what ScoreOut reads loaded in three queries."""
    return (
        Score.objects.select_related("criterion").prefetch_related("evidence", "explanation_evidence").get(pk=score.pk)
    )


def _assessment_out(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_related("unit").get(pk=assessment.pk)


def _library(*, user: Any, assessment: Assessment, ids: list[int]) -> list[Evidence]:
    """Documents of the unit's library for the period's year; an unknown id is a 400."""
    wanted = set(ids)
    if not wanted:
        return []
    if not all(0 < pk <= MAX_DB_INT for pk in wanted):  # no such document, and too large for a query
        refuse(_("Evidence must come from your unit's library for this year."))
    library = selectors.evidence_library_for_user(user=user, unit_id=assessment.unit_id, year=assessment.period.year)
    documents = list(library.filter(pk__in=wanted))
    if len(documents) != len(wanted):
        refuse(_("Evidence must come from your unit's library for this year."))
    return documents


# --- Criteria sets ----------------------------------------------------------------------------


@router.get(
    "/criteria-sets", response={200: list[CriteriaSetOut], **error_responses(401)}, summary="List criteria sets"
)
def criteria_sets_list(request: HttpRequest) -> QuerySet[CriteriaSet]:
    """Every criteria set, newest year first. Criteria are not secret to signed-in users."""
    return CriteriaSet.objects.select_related("group").order_by("-year", "group__name", "pk")


@router.get(
    "/criteria-sets/{int:set_id}",
    response={200: CriteriaSetDetailOut, **READ},
    summary="Get a criteria set with its nodes",
)
def criteria_sets_get(request: HttpRequest, set_id: int) -> CriteriaSet:
    """The set and all its nodes as a flat list in tree order (`parent_id` links them)."""
    criteria_set = selectors.criteria_set_get_for_user(user=request.user, pk=set_id)
    nodes = Criterion.objects.filter(criteria_set=criteria_set).order_by("sort_order", "code")
    prefetch_related_objects([criteria_set], Prefetch("nodes", queryset=nodes))
    return criteria_set


# --- Periods ----------------------------------------------------------------------------------


@router.get("/periods", response={200: list[PeriodOut], **error_responses(401)}, summary="List scoring periods")
def periods_list(request: HttpRequest) -> QuerySet[ScoringPeriod]:
    """Province-wide roles see every period; unit members the periods their units are scored in;
    everyone the published ones."""
    return selectors.period_list_for_user(user=request.user).order_by("-year", "group__name", "pk")


@router.get("/periods/{int:period_id}", response={200: PeriodOut, **READ}, summary="Get a scoring period")
def periods_get(request: HttpRequest, period_id: int) -> ScoringPeriod:
    return selectors.period_get_for_user(user=request.user, pk=period_id)


@router.post(
    "/periods/{int:period_id}/publish", response={200: PeriodOut, **WRITE}, summary="Publish a period's results"
)
def periods_publish(request: HttpRequest, period_id: int, payload: PublishIn) -> ScoringPeriod:
    """Every assessment must be finalised; the results then become read-only and public."""
    period = selectors.period_get_for_user(user=request.user, pk=period_id)
    require(request.user, ParAction.MANAGE)
    published = period_services.period_publish(
        actor=actor_of(request), period=period, version=payload.version, decision_reference=payload.decision_reference
    )
    return ScoringPeriod.objects.select_related("group").get(pk=published.pk)


def _results_caller(request: HttpRequest) -> Any:
    """The caller of the public results operation: a token's user, the session's user, or anonymous.

    A token that is sent but not valid is a 401 rather than a silent downgrade to anonymous."""
    if request.headers.get("Authorization"):
        user = TokenAuth()(request)
        if not user:
            raise AuthenticationError
        return user
    return request.user


@router.get(
    "/periods/{int:period_id}/results",
    response={200: PeriodResultsOut, **error_responses(401, 403, 404, 429)},
    summary="Results of a period (public once published)",
    auth=None,
)
def periods_results(request: HttpRequest, period_id: int) -> dict[str, Any]:
    """Per unit: self-assessed, appraised, measured, survey, bonus and penalty points, total, index,
    rank, band and the sub-index of each area, ranked.

    Anyone may read a published period without a token (rate-limited); unpublished results are
    for province-wide roles only and are a 404 to anonymous callers."""
    user = _results_caller(request)
    if not getattr(user, "is_authenticated", False):
        if public_api_limited(request):  # the public API's own bucket, apart from the public pages
            raise HttpError(429, _("Too many requests. Please wait a minute and try again."))
        period = selectors.published_period_get(pk=period_id)
    else:
        period = selectors.period_get_for_user(user=user, pk=period_id)
        require(user, ParAction.VIEW_RESULTS, period)
    return {"period": period, "results": _results_rows(period)}


def _decimal_or_none(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _results_rows(period: ScoringPeriod) -> list[UnitResultOut]:
    """Three queries whatever the number of units: the areas, the assessments with their results."""
    areas = list(
        Criterion.objects.filter(criteria_set_id=period.criteria_set_id, parent__isnull=True).order_by(
            "sort_order", "code"
        )
    )
    assessments = list(
        Assessment.objects.filter(period=period)
        .select_related("unit", "result")
        .order_by("unit__sort_order", "unit__name")
    )
    rows = []
    for assessment in assessments:
        result = getattr(assessment, "result", None)
        if result is None:
            continue  # not computed yet (a period with no recompute so far)
        figures = result.areas or {}
        rows.append(
            UnitResultOut(
                assessment_id=assessment.pk,
                unit=UnitRef(id=assessment.unit_id, name=assessment.unit.name),
                status=assessment.status,
                self_points=result.self_points,
                appraised_points=result.appraised_points,
                measured_points=result.measured_points,
                survey_points=result.survey_points,
                bonus_points=result.bonus_points,
                penalty_points=result.penalty_points,
                total_points=result.total_points,
                max_points=result.max_points,
                index=result.index,
                rank=result.rank,
                band=result.band,
                areas=[
                    AreaResultOut(
                        criterion_id=area.pk,
                        code=area.code,
                        name=area.name,
                        kind=area.kind,
                        points=Decimal(figures.get(str(area.pk), {}).get("points") or "0"),
                        max=Decimal(figures.get(str(area.pk), {}).get("max") or "0"),
                        index=_decimal_or_none(figures.get(str(area.pk), {}).get("index")),
                    )
                    for area in areas
                ],
            )
        )
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.unit.name))
    return rows


# --- Assessments ------------------------------------------------------------------------------


@router.get(
    "/assessments/{int:assessment_id}",
    response={200: AssessmentOut, **READ},
    summary="Get an assessment with its scores",
)
def assessments_get(request: HttpRequest, assessment_id: int) -> Assessment:
    """404 when the caller may not see it (another unit's unpublished assessment)."""
    assessment = _assessment_for(request, assessment_id, ParAction.VIEW_ASSESSMENT)
    scores = Score.objects.select_related("criterion").prefetch_related("evidence", "explanation_evidence")
    prefetch_related_objects(
        [assessment], Prefetch("scores", queryset=scores.order_by("criterion__sort_order", "criterion__code"))
    )
    if not selectors.assessment_detail_visible(user=request.user, assessment=assessment):
        selectors.assessment_redact(assessment, assessment.scores.all())
    return assessment


@router.patch("/scores/{int:score_id}", response={200: ScoreOut, **WRITE}, summary="Update a self-score")
def scores_update(request: HttpRequest, score_id: int, payload: ScoreSelfIn) -> Score:
    """The unit's own score, note and reason for missing evidence; only the fields sent change.
    Refused (400) once the assessment is submitted."""
    score = _score_for(request, score_id, ParAction.EDIT_SELF)
    sent = payload.model_fields_set
    value: Any = None
    if "value" in sent:
        value = "" if payload.value is None else payload.value
    updated = assessment_services.score_self_update(
        actor=actor_of(request),
        score=score,
        version=payload.version,
        value=value,
        note=payload.note,
        no_evidence_reason=payload.no_evidence_reason,
    )
    return _score_out(updated)


@router.put("/scores/{int:score_id}/evidence", response={200: ScoreOut, **WRITE}, summary="Set a score's evidence")
def scores_evidence_set(request: HttpRequest, score_id: int, payload: EvidenceSetIn) -> Score:
    """Replace the documents attached to a score by documents of the unit's library for the year."""
    score = _score_for(request, score_id, ParAction.EDIT_SELF)
    documents = _library(user=request.user, assessment=score.assessment, ids=payload.evidence_ids)
    updated = assessment_services.score_evidence_set(
        actor=actor_of(request), score=score, version=payload.version, evidence=documents
    )
    return _score_out(updated)


@router.post(
    "/assessments/{int:assessment_id}/submit",
    response={200: AssessmentStateOut, **WRITE},
    summary="Submit a self-assessment",
)
def assessments_submit(request: HttpRequest, assessment_id: int, payload: VersionIn) -> Assessment:
    """The unit head submits before the deadline; every leaf must be scored and required evidence
    attached or explained (400 lists what is missing)."""
    assessment = _assessment_for(request, assessment_id, ParAction.SUBMIT)
    assessment_services.assessment_submit(actor=actor_of(request), assessment=assessment, version=payload.version)
    return _assessment_out(assessment)


@router.post(
    "/assessments/{int:assessment_id}/return",
    response={200: AssessmentStateOut, **WRITE},
    summary="Return a submitted assessment to the unit",
)
def assessments_return(request: HttpRequest, assessment_id: int, payload: ReturnIn) -> Assessment:
    assessment = _assessment_for(request, assessment_id, ParAction.RETURN)
    assessment_services.assessment_return(
        actor=actor_of(request), assessment=assessment, version=payload.version, reason=payload.reason
    )
    return _assessment_out(assessment)


@router.post("/scores/{int:score_id}/appraise", response={200: ScoreOut, **WRITE}, summary="Appraise a score")
def scores_appraise(request: HttpRequest, score_id: int, payload: AppraiseIn) -> Score:
    """Set the appraised points of the current round; `accept` takes the unit's score, any other
    score needs a reason."""
    score = _score_for(request, score_id, ParAction.APPRAISE)
    updated = assessment_services.score_appraise(
        actor=actor_of(request),
        score=score,
        version=payload.version,
        points=payload.points,
        reason=payload.reason,
        accept=payload.accept,
    )
    return _score_out(updated)


@router.post(
    "/scores/{int:score_id}/request-explanation",
    response={200: ScoreOut, **WRITE},
    summary="Ask the unit to explain a score",
)
def scores_request_explanation(request: HttpRequest, score_id: int, payload: ExplanationRequestIn) -> Score:
    score = _score_for(request, score_id, ParAction.APPRAISE)
    updated = assessment_services.score_request_explanation(
        actor=actor_of(request), score=score, version=payload.version, note=payload.note, requested=payload.requested
    )
    return _score_out(updated)


@router.post(
    "/assessments/{int:assessment_id}/conclude-appraisal",
    response={200: AssessmentStateOut, **WRITE},
    summary="Close the current appraisal round",
)
def assessments_conclude_appraisal(request: HttpRequest, assessment_id: int, payload: VersionIn) -> Assessment:
    """Round 1 leads to an explanation request when any criterion is flagged, else to appraised;
    round 2 is final."""
    assessment = _assessment_for(request, assessment_id, ParAction.APPRAISE)
    assessment_services.appraisal_conclude(actor=actor_of(request), assessment=assessment, version=payload.version)
    return _assessment_out(assessment)


@router.post(
    "/assessments/{int:assessment_id}/explanation",
    response={200: AssessmentStateOut, **WRITE},
    summary="Answer the explanation request",
)
def assessments_explain(request: HttpRequest, assessment_id: int, payload: ExplanationIn) -> Assessment:
    """The unit's one answer, per score asked about: text and documents of its library."""
    assessment = _assessment_for(request, assessment_id, ParAction.EXPLAIN)
    files = {
        score_id: _library(user=request.user, assessment=assessment, ids=ids)
        for score_id, ids in payload.evidence.items()
    }
    assessment_services.explanation_submit(
        actor=actor_of(request), assessment=assessment, version=payload.version, answers=payload.answers, files=files
    )
    return _assessment_out(assessment)


@router.post(
    "/assessments/{int:assessment_id}/finalise",
    response={200: AssessmentStateOut, **WRITE},
    summary="Finalise an appraised assessment",
)
def assessments_finalise(request: HttpRequest, assessment_id: int, payload: VersionIn) -> Assessment:
    assessment = _assessment_for(request, assessment_id, ParAction.FINALISE)
    assessment_services.assessment_finalise(actor=actor_of(request), assessment=assessment, version=payload.version)
    return _assessment_out(assessment)
