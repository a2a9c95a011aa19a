"""Schemas of the PAR API: outputs (`*Out`) and inputs (`*In`) kept apart.

Points are decimals, serialised as strings ("12.50") so that no figure loses a cent in JSON.
Every write input carries the `version` the client read; a stale version answers 409.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from apps.core.api_schemas import InputSchema
from apps.org.schemas import UnitRef
from apps.par.engine.methods import POINTS_LIMIT, POINTS_PLACES, VALUE_LIMIT, VALUE_PLACES

# --- Criteria sets ----------------------------------------------------------------------------


class CriteriaSetOut(Schema):
    id: int
    year: int
    group_id: int
    group_name: str
    name: str
    legal_reference: str
    cloned_from_id: int | None
    version: int

    @staticmethod
    def resolve_group_name(obj: Any) -> str:
        return str(obj.group.name)


class CriterionOut(Schema):
    """A node of the tree, as a flat row: depth 1 = area, 2 = criterion, 3+ = sub-criterion."""

    id: int
    parent_id: int | None
    code: str
    name: str
    depth: int
    max_points: Decimal
    method: dict[str, Any]
    guidance: str
    evidence_required: bool
    kind: str
    predecessor_id: int | None


class CriteriaSetDetailOut(CriteriaSetOut):
    nodes: list[CriterionOut]

    @staticmethod
    def resolve_nodes(obj: Any) -> list[Any]:
        return list(obj.nodes.all())  # prefetched by the handler, in tree order


# --- Periods ----------------------------------------------------------------------------------


class BandOut(Schema):
    label: str
    min: float


class PeriodOut(Schema):
    id: int
    year: int
    group_id: int
    group_name: str
    criteria_set_id: int
    name: str
    self_assessment_deadline: date
    appraisal_deadline: date
    explanation_deadline: date
    survey_points: Decimal
    bands: list[BandOut]
    bonus_cap: Decimal
    penalty_cap: Decimal
    status: str
    published_at: datetime | None
    decision_reference: str
    version: int

    @staticmethod
    def resolve_group_name(obj: Any) -> str:
        return str(obj.group.name)


# --- Assessments and scores -------------------------------------------------------------------


class ScoreOut(Schema):
    """One leaf criterion of an assessment: the unit's score, the appraisal rounds, the explanation."""

    id: int
    criterion_id: int
    code: str
    self_value: Decimal | None
    self_points: Decimal | None
    self_note: str
    no_evidence_reason: str
    evidence_ids: list[int]
    round1_points: Decimal | None
    round1_reason: str
    explanation_requested: bool
    explanation_request_note: str
    explanation_text: str
    explanation_evidence_ids: list[int]
    round2_points: Decimal | None
    round2_reason: str
    measured_value: Decimal | None
    measured_points: Decimal | None
    version: int

    @staticmethod
    def resolve_code(obj: Any) -> str:
        return str(obj.criterion.code)

    @staticmethod
    def resolve_evidence_ids(obj: Any) -> list[int]:
        return sorted(doc.pk for doc in obj.evidence.all())

    @staticmethod
    def resolve_explanation_evidence_ids(obj: Any) -> list[int]:
        return sorted(doc.pk for doc in obj.explanation_evidence.all())


class AssessmentStateOut(Schema):
    """What a workflow action answers: the assessment's new state and version."""

    id: int
    period_id: int
    unit: UnitRef
    status: str
    status_label: str
    submitted_at: datetime | None
    return_reason: str
    explained_at: datetime | None
    finalised_at: datetime | None
    version: int

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())


class AssessmentOut(AssessmentStateOut):
    scores: list[ScoreOut]

    @staticmethod
    def resolve_scores(obj: Any) -> list[Any]:
        return list(obj.scores.all())  # prefetched by the handler


# --- Results ----------------------------------------------------------------------------------


class AreaResultOut(Schema):
    criterion_id: int
    code: str
    name: str
    kind: str
    points: Decimal
    max: Decimal
    index: Decimal | None


class UnitResultOut(Schema):
    assessment_id: int
    unit: UnitRef
    status: str
    self_points: Decimal
    appraised_points: Decimal
    measured_points: Decimal
    survey_points: Decimal
    bonus_points: Decimal
    penalty_points: Decimal
    total_points: Decimal
    max_points: Decimal
    index: Decimal
    rank: int | None
    band: str
    areas: list[AreaResultOut]


class PeriodResultsOut(Schema):
    period: PeriodOut
    results: list[UnitResultOut]


# --- Inputs -----------------------------------------------------------------------------------
# Every input derives from InputSchema (NUL refused) and declares the bounds the server enforces,
# so that generated clients and schema-driven fuzzers agree with it. Limits the method of a
# criterion sets (a tier's ratio, a whole number of occurrences) are checked by the service (400).

TEXT_MAX = 5000
VERSION_MAX = 2_147_483_647  # the version column (a positive integer)
Id = int  # bounded by the handlers (an id no row can have is a 400 naming it)
Text = Annotated[str, Field(max_length=TEXT_MAX)]


class VersionIn(InputSchema):
    version: int = Field(..., ge=0, le=VERSION_MAX, description="The version of the object the client read.")


class ScoreSelfIn(VersionIn):
    """Only the fields sent change. `value` is the points (manual method) or the method's input: a
    ratio (0.85), a count of occurrences, or 1/0 for done; `null` clears the score."""

    value: Decimal | None = Field(None, ge=0, le=VALUE_LIMIT, decimal_places=VALUE_PLACES)
    note: str | None = Field(None, max_length=TEXT_MAX)
    no_evidence_reason: str | None = Field(None, max_length=TEXT_MAX)


class EvidenceSetIn(VersionIn):
    evidence_ids: list[Id] = Field(
        ..., max_length=500, description="Documents of the unit's library for the year; replaces the list."
    )


class ReturnIn(VersionIn):
    reason: str = Field(..., max_length=TEXT_MAX)


class AppraiseIn(VersionIn):
    points: Decimal | None = Field(None, ge=0, le=POINTS_LIMIT, decimal_places=POINTS_PLACES)
    reason: str = Field("", max_length=TEXT_MAX)
    accept: bool = Field(False, description="Take the unit's own score (no reason needed).")


class ExplanationRequestIn(VersionIn):
    note: str = Field("", max_length=TEXT_MAX)
    requested: bool = Field(True, description="false withdraws the request.")


class ExplanationIn(VersionIn):
    answers: dict[Id, Text] = Field(..., description="Explanation text per score id.")
    evidence: dict[Id, list[Id]] = Field(
        default_factory=dict, description="Documents of the unit's library per score id."
    )


class PublishIn(VersionIn):
    decision_reference: str = Field("", max_length=255)
