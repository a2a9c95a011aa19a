"""scores_bulk_load: one assessment's self-assessment or appraisal round in one write and one audit event."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from apps.core.actors import DEMO
from apps.core.models import AuditEvent
from apps.par.models import Assessment, AssessmentStatus, CriterionExclusion, Evidence, PeriodStatus
from apps.par.services.bulk import ScoreBulkAction, ScoreRow, Step, data_hash, scores_bulk_load
from apps.par.tests.factories import build_set, group_of, open_period

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def _before_the_deadline(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 1, 10, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))


@pytest.fixture
def assessment(unit_a, unit_b):  # type: ignore[no-untyped-def]
    group = group_of(unit_a, unit_b)
    period = open_period(group, build_set(group))
    return Assessment.objects.select_related("period").get(period=period, unit=unit_a)


def leaf(assessment: Assessment, code: str) -> int:
    return int(assessment.period.criteria_set.nodes.get(code=code).pk)


def test_it_scores_a_self_assessment_with_the_methods_and_records_one_event(assessment) -> None:  # type: ignore[no-untyped-def]
    rows = [
        ScoreRow(leaf(assessment, "1.1"), value=D("3.5"), note="Đã ban hành"),  # manual, 4 points
        ScoreRow(leaf(assessment, "1.3"), value=D("0.85")),  # tiers: 80 % → half of 3
        ScoreRow(leaf(assessment, "2.2"), value=D("1")),  # done: 2 points
    ]
    written = scores_bulk_load(actor=DEMO, assessment=assessment, step=Step.SELF, rows=rows, source="test")

    assert {s.criterion.code: s.self_points for s in written} == {"1.1": D("3.50"), "1.3": D("1.50"), "2.2": D("2.00")}
    stored = {s.criterion.code: s for s in assessment.scores.select_related("criterion")}
    assert stored["1.1"].self_points == D("3.50") and stored["1.1"].self_note == "Đã ban hành"
    assert stored["1.1"].version == 2 and stored["1.2"].version == 1
    event = AuditEvent.objects.get(action=ScoreBulkAction.LOAD)
    assert event.actor_label == "demo" and event.object_id == str(assessment.pk)
    assert event.after == {
        "step": "self",
        "scores": 3,
        "sha256": data_hash(Step.SELF, rows),
        "source": "test",
        "self_points": "7.00",
        "evidence_links": 0,
    }


def test_it_fingerprints_the_data_whatever_the_row_order(assessment) -> None:  # type: ignore[no-untyped-def]
    a = ScoreRow(leaf(assessment, "1.1"), value=D("1"))
    b = ScoreRow(leaf(assessment, "2.2"), value=D("1"))
    assert data_hash(Step.SELF, [a, b]) == data_hash(Step.SELF, [b, a])
    assert data_hash(Step.SELF, [a, b]) != data_hash(Step.SELF, [a, ScoreRow(b.criterion_id, value=D("0"))])


def test_it_writes_an_appraisal_round_only_after_submission(assessment) -> None:  # type: ignore[no-untyped-def]
    row = ScoreRow(leaf(assessment, "1.1"), points=D("2"), reason="Thiếu tài liệu", explanation_note="Bổ sung")
    with pytest.raises(ValidationError, match="cannot be done while the assessment"):
        scores_bulk_load(actor=DEMO, assessment=assessment, step=Step.ROUND1, rows=[row])
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.SUBMITTED)

    (score,) = scores_bulk_load(actor=DEMO, assessment=assessment, step=Step.ROUND1, rows=[row])

    assert score.round1_points == D("2.00") and score.explanation_requested
    assert AuditEvent.objects.get(action=ScoreBulkAction.LOAD).after["explanation_requested"] == ["1.1"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("code", "row", "message"),
    [
        ("1.1", {"points": D("4.01")}, "points must be between 0 and"),
        ("1.1", {"points": D("-1")}, "points must be between 0 and"),
        ("2.1", {"points": D("1")}, "not scored by hand"),  # a metric leaf
        ("1", {"points": D("1")}, "not scored in this assessment"),  # a parent
    ],
)
def test_it_refuses_rows_an_appraiser_could_not_enter(assessment, code, row, message) -> None:  # type: ignore[no-untyped-def]
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.SUBMITTED)
    with pytest.raises(ValidationError, match=message):
        scores_bulk_load(
            actor=DEMO, assessment=assessment, step=Step.ROUND1, rows=[ScoreRow(leaf(assessment, code), **row)]
        )
    assert not AuditEvent.objects.filter(action=ScoreBulkAction.LOAD).exists()


@pytest.mark.parametrize("value", [D("-1"), D("100000000"), D("NaN")])
def test_it_refuses_a_self_value_out_of_the_columns_range(assessment, value) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="from 0 to 99,999,999"):
        scores_bulk_load(
            actor=DEMO, assessment=assessment, step=Step.SELF, rows=[ScoreRow(leaf(assessment, "1.1"), value=value)]
        )
    assert not assessment.scores.filter(self_value__isnull=False).exists()


def test_it_refuses_a_not_applicable_criterion_a_twice_named_one_and_a_published_period(  # type: ignore[no-untyped-def]
    assessment, unit_a
) -> None:
    node = assessment.period.criteria_set.nodes.get(code="1.3")
    CriterionExclusion.objects.create(criterion=node, unit=unit_a, reason="Không áp dụng")
    with pytest.raises(ValidationError, match="not scored by hand"):
        scores_bulk_load(actor=DEMO, assessment=assessment, step=Step.SELF, rows=[ScoreRow(node.pk, value=D("1"))])
    twice = [ScoreRow(leaf(assessment, "1.1"), value=D("1"))] * 2
    with pytest.raises(ValidationError, match="twice"):
        scores_bulk_load(actor=DEMO, assessment=assessment, step=Step.SELF, rows=twice)
    type(assessment.period).objects.filter(pk=assessment.period_id).update(status=PeriodStatus.PUBLISHED)
    with pytest.raises(ValidationError, match="published"):
        scores_bulk_load(actor=DEMO, assessment=assessment, step=Step.SELF, rows=twice[:1])


def evidence(unit, uploader) -> Evidence:  # type: ignore[no-untyped-def]
    return Evidence.objects.create(
        unit=unit,
        year=2025,
        title="Kế hoạch",
        file="par/x.pdf",
        original_name="x.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=uploader,
    )


def test_it_links_evidence_only_from_the_units_library(assessment, unit_b, focal_a) -> None:  # type: ignore[no-untyped-def]
    own, other = evidence(assessment.unit, focal_a), evidence(unit_b, focal_a)
    code = leaf(assessment, "1.1")
    foreign = [ScoreRow(code, value=D("1"), evidence_ids=(other.pk,))]
    with pytest.raises(ValidationError, match="library"):
        scores_bulk_load(actor=DEMO, assessment=assessment, step=Step.SELF, rows=foreign)
    mine = [ScoreRow(code, value=D("1"), evidence_ids=(own.pk,))]
    (score,) = scores_bulk_load(actor=DEMO, assessment=assessment, step=Step.SELF, rows=mine)
    assert list(score.evidence.all()) == [own]
