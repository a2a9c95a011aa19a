"""What the appraisal, explanation and finalising pages share: the round, the leaf, error text."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core.web.forms import typed_number
from apps.org.permissions import require
from apps.par.engine import RoundReason, parse_method
from apps.par.engine.methods import InputUnit, input_unit, to_input
from apps.par.models import (
    Assessment,
    AssessmentStatus,
    Criterion,
    Evidence,
    Score,
)
from apps.par.permissions import ParAction
from apps.par.services import assessments as svc
from apps.par.services.evidence import INLINE_TYPES

S = AssessmentStatus


# --- Shared helpers --------------------------------------------------------------------------


def _require_appraiser(user: Any) -> None:
    require(user, ParAction.APPRAISE)


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
    """The round the engine says is open (the same `appraisal_round` the services obey), worded for the page."""
    found = svc.current_round(assessment)
    period = assessment.period
    if found.reason == RoundReason.PUBLISHED:
        return RoundState(None, _("The period is published; results are read-only."))
    if found.reason == RoundReason.DEADLINE_PASSED:
        return RoundState(2, _("The explanation deadline has passed without an answer from the unit."))
    if found.reason == RoundReason.AWAITING_EXPLANATION:
        deadline = date_format(period.explanation_deadline, "SHORT_DATE_FORMAT")
        return RoundState(None, _("Waiting for the unit's explanation (deadline %(date)s).") % {"date": deadline})
    if found.number is None:
        return RoundState(
            None,
            _("This assessment is not awaiting appraisal (%(status)s).") % {"status": assessment.get_status_display()},
        )
    return RoundState(found.number)


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
        return self.criterion.is_metric

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
    def self_input(self) -> str:
        """The unit's input as it typed it: "95 %" for a percentage, "0,95" for a ratio, "2" for a count."""
        value = self.score.self_value
        if value is None:
            return ""
        method = parse_method(self.criterion.method)
        text = typed_number(to_input(method, value))
        return f"{text} %" if input_unit(method) == InputUnit.PERCENT else text

    @property
    def error_on_points(self) -> bool:
        """A refused "different score": the message goes under the points typed."""
        return bool(self.error) and self.conflict is None and "points" in self.posted and self.editable

    @property
    def reason_value(self) -> str:
        return self.posted.get("reason", self.current_reason)

    @property
    def note_value(self) -> str:
        return self.posted.get("note", self.score.explanation_request_note)

    # What the jump menu and the filters of the appraisal page go by (apps.par.views._longform).

    @property
    def progress(self) -> str:
        """ "missing" or "done" for a criterion the current round appraises, "" for the others."""
        if self.excluded or self.metric:
            return ""
        if self.state.round == 2 and not self.score.explanation_requested:
            return ""
        return "done" if self.current_points is not None else "missing"

    @property
    def acceptable(self) -> bool:
        """Whether "accept all remaining" takes this one (apps.par.services.appraisal.scores_accept_remaining)."""
        if not self.editable or self.current_points is not None:
            return False
        return self.state.round == 2 or not self.score.explanation_requested

    @property
    def adjusted(self) -> bool:
        """An appraisal in either round that differs from the unit's score."""
        own = self.score.self_points
        return any(p is not None and p != own for p in (self.score.round1_points, self.score.round2_points))

    @property
    def lacks_evidence(self) -> bool:
        return self.criterion.evidence_required and not self.evidence and not self.excluded


def _leaf(score: Score, state: RoundState, excluded: set[int], **extra: Any) -> Leaf:
    return Leaf(
        score=score,
        state=state,
        excluded=score.criterion_id in excluded,
        evidence=_doc_links(list(score.evidence.all())),
        explanation_files=_doc_links(list(score.explanation_evidence.all())),
        **extra,
    )
