"""The assessment workflow, an explicit state machine, and the score edits each state allows.

draft --submit--> submitted --conclude round 1--> explanation_requested --explain--> explained
                     |  ^                              |  (or the deadline passes)      |
                  return (to draft)                    +--------conclude round 2--------+--> appraised
submitted --conclude round 1 (nothing to explain)--> appraised --finalise--> finalised
"""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.audit import audit_record
from apps.par.models import Assessment, AssessmentStatus, Criterion, Evidence, PeriodStatus, Score
from apps.par.scoring import FromMetric, Manual, SumOfChildren, parse_method, points_for
from apps.par.services._common import check_version, locked, refuse

S = AssessmentStatus

# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({S.DRAFT}), S.SUBMITTED),
    "return": (frozenset({S.SUBMITTED}), S.DRAFT),
    "request_explanation": (frozenset({S.SUBMITTED}), S.EXPLANATION_REQUESTED),
    "conclude_round1": (frozenset({S.SUBMITTED}), S.APPRAISED),
    "explain": (frozenset({S.EXPLANATION_REQUESTED}), S.EXPLAINED),
    "conclude_round2": (frozenset({S.EXPLANATION_REQUESTED, S.EXPLAINED}), S.APPRAISED),
    "finalise": (frozenset({S.APPRAISED}), S.FINALISED),
}

SCORE_FIELDS = [
    "self_value",
    "self_points",
    "self_note",
    "no_evidence_reason",
    "round1_points",
    "round1_reason",
    "explanation_requested",
    "explanation_request_note",
    "explanation_text",
    "round2_points",
    "round2_reason",
    "measured_value",
    "measured_points",
]


def _score_state(score: Score) -> dict[str, Any]:
    from apps.core.audit import to_jsonable

    return to_jsonable({name: getattr(score, name) for name in SCORE_FIELDS})  # type: ignore[no-any-return,unused-ignore]


def _transition(*, actor: Any, assessment: Assessment, action: str, version: int | None, **fields: Any) -> Assessment:
    """Move an assessment along the state machine, or refuse with a message and change nothing."""
    sources, target = TRANSITIONS[action]
    current = locked(Assessment, assessment.pk)
    check_version(current, version, _("assessment"))
    if current.status not in sources:
        refuse(
            _("This cannot be done while the assessment is “%(status)s”.") % {"status": current.get_status_display()},
            code="illegal_transition",
        )
    before = {"status": current.status}
    current.status = target
    for key, value in fields.items():
        setattr(current, key, value)
    current.version += 1
    current.save()
    audit_record(
        actor=actor,
        action=f"par.assessment.{action}",
        obj=current,
        unit_id=current.unit_id,
        before=before,
        after={"status": current.status, **{k: v for k, v in fields.items() if k != "submitted_by"}},
    )
    assessment.status, assessment.version = current.status, current.version
    return current


def _as_decimal(value: Any, label: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        refuse(_("%(label)s must be a number.") % {"label": label})
    if not number.is_finite():
        refuse(_("%(label)s must be a number.") % {"label": label})
    return number


def _period_open(assessment: Assessment) -> None:
    if assessment.period.status == PeriodStatus.PUBLISHED:
        refuse(_("The period is published; results can no longer change."))


def _locked_assessment(score: Score) -> Assessment:
    """The score's assessment re-read under a lock: a score edit queues behind a concurrent
    transition (submit, conclude, finalise) and judges the state that transition left, never
    the state the caller loaded earlier."""
    assessment: Assessment = (
        Assessment.objects.select_for_update(of=("self",)).select_related("period").get(pk=score.assessment_id)
    )
    return assessment


def _save_score(
    *,
    actor: Any,
    score: Score,
    version: int | None,
    action: str,
    changes: dict[str, Any],
    add_explanation_evidence: list[Evidence] | None = None,
) -> Score:
    """Apply changes to a score if nobody changed it since `version`; audit before and after
    (with the explanation files when some are attached)."""
    current = locked(Score, score.pk)
    check_version(current, version, _("score"))
    before = _score_state(current)
    after_extra: dict[str, Any] = {}
    if add_explanation_evidence:
        files_before = sorted(current.explanation_evidence.values_list("pk", flat=True))
        before["explanation_evidence"] = files_before
        after_extra["explanation_evidence"] = sorted({*files_before, *(d.pk for d in add_explanation_evidence)})
    for key, value in changes.items():
        setattr(current, key, value)
    current.version += 1
    current.save()
    if add_explanation_evidence:
        current.explanation_evidence.add(*add_explanation_evidence)
    audit_record(
        actor=actor,
        action=action,
        obj=current,
        object_repr=f"{current.assessment_id}:{current.criterion.code}",
        unit_id=current.assessment.unit_id,
        before=before,
        after={**_score_state(current), **after_extra},
    )
    return current


def is_excluded(score: Score) -> bool:
    return score.criterion.exclusions.filter(unit_id=score.assessment.unit_id).exists()


# --- Self-assessment -------------------------------------------------------------------------


@transaction.atomic
def score_self_update(
    *,
    actor: Any,
    score: Score,
    version: int | None,
    value: Any = None,
    note: str | None = None,
    no_evidence_reason: str | None = None,
) -> Score:
    """The unit's own score of a leaf. `value` is the points (manual) or the method's input
    (a ratio, a count of occurrences, done yes/no)."""
    assessment = _locked_assessment(score)
    _period_open(assessment)
    if assessment.status != S.DRAFT:
        refuse(_("The assessment has been submitted; scores can no longer be changed."), code="locked")
    criterion: Criterion = score.criterion
    method = parse_method(criterion.method)
    if isinstance(method, FromMetric | SumOfChildren):
        refuse(_("This criterion is scored from measured data, not by the unit."))
    if is_excluded(score):
        refuse(_("This criterion does not apply to your unit."))
    changes: dict[str, Any] = {}
    if value is not None:
        number = _as_decimal(value, _("The score"))
        if number is None:
            changes.update(self_value=None, self_points=None)
        else:
            if isinstance(method, Manual) and not Decimal(0) <= number <= criterion.max_points:
                refuse(
                    _("The score must be between 0 and %(max)s.") % {"max": criterion.max_points},
                    code="out_of_range",
                )
            if isinstance(method, Manual) and (number / method.step) % 1 != 0:
                refuse(_("The score must be a multiple of %(step)s.") % {"step": method.step})
            if number < 0:
                refuse(_("The value may not be negative."))
            changes.update(self_value=number, self_points=points_for(method, criterion.max_points, number))
    if note is not None:
        changes["self_note"] = note.strip()[:5000]
    if no_evidence_reason is not None:
        changes["no_evidence_reason"] = no_evidence_reason.strip()[:5000]
    return _save_score(actor=actor, score=score, version=version, action="par.score.self_update", changes=changes)


@transaction.atomic
def score_evidence_set(*, actor: Any, score: Score, version: int | None, evidence: Iterable[Evidence]) -> Score:
    """Attach documents of the unit's library (same unit, same year) to a score, replacing the list."""
    assessment = _locked_assessment(score)
    _period_open(assessment)
    if assessment.status != S.DRAFT:
        refuse(_("The assessment has been submitted; evidence can no longer be changed."), code="locked")
    documents = list(evidence)
    if any(doc.unit_id != assessment.unit_id or doc.year != assessment.period.year for doc in documents):
        refuse(_("Evidence must come from your unit's library for this year."))
    current = locked(Score, score.pk)
    check_version(current, version, _("score"))
    before = sorted(current.evidence.values_list("pk", flat=True))
    current.evidence.set(documents)
    current.version += 1
    current.save(update_fields=["version", "updated_at"])
    audit_record(
        actor=actor,
        action="par.score.evidence_set",
        obj=current,
        object_repr=f"{current.assessment_id}:{current.criterion.code}",
        unit_id=assessment.unit_id,
        before={"evidence": before},
        after={"evidence": sorted(doc.pk for doc in documents)},
    )
    return current


def missing_items(assessment: Assessment) -> list[str]:
    """What stops a submission: unscored leaves, and required evidence with neither file nor explanation."""
    problems: list[str] = []
    excluded = set(
        assessment.period.criteria_set.nodes.filter(exclusions__unit_id=assessment.unit_id).values_list("pk", flat=True)
    )
    scores = assessment.scores.select_related("criterion").prefetch_related("evidence")
    for score in scores:
        criterion = score.criterion
        if criterion.pk in excluded or criterion.method.get("type") == "metric":
            continue
        if score.self_points is None:
            problems.append(_("%(code)s has no score yet.") % {"code": criterion.code})
        elif criterion.evidence_required and not score.evidence.all() and not score.no_evidence_reason:
            problems.append(
                _("%(code)s needs evidence, or an explanation of why there is none.") % {"code": criterion.code}
            )
    return problems


@transaction.atomic
def assessment_submit(*, actor: Any, assessment: Assessment, version: int | None) -> Assessment:
    _period_open(assessment)
    if timezone.localdate() > assessment.period.self_assessment_deadline:
        refuse(_("The self-assessment deadline has passed; ask the secretariat to extend it."), code="deadline")
    problems = missing_items(assessment)
    if problems:
        refuse(_("The assessment is not complete: %(problems)s") % {"problems": " ".join(problems[:10])}, "incomplete")
    return _transition(
        actor=actor,
        assessment=assessment,
        action="submit",
        version=version,
        submitted_at=timezone.now(),
        submitted_by=actor,
        return_reason="",
    )


@transaction.atomic
def assessment_return(*, actor: Any, assessment: Assessment, version: int | None, reason: str) -> Assessment:
    _period_open(assessment)
    if not reason.strip():
        refuse(_("Say why the assessment is returned."))
    returned = _transition(
        actor=actor, assessment=assessment, action="return", version=version, return_reason=reason.strip()
    )
    # The unit reworks its scores; a first appraisal begun on the old ones starts over.
    begun = Score.objects.filter(assessment=returned).filter(
        Q(round1_points__isnull=False) | Q(explanation_requested=True)
    )
    for score in begun.select_related("criterion"):
        _save_score(
            actor=actor,
            score=score,
            version=None,
            action="par.score.appraisal_reset",
            changes={
                "round1_points": None,
                "round1_reason": "",
                "explanation_requested": False,
                "explanation_request_note": "",
            },
        )
    return returned


# --- Appraisal ----------------------------------------------------------------------------------


def appraisal_round(assessment: Assessment) -> int:
    """1 while the assessment awaits its first appraisal, 2 after the unit's explanation."""
    if assessment.status == S.SUBMITTED:
        return 1
    if assessment.status in (S.EXPLANATION_REQUESTED, S.EXPLAINED):
        return 2
    refuse(_("The assessment is not awaiting appraisal."), code="illegal_transition")
    return 0


@transaction.atomic
def score_appraise(
    *, actor: Any, score: Score, version: int | None, points: Any, reason: str = "", accept: bool = False
) -> Score:
    """Set the appraised points of the current round. Accepting takes the unit's score; any other
    score needs a reason."""
    assessment = _locked_assessment(score)
    _period_open(assessment)
    round_no = appraisal_round(assessment)
    criterion = score.criterion
    if criterion.method.get("type") == "metric":
        refuse(_("This criterion is scored from measured data, not by appraisal."))
    if is_excluded(score):
        refuse(_("This criterion does not apply to the unit."))
    if round_no == 2:
        if not score.explanation_requested:
            refuse(_("Only criteria under explanation are appraised in the second round."))
        if (
            assessment.status == S.EXPLANATION_REQUESTED
            and timezone.localdate() <= assessment.period.explanation_deadline
        ):
            refuse(_("The unit may still explain until the explanation deadline."), code="deadline")
    if accept:
        value = score.self_points if score.self_points is not None else Decimal(0)
    else:
        parsed = _as_decimal(points, _("The appraised score"))
        if parsed is None:
            refuse(_("Enter the appraised score."))
        value = parsed or Decimal(0)
    if not Decimal(0) <= value <= criterion.max_points:
        refuse(_("The score must be between 0 and %(max)s.") % {"max": criterion.max_points}, code="out_of_range")
    reason = (reason or "").strip()
    if not accept and value != (score.self_points or Decimal(0)) and not reason:
        refuse(_("A score different from the unit's needs a reason."), code="reason_required")
    field = "round1" if round_no == 1 else "round2"
    changes = {f"{field}_points": value, f"{field}_reason": "" if accept else reason}
    return _save_score(actor=actor, score=score, version=version, action=f"par.score.appraise_{field}", changes=changes)


@transaction.atomic
def score_request_explanation(
    *, actor: Any, score: Score, version: int | None, note: str, requested: bool = True
) -> Score:
    assessment = _locked_assessment(score)
    _period_open(assessment)
    if appraisal_round(assessment) != 1:
        refuse(_("Explanations are requested during the first appraisal only."))
    if requested and score.criterion.method.get("type") == "metric":
        refuse(_("This criterion is scored from measured data, not by appraisal."))
    if requested and is_excluded(score):
        refuse(_("This criterion does not apply to the unit."))
    if requested and not note.strip():
        refuse(_("Say what the unit should explain."))
    return _save_score(
        actor=actor,
        score=score,
        version=version,
        action="par.score.request_explanation",
        changes={"explanation_requested": requested, "explanation_request_note": note.strip() if requested else ""},
    )


@transaction.atomic
def appraisal_conclude(*, actor: Any, assessment: Assessment, version: int | None) -> Assessment:
    """Close the current appraisal round. Round 1 leads to an explanation request when any
    criterion is flagged, else straight to appraised; round 2 is final."""
    _period_open(assessment)
    round_no = appraisal_round(assessment)
    scores = list(assessment.scores.select_related("criterion"))
    excluded = set(
        assessment.period.criteria_set.nodes.filter(exclusions__unit_id=assessment.unit_id).values_list("pk", flat=True)
    )
    appraisable = [s for s in scores if s.criterion_id not in excluded and s.criterion.method.get("type") != "metric"]
    if round_no == 1:
        missing = [s.criterion.code for s in appraisable if s.round1_points is None]
        if missing:
            refuse(_("Appraise every criterion first; missing: %(codes)s") % {"codes": ", ".join(missing[:15])})
        flagged = any(s.explanation_requested for s in appraisable)
        action = "request_explanation" if flagged else "conclude_round1"
        return _transition(actor=actor, assessment=assessment, action=action, version=version)
    if assessment.status == S.EXPLANATION_REQUESTED and timezone.localdate() <= assessment.period.explanation_deadline:
        refuse(_("The unit may still explain until the explanation deadline."), code="deadline")
    for score in appraisable:
        if score.explanation_requested and score.round2_points is None:
            # No second look (e.g. the unit did not explain): the first appraisal stands.
            _save_score(
                actor=actor,
                score=score,
                version=None,
                action="par.score.appraise_round2",
                changes={"round2_points": score.round1_points, "round2_reason": _("First appraisal kept.")},
            )
    return _transition(actor=actor, assessment=assessment, action="conclude_round2", version=version)


@transaction.atomic
def explanation_submit(
    *,
    actor: Any,
    assessment: Assessment,
    version: int | None,
    answers: dict[int, str],
    files: dict[int, list[Evidence]] | None = None,
) -> Assessment:
    """The unit's one answer to the explanation request, before its deadline."""
    _period_open(assessment)
    if timezone.localdate() > assessment.period.explanation_deadline:
        refuse(_("The explanation deadline has passed."), code="deadline")
    if assessment.status != S.EXPLANATION_REQUESTED:
        refuse(_("There is no open explanation request (a unit explains once)."), code="illegal_transition")
    requested = {s.pk: s for s in assessment.scores.filter(explanation_requested=True).select_related("criterion")}
    files = files or {}
    unknown = (set(answers) | set(files)) - set(requested)
    if unknown:
        refuse(_("Explanations can only be given for the criteria the appraisers asked about."))
    if not any((answers.get(pk) or "").strip() or files.get(pk) for pk in requested):
        refuse(_("Write an explanation or attach a file for at least one criterion."))
    for pk, score in requested.items():
        docs = files.get(pk, [])
        if any(d.unit_id != assessment.unit_id or d.year != assessment.period.year for d in docs):
            refuse(_("Evidence must come from your unit's library for this year."))
        text = (answers.get(pk) or "").strip()[:5000]
        if text or docs:
            _save_score(
                actor=actor,
                score=score,
                version=None,
                action="par.score.explain",
                changes={"explanation_text": text},
                add_explanation_evidence=docs,
            )
    return _transition(
        actor=actor, assessment=assessment, action="explain", version=version, explained_at=timezone.now()
    )


@transaction.atomic
def assessment_finalise(*, actor: Any, assessment: Assessment, version: int | None) -> Assessment:
    _period_open(assessment)
    result = _transition(
        actor=actor, assessment=assessment, action="finalise", version=version, finalised_at=timezone.now()
    )
    from apps.par.services.results import results_recompute

    results_recompute(period=assessment.period)
    return result


@transaction.atomic
def assessments_finalise_appraised(*, actor: Any, period: Any) -> int:
    """Finalise every appraised assessment of a period at once (one results recompute); returns how many."""
    if period.status == PeriodStatus.PUBLISHED:
        refuse(_("The period is published; results can no longer change."))
    appraised = list(period.assessments.filter(status=S.APPRAISED).select_related("period"))
    now = timezone.now()
    for assessment in appraised:
        _transition(actor=actor, assessment=assessment, action="finalise", version=None, finalised_at=now)
    if appraised:
        from apps.par.services.results import results_recompute

        results_recompute(period=period)
    return len(appraised)
