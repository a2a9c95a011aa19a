"""Bulk loading of score rows: one assessment's self-assessment or one appraisal round at once.

A province-wide load (the demo's two published years: 138 units x ~85 leaves, each scored,
appraised and partly re-appraised) cannot go through `score_self_update` / `score_appraise`, which
lock one row and append one audit event per call. This service takes one assessment's rows for one
step, checks them against the assessment's state and its criteria, computes self-assessed points
with the scoring method, writes the rows with one prepared UPDATE run for every row (and the
evidence links with one `bulk_create`), and records ONE audit event for the batch with a SHA-256
of the data, so the audit chain says who loaded what and can prove it, without an event per row.
"""

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.actors import Actor
from apps.core.audit import audit_record
from apps.core.web.forms import parse_decimal
from apps.par.engine import FromMetric, parse_method, points_for
from apps.par.models import Assessment, AssessmentStatus, Criterion, CriterionExclusion, Evidence, PeriodStatus, Score
from apps.par.services._common import refuse

S = AssessmentStatus
ZERO = Decimal("0")
VALUE_LIMIT = Decimal("100000000")  # Score.self_value: 12 digits, 4 decimal places


class ScoreBulkAction(StrEnum):
    LOAD = "par.score.bulk_load"


class Step(StrEnum):
    SELF = "self"
    ROUND1 = "round1"
    ROUND2 = "round2"


# The state an assessment must be in for each step, and the score fields each step writes.
STEP_STATES: dict[Step, frozenset[str]] = {
    Step.SELF: frozenset({S.DRAFT}),
    Step.ROUND1: frozenset({S.SUBMITTED}),
    Step.ROUND2: frozenset({S.EXPLANATION_REQUESTED, S.EXPLAINED}),
}
STEP_FIELDS: dict[Step, list[str]] = {
    Step.SELF: ["self_value", "self_points", "self_note", "no_evidence_reason"],
    Step.ROUND1: ["round1_points", "round1_reason", "explanation_requested", "explanation_request_note"],
    Step.ROUND2: ["round2_points", "round2_reason"],
}


@dataclass(frozen=True)
class ScoreRow:
    """One leaf's data for one step. Self: `value`, `note`, `no_evidence_reason`, `evidence_ids`.
    Round 1: `points`, `reason`, `explanation_note` (non-empty: the unit is asked to explain).
    Round 2: `points`, `reason`."""

    criterion_id: int
    value: Decimal | str | None = None  # a spreadsheet's text is read like a page's: "0,95", "1.234,5"
    points: Decimal | str | None = None
    note: str = ""
    reason: str = ""
    no_evidence_reason: str = ""
    explanation_note: str = ""
    evidence_ids: tuple[int, ...] = ()


ROW_FIELDS = [f.name for f in fields(ScoreRow)]


def data_hash(step: Step, rows: Sequence[ScoreRow]) -> str:
    """SHA-256 of the rows as canonical JSON: the fingerprint the audit event keeps."""
    ordered = sorted(rows, key=lambda r: r.criterion_id)
    payload = [str(step), [[getattr(row, name) for name in ROW_FIELDS] for row in ordered]]
    canonical = json.dumps([ROW_FIELDS, payload], default=str, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _number(value: Decimal | str | None, code: str) -> Decimal | None:
    """A row's number, typed either way (the one parser of apps.core.web.forms)."""
    if value is None or isinstance(value, Decimal):
        return value
    try:
        return parse_decimal(value)
    except ValueError:
        refuse(
            _("Criterion %(code)s: “%(value)s” is not a number.") % {"code": code, "value": value[:30]},
            code="bulk_number",
        )


def _points(raw: Decimal | str | None, maximum: Decimal, code: str) -> Decimal:
    value = _number(raw, code)
    if value is None or not value.is_finite() or not ZERO <= value <= maximum:
        refuse(
            _("Criterion %(code)s: points must be between 0 and %(max)s.") % {"code": code, "max": maximum},
            code="bulk_points",
        )
    return Decimal(value).quantize(Decimal("0.01"))


def _check_evidence(assessment: Assessment, rows: Iterable[ScoreRow]) -> None:
    wanted = {pk for row in rows for pk in row.evidence_ids}
    if not wanted:
        return
    usable = Evidence.objects.filter(
        pk__in=wanted, unit_id=assessment.unit_id, year=assessment.period.year
    ).values_list("pk", flat=True)
    if wanted - set(usable):
        refuse(_("Evidence must come from the unit's library for this year."), code="bulk_evidence")


def _update(scores: list[Score], names: list[str]) -> None:
    """Save these fields of the rows: one prepared UPDATE, executed for every row.

    `QuerySet.bulk_update` builds a CASE expression per row and field, which makes a province's
    load (~45,000 row updates) take minutes; `executemany` takes about a second. Values are
    prepared by the model fields, so this works on any backend."""
    if not scores:
        return
    columns: list[Any] = [Score._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns)
    sql = f"UPDATE {quote(Score._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"  # noqa: S608 - names only
    rows = [
        [column.get_db_prep_save(getattr(score, column.attname), connection) for column in columns] + [score.pk]
        for score in scores
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


@dataclass(frozen=True)
class _Leaf:
    code: str
    max_points: Decimal
    method: Any  # parsed


def _leaves(assessment: Assessment, rows: Sequence[ScoreRow]) -> dict[int, _Leaf]:
    """The criteria the rows name, each refused unless it is a hand-scored leaf for this unit."""
    ids = [row.criterion_id for row in rows]
    if len(set(ids)) != len(ids):
        refuse(_("A row names a criterion twice."))
    scored = Criterion.objects.filter(scores__assessment=assessment).values_list("pk", "code", "max_points", "method")
    named = set(ids)
    leaves = {pk: _Leaf(code, maximum, parse_method(method)) for pk, code, maximum, method in scored if pk in named}
    if len(leaves) != len(ids):
        refuse(_("A row names a criterion that is not scored in this assessment."))
    excluded = set(
        CriterionExclusion.objects.filter(
            unit_id=assessment.unit_id, criterion__criteria_set_id=assessment.period.criteria_set_id
        ).values_list("criterion_id", flat=True)
    )
    for pk, leaf in leaves.items():
        if pk in excluded or isinstance(leaf.method, FromMetric):
            refuse(
                _("Criterion %(code)s is not scored by hand for this unit.") % {"code": leaf.code},
                code="bulk_not_scored",
            )
    return leaves


def _apply(step: Step, score: Score, row: ScoreRow, leaf: _Leaf) -> None:
    if row.evidence_ids and step != Step.SELF:
        refuse(_("Evidence is attached to a self-assessment, not to an appraisal."))
    if step == Step.SELF:
        value = _number(row.value, leaf.code)
        if value is None or not value.is_finite() or not ZERO <= value < VALUE_LIMIT:
            refuse(_("Criterion %(code)s: the value must be a number from 0 to 99,999,999.") % {"code": leaf.code})
        score.self_value = value
        score.self_points = points_for(leaf.method, leaf.max_points, value)
        score.self_note = row.note
        score.no_evidence_reason = row.no_evidence_reason
    elif step == Step.ROUND1:
        score.round1_points = _points(row.points, leaf.max_points, leaf.code)
        score.round1_reason = row.reason
        score.explanation_requested = bool(row.explanation_note)
        score.explanation_request_note = row.explanation_note
    else:
        score.round2_points = _points(row.points, leaf.max_points, leaf.code)
        score.round2_reason = row.reason


@transaction.atomic
def scores_bulk_load(
    *, actor: Actor, assessment: Assessment, step: Step, rows: Sequence[ScoreRow], source: str = ""
) -> list[Score]:
    """Write one step's rows of one assessment; returns the score rows written. All or nothing."""
    current = Assessment.objects.select_for_update(of=("self",)).select_related("period").get(pk=assessment.pk)
    if current.period.status == PeriodStatus.PUBLISHED:
        refuse(_("The period is published; results can no longer change."))
    if current.status not in STEP_STATES[step]:
        refuse(
            _("This cannot be done while the assessment is “%(status)s”.") % {"status": current.get_status_display()},
            code="illegal_transition",
        )
    leaves = _leaves(current, rows)
    _check_evidence(current, rows)
    scores = {s.criterion_id: s for s in current.scores.order_by() if s.criterion_id in leaves}
    now = timezone.now()
    written: list[Score] = []
    links = []
    for row in rows:
        score = scores[row.criterion_id]
        _apply(step, score, row, leaves[row.criterion_id])
        links += [Score.evidence.through(score_id=score.pk, evidence_id=pk) for pk in row.evidence_ids]
        score.version += 1
        score.updated_at = now
        written.append(score)
    _update(written, [*STEP_FIELDS[step], "version", "updated_at"])
    if links:
        Score.evidence.through.objects.bulk_create(links, ignore_conflicts=True)
    after: dict[str, Any] = {"step": str(step), "scores": len(written), "sha256": data_hash(step, rows)}
    if source:
        after["source"] = source
    if step == Step.SELF:
        after["self_points"] = sum((s.self_points or ZERO for s in written), ZERO)
        after["evidence_links"] = len(links)
    elif step == Step.ROUND1:
        after["explanation_requested"] = sorted(leaves[s.criterion_id].code for s in written if s.explanation_requested)
    audit_record(actor=actor, action=ScoreBulkAction.LOAD, obj=current, unit_id=current.unit_id, after=after)
    return written
