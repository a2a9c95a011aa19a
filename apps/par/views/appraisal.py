"""Appraisal in two rounds, the unit's explanation, finalising and publishing.

Pages fetch through the access helpers of apps.par.selectors; every write goes through a
service of apps.par.services; a refused write answers 400 with the service's message, a stale
one 409 with the current value and who changed it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.core.errors import ConflictError
from apps.core.models import AuditEvent
from apps.org.permissions import can, require
from apps.par.forms.appraisal import AppraiseForm, ExplanationForm, PublishForm, RequestExplanationForm, VersionForm
from apps.par.models import (
    Assessment,
    AssessmentStatus,
    Criterion,
    CriterionExclusion,
    Evidence,
    PeriodStatus,
    Score,
    ScoringPeriod,
)
from apps.par.permissions import ParAction, is_appraiser
from apps.par.selectors import assessment_get_for_user, period_get_for_user, score_get_for_user
from apps.par.services import assessments as svc
from apps.par.services.evidence import INLINE_TYPES, check_upload, evidence_upload
from apps.par.services.periods import period_publish as publish_service

S = AssessmentStatus


# --- Shared helpers --------------------------------------------------------------------------


def _require_appraiser(user: Any) -> None:
    if not (getattr(user, "is_authenticated", False) and user.is_active and is_appraiser(user)):
        raise PermissionDenied


def _messages_of(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _form_error(form: Any) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@dataclass(frozen=True)
class DocLink:
    title: str
    url: str | None
    inline: bool


def _doc_links(documents: list[Evidence]) -> list[DocLink]:
    """Links to the evidence viewer, when that page exists; the title alone otherwise."""
    links = []
    for doc in documents:
        try:
            url: str | None = reverse("par:evidence_file", args=[doc.pk])
        except NoReverseMatch:
            url = None
        links.append(DocLink(title=doc.title or doc.original_name, url=url, inline=doc.content_type in INLINE_TYPES))
    return links


@dataclass(frozen=True)
class RoundState:
    """Which appraisal round an assessment is in, and whether its scores may be edited now."""

    round: int | None
    message: str = ""

    @property
    def open(self) -> bool:
        return self.round is not None


def round_state(assessment: Assessment) -> RoundState:
    period = assessment.period
    if period.status == PeriodStatus.PUBLISHED:
        return RoundState(None, _("The period is published; results are read-only."))
    if assessment.status == S.SUBMITTED:
        return RoundState(1)
    if assessment.status == S.EXPLAINED:
        return RoundState(2)
    if assessment.status == S.EXPLANATION_REQUESTED:
        if timezone.localdate() > period.explanation_deadline:
            return RoundState(2, _("The explanation deadline has passed without an answer from the unit."))
        deadline = period.explanation_deadline.strftime("%d/%m/%Y")
        return RoundState(None, _("Waiting for the unit's explanation (deadline %(date)s).") % {"date": deadline})
    return RoundState(
        None, _("This assessment is not awaiting appraisal (%(status)s).") % {"status": assessment.get_status_display()}
    )


@dataclass(frozen=True)
class Conflict:
    points: Decimal | None
    reason: str
    changed_by: str
    changed_at: datetime


@dataclass
class Leaf:
    score: Score
    state: RoundState
    excluded: bool
    evidence: list[DocLink]
    explanation_files: list[DocLink]
    error: str = ""
    saved: bool = False
    conflict: Conflict | None = None
    posted: dict[str, str] = field(default_factory=dict)

    @property
    def criterion(self) -> Criterion:
        return self.score.criterion

    @property
    def metric(self) -> bool:
        return self.criterion.method.get("type") == "metric"

    @property
    def editable(self) -> bool:
        if not self.state.open or self.excluded or self.metric:
            return False
        return self.state.round == 1 or self.score.explanation_requested

    @property
    def can_request(self) -> bool:
        return self.editable and self.state.round == 1

    @property
    def current_points(self) -> Decimal | None:
        return self.score.round2_points if self.state.round == 2 else self.score.round1_points

    @property
    def current_reason(self) -> str:
        return self.score.round2_reason if self.state.round == 2 else self.score.round1_reason

    @property
    def points_value(self) -> Any:
        return self.posted.get("points", self.current_points if self.current_points is not None else "")

    @property
    def reason_value(self) -> str:
        return self.posted.get("reason", self.current_reason)

    @property
    def note_value(self) -> str:
        return self.posted.get("note", self.score.explanation_request_note)


def _excluded_ids(assessment: Assessment) -> set[int]:
    return set(
        CriterionExclusion.objects.filter(
            unit_id=assessment.unit_id, criterion__criteria_set_id=assessment.period.criteria_set_id
        ).values_list("criterion_id", flat=True)
    )


def _scores(assessment: Assessment) -> Any:
    return (
        Score.objects.filter(assessment=assessment)
        .select_related("criterion")
        .prefetch_related("evidence", "explanation_evidence")
        .order_by("criterion__sort_order", "criterion__code")
    )


def _leaf(score: Score, state: RoundState, excluded: set[int], **extra: Any) -> Leaf:
    return Leaf(
        score=score,
        state=state,
        excluded=score.criterion_id in excluded,
        evidence=_doc_links(list(score.evidence.all())),
        explanation_files=_doc_links(list(score.explanation_evidence.all())),
        **extra,
    )


# --- Appraiser queue ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    assessment: Assessment
    round: int
    done: int
    total: int


@require_safe
def appraisal_queue(request: HttpRequest) -> HttpResponse:
    """Assessments awaiting appraisal in open periods, with the round and how far it has got."""
    _require_appraiser(request.user)
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
            n_metric=Count("scores", filter=Q(scores__criterion__method__type="metric")),
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
            .exclude(criterion__method__type="metric")
            .values_list("unit_id", "criterion__criteria_set_id")
            .annotate(n=Count("pk"))
        )
        excluded = {(unit_id, set_id): n for unit_id, set_id, n in rows}
    queue = []
    for a in assessments:
        if a.status == S.SUBMITTED:
            total = a.n_scores - a.n_metric - excluded.get((a.unit_id, a.period.criteria_set_id), 0)
            queue.append(QueueRow(a, 1, a.n_round1, total))
        else:
            queue.append(QueueRow(a, 2, a.n_round2, a.n_flagged))
    periods: list[ScoringPeriod] = []
    if can(request.user, ParAction.FINALISE):
        periods = list(ScoringPeriod.objects.filter(status=PeriodStatus.OPEN).select_related("group"))
    return render(request, "par/appraisal/queue.html", {"queue": queue, "periods": periods})


# --- Appraisal page and its leaf fragments ----------------------------------------------------


@dataclass(frozen=True)
class Area:
    node: Criterion | None
    leaves: list[Leaf]


def _detail_context(assessment: Assessment) -> dict[str, Any]:
    state = round_state(assessment)
    nodes = {
        n.pk: n
        for n in Criterion.objects.filter(criteria_set_id=assessment.period.criteria_set_id).only(
            "pk", "parent_id", "code", "name", "depth", "sort_order"
        )
    }
    excluded = _excluded_ids(assessment)
    areas: dict[int | None, Area] = {}
    for score in _scores(assessment):
        top = nodes.get(score.criterion_id)
        while top is not None and top.parent_id is not None:
            top = nodes.get(top.parent_id)
        key = top.pk if top is not None else None
        areas.setdefault(key, Area(top, [])).leaves.append(_leaf(score, state, excluded))
    leaves = [leaf for area in areas.values() for leaf in area.leaves]
    return {
        "assessment": assessment,
        "state": state,
        "areas": list(areas.values()),
        "open_leaves": sum(1 for leaf in leaves if leaf.editable),
        "flagged": sum(1 for leaf in leaves if leaf.score.explanation_requested),
    }


def _render_detail(request: HttpRequest, assessment: Assessment, *, error: str = "", status: int = 200) -> HttpResponse:
    context = _detail_context(assessment)
    context["error"] = error
    return render(request, "par/appraisal/detail.html", context, status=status)


@require_safe
def appraisal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Each leaf criterion: the unit's score and evidence beside the appraisal of the current round."""
    assessment = assessment_get_for_user(user=request.user, pk=pk, action=ParAction.APPRAISE)
    return _render_detail(request, assessment)


def _render_leaf(request: HttpRequest, score: Score, *, status: int = 200, **extra: Any) -> HttpResponse:
    fresh = _scores(score.assessment).get(pk=score.pk)
    fresh.assessment = score.assessment
    leaf = _leaf(fresh, round_state(score.assessment), _excluded_ids(score.assessment), **extra)
    return render(request, "par/appraisal/_leaf.html", {"leaf": leaf, "assessment": score.assessment}, status=status)


def _conflict(score: Score) -> Conflict:
    current = Score.objects.get(pk=score.pk)
    event = (
        AuditEvent.objects.filter(object_type="par.score", object_id=str(score.pk))
        .select_related("actor")
        .order_by("-seq")
        .first()
    )
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
    if score.criterion_id in _excluded_ids(score.assessment):
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
        return svc.score_appraise(actor=request.user, score=score, version=data["version"], points=None, accept=True)

    return _score_write(request, pk, VersionForm, act)


@require_POST
def score_appraise(request: HttpRequest, pk: int) -> HttpResponse:
    """A different score, with its reason."""

    def act(score: Score, data: dict[str, Any]) -> Any:
        return svc.score_appraise(
            actor=request.user, score=score, version=data["version"], points=data["points"], reason=data["reason"]
        )

    return _score_write(request, pk, AppraiseForm, act)


@require_POST
def score_request_explanation(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the unit to explain this criterion (first round), or withdraw the request."""

    def act(score: Score, data: dict[str, Any]) -> Any:
        return svc.score_request_explanation(
            actor=request.user,
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
            actor=request.user, assessment=assessment, version=form.cleaned_data["version"]
        )
    except ConflictError as exc:
        assessment.refresh_from_db()
        return _render_detail(request, assessment, error=str(exc), status=409)
    except ValidationError as exc:
        return _render_detail(request, assessment, error=_messages_of(exc), status=400)
    if concluded.status == S.EXPLANATION_REQUESTED:
        deadline = assessment.period.explanation_deadline.strftime("%d/%m/%Y")
        messages.success(
            request,
            _("First appraisal of %(unit)s concluded; the unit is asked to explain by %(date)s.")
            % {"unit": assessment.unit, "date": deadline},
        )
    else:
        messages.success(request, _("Appraisal of %(unit)s concluded.") % {"unit": assessment.unit})
    return redirect("par:appraisal_queue")


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
            "date": assessment.period.explanation_deadline.strftime("%d/%m/%Y")
        }
    return ""


def _render_explanation(
    request: HttpRequest, assessment: Assessment, form: ExplanationForm | None, *, error: str = "", status: int = 200
) -> HttpResponse:
    scores = list(_scores(assessment).filter(explanation_requested=True))
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
                        actor=request.user,
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
                actor=request.user,
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


# --- Finalising and publishing -----------------------------------------------------------------


def _render_finalise(
    request: HttpRequest, period: ScoringPeriod, *, error: str = "", status: int = 200
) -> HttpResponse:
    assessments = list(period.assessments.select_related("unit", "result").order_by("unit__sort_order", "unit__name"))
    counts: dict[str, int] = {}
    for a in assessments:
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


@require_POST
def assessment_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_get_for_user(user=request.user, pk=pk, action=ParAction.FINALISE)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _render_finalise(request, assessment.period, error=_form_error(form), status=400)
    try:
        svc.assessment_finalise(actor=request.user, assessment=assessment, version=form.cleaned_data["version"])
    except ConflictError as exc:
        return _render_finalise(request, assessment.period, error=str(exc), status=409)
    except ValidationError as exc:
        return _render_finalise(request, assessment.period, error=_messages_of(exc), status=400)
    messages.success(request, _("The assessment of %(unit)s is finalised.") % {"unit": assessment.unit})
    return redirect("par:period_finalise", pk=assessment.period_id)


@require_POST
def period_finalise_all(request: HttpRequest, pk: int) -> HttpResponse:
    period = _finalise_period(request, pk)
    try:
        count = svc.assessments_finalise_appraised(actor=request.user, period=period)
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
            actor=request.user,
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
