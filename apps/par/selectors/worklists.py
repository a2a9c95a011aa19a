"""What waits for each PAR role today, for the worklist panels of the start page (apps.par.hooks).

Each function reads a fixed number of queries whatever the number of units, criteria or periods
(apps/par/tests/test_worklists.py asserts it): at most five for the unit roles' and the appraiser's
panels, four for the secretariat's, two for the published results.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from apps.core.workdays import WorkCalendar, get_calendar
from apps.org.permissions import member_unit_ids
from apps.par.models import (
    Assessment,
    AssessmentResult,
    AssessmentStatus,
    CriterionExclusion,
    PeriodStatus,
    Score,
    ScoringPeriod,
    metric_q,
)
from apps.par.selectors.appraisal import appraisal_queue

S = AssessmentStatus
MISSING_SHOWN = 8  # missing items listed per assessment; the rest are counted
LATE_SHOWN = 20
TOP_SHOWN = 3
# The stages in the order an assessment goes through them (the progress bars and tables).
STAGES = (S.DRAFT, S.SUBMITTED, S.EXPLANATION_REQUESTED, S.EXPLAINED, S.APPRAISED, S.FINALISED)


@dataclass(frozen=True)
class Deadline:
    day: date
    working_days: int  # working days left (negative: that many working days late)

    @property
    def late(self) -> bool:
        return self.day < timezone.localdate()

    @property
    def days_late(self) -> int:
        return -self.working_days


def deadline(day: date | None, calendar: WorkCalendar) -> Deadline | None:
    if day is None:
        return None
    return Deadline(day, calendar.working_days_between(timezone.localdate(), day))


@dataclass(frozen=True)
class MissingItem:
    code: str
    name: str
    url: str
    unscored: bool  # else: scored, but the evidence (or the reason there is none) is missing


@dataclass
class UnitWork:
    """One assessment of the user's unit in an open period, and what it still lacks."""

    assessment: Assessment
    total: int = 0
    scored: int = 0
    lacking_evidence: int = 0
    missing: list[MissingItem] = field(default_factory=list)
    missing_count: int = 0
    explanations: list[Score] = field(default_factory=list)
    deadline: Deadline | None = None
    url: str = ""
    report_url: str = ""
    explanation_url: str = ""

    @property
    def more_missing(self) -> int:
        return self.missing_count - len(self.missing)

    @property
    def complete(self) -> bool:
        return self.missing_count == 0


def _own_leaves(assessment_ids: list[int]) -> QuerySet[Score]:
    """The scores the units give themselves: not measured, not excluded for the unit; annotated
    with whether any evidence file is attached."""
    excluded = CriterionExclusion.objects.filter(
        criterion_id=OuterRef("criterion_id"), unit_id=OuterRef("assessment__unit_id")
    )
    has_evidence = Score.evidence.through.objects.filter(score_id=OuterRef("pk"))
    return (
        Score.objects.filter(assessment_id__in=assessment_ids)
        .exclude(metric_q("criterion__"))
        .annotate(excluded=Exists(excluded), has_evidence=Exists(has_evidence))
        .filter(excluded=False)
    )


LACKS_EVIDENCE = Q(criterion__evidence_required=True, no_evidence_reason="", has_evidence=False)


def _counts(assessment_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per assessment: leaves it scores itself, how many are scored, how many lack evidence (one query)."""
    rows = (
        _own_leaves(assessment_ids)
        .values("assessment_id")
        .annotate(
            total=Count("pk"),
            scored=Count("pk", filter=Q(self_points__isnull=False)),
            lacking_evidence=Count("pk", filter=Q(self_points__isnull=False) & LACKS_EVIDENCE),
        )
        .order_by()
    )
    return {row["assessment_id"]: {k: row[k] for k in ("total", "scored", "lacking_evidence")} for row in rows}


def _missing(assessment_ids: list[int]) -> list[dict[str, Any]]:
    """The leaves the assessments still lack: unscored, or needing evidence they have not got (one query)."""
    if not assessment_ids:
        return []
    rows = (
        _own_leaves(assessment_ids)
        .filter(Q(self_points__isnull=True) | LACKS_EVIDENCE)
        .values("pk", "assessment_id", "self_points", "criterion__code", "criterion__name")
        .order_by("assessment_id", "criterion__sort_order", "criterion__code")
    )
    return [dict(row) for row in rows]


def unit_worklist(*, user: Any, role: str) -> list[UnitWork]:
    """The assessments in open periods of the units where the user holds `role`, with what each
    lacks (the draft ones), its next deadline and any explanation asked of it. At most five queries."""
    unit_ids = member_unit_ids(user, role)
    if not unit_ids:
        return []
    assessments = list(
        Assessment.objects.filter(unit_id__in=unit_ids, period__status=PeriodStatus.OPEN)
        .select_related("unit", "period")
        .order_by("period__self_assessment_deadline", "unit__sort_order", "unit__name")
    )
    if not assessments:
        return []
    ids = [a.pk for a in assessments]
    counts = _counts(ids)
    calendar = get_calendar()
    drafts = [a.pk for a in assessments if a.status == S.DRAFT]
    asked = [a.pk for a in assessments if a.status == S.EXPLANATION_REQUESTED]
    works = {a.pk: UnitWork(a) for a in assessments}
    for row in _missing(drafts):
        work = works[row["assessment_id"]]
        work.missing_count += 1
        if len(work.missing) < MISSING_SHOWN:
            url = reverse("par:assessment_detail", args=[work.assessment.pk]) + f"#leaf-{row['pk']}"
            work.missing.append(
                MissingItem(row["criterion__code"], row["criterion__name"], url, row["self_points"] is None)
            )
    if asked:
        flagged = (
            Score.objects.filter(assessment_id__in=asked, explanation_requested=True)
            .select_related("criterion")
            .order_by("criterion__sort_order", "criterion__code")
        )
        for score in flagged:
            works[score.assessment_id].explanations.append(score)
    for work in works.values():
        a = work.assessment
        row = counts.get(a.pk, {})
        work.total, work.scored = row.get("total", 0), row.get("scored", 0)
        work.lacking_evidence = row.get("lacking_evidence", 0)
        work.url = reverse("par:assessment_detail", args=[a.pk])
        work.report_url = reverse("par:assessment_report_docx", args=[a.pk])
        if a.status == S.DRAFT:
            work.deadline = deadline(a.period.self_assessment_deadline, calendar)
        elif a.status == S.EXPLANATION_REQUESTED:
            work.deadline = deadline(a.period.explanation_deadline, calendar)
            work.explanation_url = reverse("par:explanation_form", args=[a.pk])
    return list(works.values())


@dataclass(frozen=True)
class StageCount:
    status: str
    label: str
    count: int
    percent: Decimal


def _stages(counts: dict[str, int]) -> list[StageCount]:
    total = sum(counts.values()) or 1
    return [
        StageCount(s.value, str(s.label), counts.get(s.value, 0), Decimal(100 * counts.get(s.value, 0)) / total)
        for s in STAGES
    ]


@dataclass
class PeriodProgress:
    period: ScoringPeriod
    stages: list[StageCount] = field(default_factory=list)
    total: int = 0
    finalised: int = 0
    late: list[tuple[Assessment, str, Deadline]] = field(default_factory=list)  # (assessment, stage late, deadline)
    late_count: int = 0
    next_deadline: tuple[str, Deadline] | None = None
    appraisal_deadline: Deadline | None = None
    url: str = ""


def _deadline_rows(period: ScoringPeriod) -> list[tuple[str, date]]:
    return [
        ("self", period.self_assessment_deadline),
        ("appraisal", period.appraisal_deadline),
        ("explanation", period.explanation_deadline),
    ]


def period_progress(*, with_late: bool) -> list[PeriodProgress]:
    """Every open period: its assessments by stage, the next deadline and (`with_late`) the units
    behind: still in draft after the self-assessment deadline, or awaiting appraisal after the
    appraisal deadline. Three queries, four `with_late`."""
    periods = list(ScoringPeriod.objects.filter(status=PeriodStatus.OPEN).select_related("group"))
    if not periods:
        return []
    today = timezone.localdate()
    calendar = get_calendar()
    by_period: dict[int, dict[str, int]] = {p.pk: {} for p in periods}
    late: dict[int, list[Assessment]] = {p.pk: [] for p in periods}
    rows = Assessment.objects.filter(period__in=periods).values_list("period_id", "status").annotate(n=Count("pk"))
    for period_id, status, n in rows.order_by():
        by_period[period_id][status] = n
    if with_late:
        behind = Q(status=S.DRAFT, period__self_assessment_deadline__lt=today) | Q(
            status__in=[S.SUBMITTED, S.EXPLAINED], period__appraisal_deadline__lt=today
        )
        for a in (
            Assessment.objects.filter(behind, period__in=periods)
            .select_related("unit")
            .order_by("period_id", "unit__sort_order", "unit__name")
        ):
            late[a.period_id].append(a)
    result = []
    for period in periods:
        counts = by_period[period.pk]
        progress = PeriodProgress(
            period,
            _stages(counts),
            sum(counts.values()),
            counts.get(S.FINALISED, 0),
            url=reverse("par:period_progress", args=[period.pk]),
        )
        upcoming = [(key, day) for key, day in _deadline_rows(period) if day >= today]
        if upcoming:
            key, day = min(upcoming, key=lambda item: item[1])
            progress.next_deadline = (key, Deadline(day, calendar.working_days_between(today, day)))
        progress.appraisal_deadline = deadline(period.appraisal_deadline, calendar)
        progress.late_count = len(late[period.pk])
        for a in late[period.pk][:LATE_SHOWN]:
            day = period.self_assessment_deadline if a.status == S.DRAFT else period.appraisal_deadline
            progress.late.append((a, a.get_status_display(), Deadline(day, calendar.working_days_between(today, day))))
        result.append(progress)
    return result


@dataclass
class AppraisalWork:
    round1: int
    round2: int
    waiting_unit: int  # asked to explain, before the explanation deadline
    rows: list[Any]
    periods: list[PeriodProgress]


def appraiser_worklist() -> AppraisalWork:
    """The appraisal queue, counted by round, with each open period's stages and deadlines. Five queries."""
    queue = appraisal_queue()
    periods = period_progress(with_late=False)
    waiting = sum(
        next((s.count for s in p.stages if s.status == S.EXPLANATION_REQUESTED), 0)
        for p in periods
        if p.period.explanation_deadline >= timezone.localdate()
    )
    return AppraisalWork(
        round1=sum(1 for row in queue if row.round == 1),
        round2=sum(1 for row in queue if row.round == 2),
        waiting_unit=waiting,
        rows=queue,
        periods=periods,
    )


@dataclass
class PublishedSummary:
    period: ScoringPeriod
    units: int
    average: Decimal | None
    top: list[AssessmentResult]
    bottom: list[AssessmentResult]
    url: str


def published_summaries() -> list[PublishedSummary]:
    """The latest published period of each unit group: its average index, top and bottom units. Two queries."""
    latest: dict[int, ScoringPeriod] = {}
    for period in ScoringPeriod.objects.filter(status=PeriodStatus.PUBLISHED).select_related("group"):
        current = latest.get(period.group_id)
        if current is None or (period.year, period.pk) > (current.year, current.pk):
            latest[period.group_id] = period
    if not latest:
        return []
    results: dict[int, list[AssessmentResult]] = {p.pk: [] for p in latest.values()}
    for result in (
        AssessmentResult.objects.filter(assessment__period__in=list(latest.values()), rank__isnull=False)
        .select_related("assessment__unit")
        .order_by("assessment__period_id", "rank", "assessment__unit__name")
    ):
        results[result.assessment.period_id].append(result)
    summaries = []
    for period in sorted(latest.values(), key=lambda p: p.group.name):
        ranked = results[period.pk]
        average = sum((r.index for r in ranked), Decimal(0)) / len(ranked) if ranked else None
        summaries.append(
            PublishedSummary(
                period=period,
                units=len(ranked),
                average=average,
                top=ranked[:TOP_SHOWN],
                bottom=ranked[-TOP_SHOWN:][::-1] if len(ranked) > TOP_SHOWN else [],
                url=reverse("par:results", args=[period.pk]),
            )
        )
    return summaries


__all__ = [
    "MISSING_SHOWN",
    "AppraisalWork",
    "Deadline",
    "MissingItem",
    "PeriodProgress",
    "PublishedSummary",
    "UnitWork",
    "appraiser_worklist",
    "period_progress",
    "published_summaries",
    "unit_worklist",
]
