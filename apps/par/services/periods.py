from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.actors import Actor
from apps.core.audit import audit_record, snapshot
from apps.core.concurrency import check_version, locked
from apps.org.models import UnitGroup
from apps.par.models import (
    Assessment,
    AssessmentStatus,
    CriteriaSet,
    PeriodStatus,
    Score,
    ScoringPeriod,
    default_bands,
)
from apps.par.services import notices
from apps.par.services._common import refuse

PERIOD_FIELDS = [
    "year",
    "group",
    "criteria_set",
    "name",
    "self_assessment_deadline",
    "appraisal_deadline",
    "explanation_deadline",
    "survey_points",
    "bands",
    "bonus_cap",
    "penalty_cap",
    "status",
    "decision_reference",
]


def validate_bands(bands: Any) -> list[dict[str, Any]]:
    """Bands are [{"label": str, "min": number}], distinct minimums, one of them 0."""
    cleaned: list[dict[str, Any]] = []
    try:
        cleaned = [{"label": str(b["label"]).strip(), "min": float(b["min"])} for b in bands]
    except (TypeError, KeyError, ValueError):
        refuse(_("Bands must each have a label and a minimum percentage."))
    minimums = [float(b["min"]) for b in cleaned]
    if not cleaned or any(not b["label"] for b in cleaned) or any(not 0 <= m <= 100 for m in minimums):
        refuse(_("Each band needs a label and a minimum between 0 and 100."))
    if len(set(minimums)) != len(minimums) or min(minimums) != 0:
        refuse(_("Band minimums must differ and the lowest band must start at 0 %."))
    return sorted(cleaned, key=lambda b: -b["min"])


FIRST_YEAR, LAST_YEAR = 2000, 2100  # deadlines outside these years are typing mistakes (01/01/0001)


def check_deadlines(self_assessment: date, appraisal: date, explanation: date) -> None:
    """Each deadline a real date of this century, and in order."""
    for label, day in (
        (_("self-assessment deadline"), self_assessment),
        (_("appraisal deadline"), appraisal),
        (_("explanation deadline"), explanation),
    ):
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            refuse(
                _("The %(field)s must be a date between %(first)d and %(last)d.")
                % {"field": label, "first": FIRST_YEAR, "last": LAST_YEAR},
                code="out_of_range",
            )
    if not self_assessment <= appraisal <= explanation:
        refuse(_("Deadlines must follow each other: self-assessment, then appraisal, then explanation."))


def leaf_ids(criteria_set: CriteriaSet) -> list[int]:
    nodes = list(criteria_set.nodes.values_list("pk", "parent_id"))
    parents = {parent for _pk, parent in nodes if parent}
    return [pk for pk, _parent in nodes if pk not in parents]


@transaction.atomic
def period_open(
    *,
    actor: Actor,
    group: UnitGroup,
    criteria_set: CriteriaSet,
    name: str,
    self_assessment_deadline: date,
    appraisal_deadline: date,
    explanation_deadline: date,
    survey_points: Decimal = Decimal("0"),
    bands: list[dict[str, Any]] | None = None,
    bonus_cap: Decimal = Decimal("0"),
    penalty_cap: Decimal = Decimal("0"),
) -> ScoringPeriod:
    """Open a scoring period and create one assessment (with an empty score per leaf) per unit of the group."""
    if criteria_set.group_id != group.pk:
        refuse(_("The criteria set belongs to another group of units."))
    check_deadlines(self_assessment_deadline, appraisal_deadline, explanation_deadline)
    leaves = leaf_ids(criteria_set)
    if not leaves:
        refuse(_("The criteria set has no criteria yet."))
    period = ScoringPeriod(
        year=criteria_set.year,
        group=group,
        criteria_set=criteria_set,
        name=name,
        self_assessment_deadline=self_assessment_deadline,
        appraisal_deadline=appraisal_deadline,
        explanation_deadline=explanation_deadline,
        survey_points=survey_points,
        bands=validate_bands(bands if bands is not None else default_bands()),
        bonus_cap=bonus_cap,
        penalty_cap=penalty_cap,
    )
    period.full_clean()
    period.save()
    units = list(group.units.filter(valid_to__isnull=True).order_by("pk"))
    assessments = Assessment.objects.bulk_create([Assessment(period=period, unit=unit) for unit in units])
    if assessments and assessments[0].pk is None:  # backends that do not return ids on bulk insert
        assessments = list(period.assessments.order_by("unit_id"))
    Score.objects.bulk_create(
        [Score(assessment=a, criterion_id=leaf) for a in assessments for leaf in leaves], batch_size=2000
    )
    audit_record(
        actor=actor,
        action="par.period.open",
        obj=period,
        after={**snapshot(period, PERIOD_FIELDS), "units": len(units)},
    )
    notices.period_opened(period)
    return period


@transaction.atomic
def period_update(*, actor: Actor, period: ScoringPeriod, version: int, **fields: Any) -> ScoringPeriod:
    period = locked(ScoringPeriod, period.pk)
    check_version(period, version, _("period"))
    if period.status == PeriodStatus.PUBLISHED:
        refuse(_("A published period can no longer be changed."))
    allowed = {
        "name",
        "self_assessment_deadline",
        "appraisal_deadline",
        "explanation_deadline",
        "survey_points",
        "bands",
        "bonus_cap",
        "penalty_cap",
    }
    unknown = set(fields) - allowed
    if unknown:
        refuse(_("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    before = snapshot(period, PERIOD_FIELDS)
    if "bands" in fields:
        fields["bands"] = validate_bands(fields["bands"])
    for key, value in fields.items():
        setattr(period, key, value)
    check_deadlines(period.self_assessment_deadline, period.appraisal_deadline, period.explanation_deadline)
    period.full_clean()
    period.version += 1
    period.save()
    audit_record(
        actor=actor, action="par.period.update", obj=period, before=before, after=snapshot(period, PERIOD_FIELDS)
    )
    from apps.par.services.results import results_recompute

    results_recompute(period=period)
    return period


@transaction.atomic
def period_publish(*, actor: Actor, period: ScoringPeriod, version: int, decision_reference: str = "") -> ScoringPeriod:
    """Publish the results: every assessment must be finalised; results become read-only and public."""
    period = locked(ScoringPeriod, period.pk)
    check_version(period, version, _("period"))
    if period.status == PeriodStatus.PUBLISHED:
        refuse(_("This period is already published."))
    pending = period.assessments.exclude(status=AssessmentStatus.FINALISED).count()
    if pending:
        refuse(
            _("%(count)d assessment(s) are not finalised yet; finalise every assessment before publishing.")
            % {"count": pending}
        )
    from apps.par.services.results import results_recompute

    results_recompute(period=period)
    before = snapshot(period, PERIOD_FIELDS)
    period.status = PeriodStatus.PUBLISHED
    period.published_at = timezone.now()
    period.decision_reference = decision_reference.strip()[:255]
    period.version += 1
    period.save()
    audit_record(
        actor=actor, action="par.period.publish", obj=period, before=before, after=snapshot(period, PERIOD_FIELDS)
    )
    notices.period_published(period)
    return period
