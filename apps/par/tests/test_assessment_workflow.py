from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.audit import verify_audit_chain
from apps.core.errors import ConflictError
from apps.core.models import AuditEvent
from apps.par.models import Assessment, AssessmentStatus, CriterionExclusion, PeriodStatus, Score
from apps.par.services import assessments as svc
from apps.par.services.evidence import evidence_upload
from apps.par.services.measured import measured_value_set
from apps.par.services.periods import period_publish
from apps.par.tests.factories import build_set, group_of, open_period

D = Decimal
pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def setup(unit_a, unit_b, focal_a, head_a, appraiser, secretariat):  # type: ignore[no-untyped-def]
    group = group_of(unit_a, unit_b)
    criteria_set = build_set(group)
    period = open_period(group, criteria_set, actor=secretariat)
    assessment = Assessment.objects.get(period=period, unit=unit_a)
    return period, assessment


def score(assessment: Assessment, code: str):  # type: ignore[no-untyped-def]
    return assessment.scores.select_related("criterion", "assessment__period").get(criterion__code=code)


def self_score_everything(assessment: Assessment, actor, evidence) -> None:  # type: ignore[no-untyped-def]
    values = {"1.1": "3.5", "1.2": "1", "1.3": "0.9", "2.2": "1", "9.1": "1", "10.1": "0.5"}
    for code, value in values.items():
        s = score(assessment, code)
        svc.score_self_update(actor=actor, score=s, version=s.version, value=value, note=f"Ghi chú {code}")
    for code in ("1.1", "2.2"):
        s = score(assessment, code)
        svc.score_evidence_set(actor=actor, score=s, version=s.version, evidence=[evidence])


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_runs_the_whole_cycle_to_publication(setup, focal_a, head_a, appraiser, secretariat, unit_a, unit_b):  # type: ignore[no-untyped-def]
    period, assessment = setup
    doc = evidence_upload(
        actor=focal_a,
        unit=unit_a,
        year=2025,
        title="Kế hoạch CCHC 2025",
        uploaded=SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf"),
    )
    self_score_everything(assessment, focal_a, doc)
    svc.assessment_submit(actor=head_a, assessment=assessment, version=assessment.version)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED

    with pytest.raises(ValidationError):
        s = score(assessment, "1.1")
        svc.score_self_update(actor=focal_a, score=s, version=s.version, value="4")

    for s in assessment.scores.select_related("criterion", "assessment__period"):
        if s.criterion.method.get("type") == "metric":
            continue
        if s.criterion.code == "1.1":
            svc.score_appraise(
                actor=appraiser, score=s, version=s.version, points="2.5", reason="Kế hoạch ban hành muộn"
            )
            s.refresh_from_db()
            svc.score_request_explanation(
                actor=appraiser, score=s, version=s.version, note="Giải trình thời điểm ban hành"
            )
        else:
            svc.score_appraise(actor=appraiser, score=s, version=s.version, points=None, accept=True)
    assessment.refresh_from_db()
    svc.appraisal_conclude(actor=appraiser, assessment=assessment, version=assessment.version)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.EXPLANATION_REQUESTED

    s11 = score(assessment, "1.1")
    svc.explanation_submit(
        actor=focal_a, assessment=assessment, version=assessment.version, answers={s11.pk: "Ban hành ngày 10/01 do..."}
    )
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.EXPLAINED
    with pytest.raises(ValidationError):  # a unit explains once
        svc.explanation_submit(
            actor=focal_a, assessment=assessment, version=assessment.version, answers={s11.pk: "lần 2"}
        )

    s11 = score(assessment, "1.1")
    svc.score_appraise(
        actor=appraiser, score=s11, version=s11.version, points="3", reason="Chấp nhận một phần giải trình"
    )
    svc.appraisal_conclude(actor=appraiser, assessment=assessment, version=assessment.version)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.APPRAISED
    svc.assessment_finalise(actor=secretariat, assessment=assessment, version=assessment.version)

    other = Assessment.objects.get(period=period, unit=unit_b)
    with pytest.raises(ValidationError):  # unit B is not finalised yet
        period_publish(actor=secretariat, period=period, version=period.version)
    Assessment.objects.filter(pk=other.pk).update(status=AssessmentStatus.FINALISED)
    measured_value_set(
        actor=secretariat,
        period=period,
        unit=unit_a,
        metric="directives.on_time_rate",
        value=D("0.9"),
        source_note="Hệ thống một cửa",
    )
    period.refresh_from_db()
    period_publish(actor=secretariat, period=period, version=period.version, decision_reference="123/QĐ-UBND")
    period.refresh_from_db()
    assert period.status == PeriodStatus.PUBLISHED

    result = Assessment.objects.get(pk=assessment.pk).result
    # Area 1: 3 (1.1 after round 2) + 2.5 (1.2: 3 - 1 × 0.5) + 1.5 (1.3: 90 % → half) = 7
    # Area 2: 2.7 (2.1: 90 % of 3) + 2 (2.2 done) = 4.7 ; bonus 1, penalty 0.5
    assert result.total_points == D("12.20")
    assert result.max_points == D("15.00")
    assert result.index == D("81.33")
    assert result.band == "Tốt"
    assert result.rank == 1
    assert result.measured_points == D("2.70")
    assert verify_audit_chain().ok
    assert AuditEvent.objects.filter(action="par.assessment.finalise").count() == 1


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_takes_the_index_over_the_applicable_maximum(setup, unit_a, secretariat) -> None:  # type: ignore[no-untyped-def]
    period, assessment = setup
    na = assessment.period.criteria_set.nodes.get(code="1.3")
    CriterionExclusion.objects.create(criterion=na, unit=unit_a, reason="Đơn vị không có đơn vị trực thuộc")
    for code, value in {"1.1": "4", "1.2": "0", "2.2": "1"}.items():
        s = score(assessment, code)
        svc.score_self_update(actor="test", score=s, version=s.version, value=value)
    from apps.par.services.results import results_recompute

    results_recompute(period=period)
    result = Assessment.objects.get(pk=assessment.pk).result
    # Applicable: area 1 = 10 × 7/10 = 7; area 2 = 5 → max 12. Points: 4 + 3 + 0 (metric unset) + 2 = 9.
    assert result.max_points == D("12.00")
    assert result.total_points == D("9.00")
    assert result.index == D("75.00")


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_refuses_a_stale_edit(setup, focal_a) -> None:  # type: ignore[no-untyped-def]
    _period, assessment = setup
    s = score(assessment, "1.1")
    stale = s.version
    svc.score_self_update(actor=focal_a, score=s, version=stale, value="2")
    with pytest.raises(ConflictError):
        svc.score_self_update(actor=focal_a, score=score(assessment, "1.1"), version=stale, value="3")
    assert score(assessment, "1.1").self_points == D("2.00")


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_refuses_an_illegal_transition_without_changing_anything(setup, appraiser) -> None:  # type: ignore[no-untyped-def]
    _period, assessment = setup
    with pytest.raises(ValidationError):
        svc.appraisal_conclude(actor=appraiser, assessment=assessment, version=assessment.version)
    with pytest.raises(ValidationError):
        svc.assessment_finalise(actor=appraiser, assessment=assessment, version=assessment.version)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.version == 1


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_refuses_submission_with_missing_evidence_unless_explained(setup, focal_a, head_a) -> None:  # type: ignore[no-untyped-def]
    _period, assessment = setup
    for code, value in {"1.1": "4", "1.2": "0", "1.3": "1", "2.2": "1", "9.1": "0", "10.1": "0"}.items():
        s = score(assessment, code)
        svc.score_self_update(actor=focal_a, score=s, version=s.version, value=value)
    with pytest.raises(ValidationError) as excinfo:
        svc.assessment_submit(actor=head_a, assessment=assessment, version=assessment.version)
    assert "1.1" in str(excinfo.value)
    for code in ("1.1", "2.2"):
        s = score(assessment, code)
        svc.score_self_update(
            actor=focal_a, score=s, version=s.version, no_evidence_reason="Văn bản mật, xuất trình trực tiếp"
        )
    svc.assessment_submit(actor=head_a, assessment=assessment, version=assessment.version)


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_refuses_a_score_outside_the_range(setup, focal_a) -> None:  # type: ignore[no-untyped-def]
    _period, assessment = setup
    s = score(assessment, "1.1")
    for bad in ("4.5", "-1", "abc", "0.3", "NaN"):
        with pytest.raises(ValidationError):
            svc.score_self_update(actor=focal_a, score=s, version=s.version, value=bad)


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_judges_a_score_edit_by_the_state_a_concurrent_transition_left(setup, focal_a, appraiser) -> None:  # type: ignore[no-untyped-def]
    # A writer loaded the score while the assessment was a draft; the head submitted in between.
    # The edit must be refused on the current state, not allowed on the state the writer loaded.
    _period, assessment = setup
    loaded = score(assessment, "1.1")
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.SUBMITTED)
    with pytest.raises(ValidationError):
        svc.score_self_update(actor=focal_a, score=loaded, version=loaded.version, value="2")
    with pytest.raises(ValidationError):
        svc.score_evidence_set(actor=focal_a, score=loaded, version=loaded.version, evidence=[])
    # Same for an appraiser who loaded the score during round 1 after the assessment was finalised.
    submitted = score(assessment, "1.2")
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.FINALISED)
    with pytest.raises(ValidationError):
        svc.score_appraise(actor=appraiser, score=submitted, version=submitted.version, points=None, accept=True)
    with pytest.raises(ValidationError):
        svc.score_request_explanation(actor=appraiser, score=submitted, version=submitted.version, note="Vì sao?")
    fresh = score(assessment, "1.1")
    assert (fresh.self_points, fresh.round1_points, fresh.version) == (None, None, 1)
    assert not AuditEvent.objects.filter(action__startswith="par.score.").exists()


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_refuses_to_appraise_a_criterion_that_does_not_apply(setup, unit_a, appraiser) -> None:  # type: ignore[no-untyped-def]
    _period, assessment = setup
    excluded = assessment.period.criteria_set.nodes.get(code="1.3")
    CriterionExclusion.objects.create(criterion=excluded, unit=unit_a, reason="Không có đơn vị trực thuộc")
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.SUBMITTED)
    s = score(assessment, "1.3")
    with pytest.raises(ValidationError):
        svc.score_appraise(actor=appraiser, score=s, version=s.version, points="1", reason="Không đạt")
    with pytest.raises(ValidationError):
        svc.score_request_explanation(actor=appraiser, score=s, version=s.version, note="Giải trình")
    metric = score(assessment, "2.1")
    with pytest.raises(ValidationError):
        svc.score_request_explanation(actor=appraiser, score=metric, version=metric.version, note="Giải trình")
    assert not Score.objects.filter(assessment=assessment, explanation_requested=True).exists()
    assert score(assessment, "1.3").round1_points is None


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_audits_the_files_attached_to_an_explanation(setup, focal_a, unit_a, appraiser) -> None:  # type: ignore[no-untyped-def]
    _period, assessment = setup
    doc = evidence_upload(
        actor=focal_a,
        unit=unit_a,
        year=2025,
        title="Quyết định ban hành kế hoạch",
        uploaded=SimpleUploadedFile("qd.pdf", PDF, content_type="application/pdf"),
    )
    Score.objects.filter(assessment=assessment, criterion__code="1.1").update(
        explanation_requested=True, explanation_request_note="Thời điểm ban hành"
    )
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.EXPLANATION_REQUESTED)
    assessment.refresh_from_db()
    s11 = score(assessment, "1.1")
    svc.explanation_submit(
        actor=focal_a, assessment=assessment, version=assessment.version, answers={}, files={s11.pk: [doc]}
    )
    assert list(score(assessment, "1.1").explanation_evidence.all()) == [doc]
    event = AuditEvent.objects.get(action="par.score.explain")
    assert event.before["explanation_evidence"] == []
    assert event.after["explanation_evidence"] == [doc.pk]
    assert verify_audit_chain().ok


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_restarts_the_first_appraisal_when_an_assessment_is_returned(  # type: ignore[no-untyped-def]
    setup, focal_a, head_a, appraiser, secretariat
) -> None:
    _period, assessment = setup
    for code in ("1.1", "2.2"):
        s = score(assessment, code)
        svc.score_self_update(actor=focal_a, score=s, version=s.version, no_evidence_reason="Văn bản mật")
    for code, value in {"1.1": "4", "1.2": "0", "1.3": "1", "2.2": "1", "9.1": "0", "10.1": "0"}.items():
        s = score(assessment, code)
        svc.score_self_update(actor=focal_a, score=s, version=s.version, value=value)
    svc.assessment_submit(actor=head_a, assessment=assessment, version=assessment.version)
    s = score(assessment, "1.1")
    svc.score_appraise(actor=appraiser, score=s, version=s.version, points="2", reason="Thiếu minh chứng")
    s = score(assessment, "1.1")
    svc.score_request_explanation(actor=appraiser, score=s, version=s.version, note="Bổ sung")
    assessment.refresh_from_db()
    svc.assessment_return(actor=secretariat, assessment=assessment, version=assessment.version, reason="Sai biểu mẫu")

    s = score(assessment, "1.1")
    assert (s.round1_points, s.round1_reason, s.explanation_requested) == (None, "", False)
    assert s.self_points == D("4.00")
    assert AuditEvent.objects.filter(action="par.score.appraisal_reset").count() == 1


def test_it_turns_a_concurrent_first_entry_of_a_measured_value_into_a_conflict(setup, unit_a, secretariat) -> None:  # type: ignore[no-untyped-def]
    from unittest import mock

    from apps.par.models import MeasuredValue

    period, _assessment = setup

    def another_request_inserts_first():  # type: ignore[no-untyped-def]
        # Another request creates the row between this one's read and its insert.
        MeasuredValue.objects.create(
            period=period, unit=unit_a, metric="directives.on_time_rate", value=D("0.5"), source_note="Người khác"
        )
        return MeasuredValue.objects.none()

    with (
        mock.patch.object(MeasuredValue.objects, "select_for_update", side_effect=another_request_inserts_first),
        pytest.raises(ConflictError),
    ):
        measured_value_set(
            actor=secretariat,
            period=period,
            unit=unit_a,
            metric="directives.on_time_rate",
            value=D("0.9"),
            source_note="Hệ thống một cửa",
        )
    assert not AuditEvent.objects.filter(action="par.measured.set").exists()
