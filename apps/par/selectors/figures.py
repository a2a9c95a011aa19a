"""An assessment's figures at its stage, for every page and document that shows a total.

The unit's page, the appraisal page, the finalise page, the Word report and the stored result all
read `assessment_figures` / `period_figures` (the same `services.results.stage_totals`), so they
give the same numbers for the same stage and can say which stage that is, and whether measured
criteria or the survey are still to come.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import pgettext

from apps.par.engine import AssessmentTotals, Stage, Totals, band_for
from apps.par.models import Assessment, ScoringPeriod
from apps.par.services.results import StageTotals, period_stage_totals


def stage_label(stage: str) -> str:
    return {
        Stage.SELF: pgettext("assessment stage", "Self-assessed"),
        Stage.ROUND1: pgettext("assessment stage", "After appraisal round 1"),
        Stage.ROUND2: pgettext("assessment stage", "After appraisal round 2"),
        Stage.FINAL: pgettext("assessment stage", "Final"),
    }[stage]


@dataclass(frozen=True)
class Figures:
    stage: str
    stage_label: str
    totals: AssessmentTotals
    tree: Totals  # every node's points at the stage
    self_points: Decimal
    measured_points: Decimal
    measured_pending: bool
    survey_pending: bool
    survey_share: Decimal  # the period's survey points (0: no survey)
    band: str  # once appraised (a provisional band before the final stage)

    @property
    def provisional(self) -> bool:
        return self.stage != Stage.FINAL or self.measured_pending or self.survey_pending

    @property
    def total(self) -> Decimal:
        return self.totals.total

    @property
    def maximum(self) -> Decimal:
        return self.totals.maximum

    @property
    def index(self) -> Decimal | None:
        return self.totals.index


def _figures(computed: StageTotals, period: ScoringPeriod) -> Figures:
    appraised = computed.stage != Stage.SELF
    return Figures(
        stage=computed.stage,
        stage_label=stage_label(computed.stage),
        totals=computed.totals,
        tree=computed.tree,
        self_points=computed.self_points,
        measured_points=computed.measured_points,
        measured_pending=computed.measured_pending,
        survey_pending=computed.survey_pending,
        survey_share=period.survey_points,
        band=band_for(computed.totals.index, period.bands) if appraised and computed.totals.index is not None else "",
    )


def assessment_figures(assessment: Assessment, *, stage: str | None = None) -> Figures:
    """One assessment's figures at its stage (or at `stage`: a preview). A fixed number of queries."""
    period = assessment.period
    computed = period_stage_totals(period, assessment_ids=[assessment.pk], stage=stage)[assessment.pk]
    return _figures(computed, period)


def round_preview(assessment: Assessment, round_number: int | None) -> Figures | None:
    """The figures the open appraisal round would give if it were concluded now (None: no round open)."""
    if round_number is None:
        return None
    return assessment_figures(assessment, stage=Stage.ROUND1 if round_number == 1 else Stage.ROUND2)


def period_figures(period: ScoringPeriod) -> dict[int, Figures]:
    """Every assessment's figures of a period, keyed by assessment id. A fixed number of queries."""
    return {pk: _figures(computed, period) for pk, computed in period_stage_totals(period).items()}
