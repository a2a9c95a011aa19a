"""What every PAR service shares: refusals, locking, the audited score write, the audited transition."""

from decimal import Decimal, InvalidOperation
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.core.actors import Actor
from apps.core.audit import audit_record, to_jsonable
from apps.core.concurrency import check_version, locked
from apps.core.web.forms import parse_decimal
from apps.par.engine import TRANSITIONS
from apps.par.models import Assessment, Evidence, PeriodStatus, Score
from apps.par.services import notices

TEXT_MAX = 5000  # notes, reasons, explanations: the same limit on the pages and in the API


def refuse(message: str, code: str = "invalid") -> NoReturn:
    raise ValidationError(message, code=code)


def bounded_text(value: str, label: str) -> str:
    """The text stripped, or a refusal naming the field when it is longer than TEXT_MAX or holds a NUL
    character (which PostgreSQL cannot store)."""
    text = value.strip()
    if "\x00" in text:
        refuse(_("Null characters are not allowed."), code="null_characters_not_allowed")
    if len(text) > TEXT_MAX:
        refuse(
            _("%(label)s is too long (%(length)d characters); the limit is %(max)d.")
            % {"label": label, "length": len(text), "max": TEXT_MAX},
            code="too_long",
        )
    return text


def as_decimal(value: Any, label: str) -> Decimal | None:
    """A number typed either way ("0,4", "1.234,5", "0.4"; the one parser of apps.core.web.forms)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value)) if isinstance(value, int | float | Decimal) else parse_decimal(value)
    except (InvalidOperation, ValueError):
        refuse(_("%(label)s must be a number.") % {"label": label})
    if number is None or not number.is_finite():
        refuse(_("%(label)s must be a number.") % {"label": label})
    return number


def period_open(assessment: Assessment) -> None:
    if assessment.period.status == PeriodStatus.PUBLISHED:
        refuse(_("The period is published; results can no longer change."))


def locked_assessment(score: Score) -> Assessment:
    """The score's assessment re-read under a lock: a score edit queues behind a concurrent
    transition (submit, conclude, finalise) and judges the state that transition left, never
    the state the caller loaded earlier."""
    assessment: Assessment = (
        Assessment.objects.select_for_update(of=("self",)).select_related("period").get(pk=score.assessment_id)
    )
    return assessment


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


def score_state(score: Score) -> dict[str, Any]:
    return to_jsonable({name: getattr(score, name) for name in SCORE_FIELDS})  # type: ignore[no-any-return,unused-ignore]


def save_score(
    *,
    actor: Actor,
    score: Score,
    version: int | str | None,
    action: str,
    changes: dict[str, Any],
    add_explanation_evidence: list[Evidence] | None = None,
    cascade: bool = False,
) -> Score:
    """Apply changes to a score if nobody changed it since `version`; audit before and after
    (with the explanation files when some are attached). `cascade`: a change that follows from a
    transition the caller already checked (the row is locked, no version is compared)."""
    current = locked(Score, score.pk)
    if not cascade:
        check_version(current, version, _("score"))
    before = score_state(current)
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
        after={**score_state(current), **after_extra},
    )
    return current


def is_excluded(score: Score) -> bool:
    return score.criterion.exclusions.filter(unit_id=score.assessment.unit_id).exists()


def transition(
    *,
    actor: Actor,
    assessment: Assessment,
    action: str,
    version: int | str | None,
    cascade: bool = False,
    **fields: Any,
) -> Assessment:
    """Move an assessment along the state machine (apps.par.engine.workflow), or refuse with a
    message and change nothing. `cascade`: part of a bulk action that already holds the row."""
    sources, target = TRANSITIONS[action]
    current = locked(Assessment, assessment.pk)
    if not cascade:
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
    if not cascade:  # a bulk action recomputes the period's results once
        from apps.par.services.results import result_refresh

        result_refresh(assessment=current)  # the stored result follows the assessment's stage
    notices.assessment_moved(current, action)  # submitted, explanation requested, explained, finalised
    return current
