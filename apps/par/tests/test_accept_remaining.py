"""Accepting every remaining score of an area or of a whole assessment in one action (the service)."""

from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from apps.core.errors import ConflictError
from apps.core.models import AuditEvent
from apps.par.models import Assessment, Criterion, Score
from apps.par.services import assessments as svc
from apps.par.services.appraisal import scores_accept_remaining
from apps.par.tests.test_appraisal_support import (  # noqa: F401
    APPRAISAL_DAY,
    _media_in_tmp,
    appraiser2,
    explained,
    explanation_requested,
    score_of,
    submitted,
)

D = Decimal
pytestmark = pytest.mark.django_db
APPRAISABLE = ["1.1", "1.2", "1.3", "2.2", "9.1", "10.1"]  # 2.1 is measured


def area(assessment: Assessment, code: str) -> Criterion:
    return Criterion.objects.get(criteria_set_id=assessment.period.criteria_set_id, code=code)


def round1(assessment: Assessment) -> dict[str, Decimal | None]:
    return {
        s.criterion.code: s.round1_points
        for s in Score.objects.filter(assessment=assessment).select_related("criterion")
    }


def accept_events(assessment: Assessment) -> list[AuditEvent]:
    ids = {str(pk) for pk in Score.objects.filter(assessment=assessment).values_list("pk", flat=True)}
    return [
        e
        for e in AuditEvent.objects.filter(action="par.score.appraise_round1", object_type="par.score").order_by("seq")
        if e.object_id in ids
    ]


@time_machine.travel(APPRAISAL_DAY)
def test_it_accepts_the_remaining_scores_of_one_area_and_keeps_an_adjustment(submitted, appraiser) -> None:  # noqa: F811
    s11 = score_of(submitted, "1.1")
    svc.score_appraise(actor=appraiser, score=s11, version=s11.version, points="2,5", reason="Ban hành muộn")
    accepted = scores_accept_remaining(
        actor=appraiser, assessment=submitted, version=submitted.version, area=area(submitted, "1")
    )
    assert sorted(s.criterion.code for s in accepted) == ["1.2", "1.3"]
    points = round1(submitted)
    assert points["1.1"] == D("2.50")  # the adjustment stands
    assert points["1.2"] == score_of(submitted, "1.2").self_points
    assert points["1.3"] == score_of(submitted, "1.3").self_points
    assert points["2.2"] is None and points["9.1"] is None  # other areas untouched


@time_machine.travel(APPRAISAL_DAY)
def test_it_accepts_every_remaining_score_of_the_assessment_but_not_measured_or_flagged_ones(
    submitted,  # noqa: F811
    appraiser,
) -> None:
    s13 = score_of(submitted, "1.3")
    svc.score_request_explanation(actor=appraiser, score=s13, version=s13.version, note="Giải trình tỷ lệ")
    accepted = scores_accept_remaining(actor=appraiser, assessment=submitted, version=submitted.version)
    assert sorted(s.criterion.code for s in accepted) == sorted(set(APPRAISABLE) - {"1.3"})
    points = round1(submitted)
    assert points["2.1"] is None  # measured: not appraised
    assert points["1.3"] is None  # under explanation: the appraiser decides it


@time_machine.travel(APPRAISAL_DAY)
def test_it_audits_each_score_as_a_single_accept(submitted, appraiser) -> None:  # noqa: F811
    scores_accept_remaining(actor=appraiser, assessment=submitted, version=submitted.version, area=area(submitted, "1"))
    events = accept_events(submitted)
    assert len(events) == 3
    s12 = score_of(submitted, "1.2")
    event = next(e for e in events if e.object_id == str(s12.pk))
    assert event.actor == appraiser
    assert event.before["round1_points"] is None
    assert D(event.after["round1_points"]) == s12.self_points
    assert event.after["round1_reason"] == ""


@time_machine.travel(APPRAISAL_DAY)
def test_it_does_nothing_when_nothing_remains(submitted, appraiser) -> None:  # noqa: F811
    scores_accept_remaining(actor=appraiser, assessment=submitted, version=submitted.version)
    before = len(accept_events(submitted))
    assert scores_accept_remaining(actor=appraiser, assessment=submitted, version=submitted.version) == []
    assert len(accept_events(submitted)) == before


@time_machine.travel(APPRAISAL_DAY)
def test_it_refuses_who_may_not_appraise(submitted, focal_a, head_a, leader) -> None:  # noqa: F811
    for user in (focal_a, head_a, leader):
        with pytest.raises(PermissionDenied):
            scores_accept_remaining(actor=user, assessment=submitted, version=submitted.version)
    assert all(points is None for points in round1(submitted).values())


@time_machine.travel(APPRAISAL_DAY)
def test_it_refuses_a_stale_or_missing_version(submitted, appraiser) -> None:  # noqa: F811
    with pytest.raises(ConflictError):
        scores_accept_remaining(actor=appraiser, assessment=submitted, version=submitted.version - 1)
    with pytest.raises(ValidationError):
        scores_accept_remaining(actor=appraiser, assessment=submitted, version=None)
    assert all(points is None for points in round1(submitted).values())


@time_machine.travel(APPRAISAL_DAY)
def test_it_refuses_a_node_that_is_not_an_area_of_the_assessment(submitted, appraiser) -> None:  # noqa: F811
    with pytest.raises(ValidationError):
        scores_accept_remaining(
            actor=appraiser, assessment=submitted, version=submitted.version, area=area(submitted, "1.1")
        )
    assert all(points is None for points in round1(submitted).values())


@time_machine.travel(APPRAISAL_DAY)
def test_it_refuses_while_the_unit_may_still_explain(explanation_requested, appraiser) -> None:  # noqa: F811
    with pytest.raises(ValidationError):
        scores_accept_remaining(
            actor=appraiser, assessment=explanation_requested, version=explanation_requested.version
        )


@time_machine.travel(APPRAISAL_DAY)
def test_it_accepts_only_the_criteria_under_explanation_in_the_second_round(explained, appraiser) -> None:  # noqa: F811
    accepted = scores_accept_remaining(actor=appraiser, assessment=explained, version=explained.version)
    assert [s.criterion.code for s in accepted] == ["1.1"]
    s11 = score_of(explained, "1.1")
    assert s11.round2_points == s11.self_points
    assert Score.objects.filter(assessment=explained, round2_points__isnull=False).count() == 1


@time_machine.travel(APPRAISAL_DAY)
def test_it_skips_a_score_appraised_meanwhile(submitted, appraiser: Any, appraiser2: Any) -> None:  # noqa: F811
    """Another appraiser adjusts 1.2 after this page was loaded: their score stays."""
    s12 = score_of(submitted, "1.2")
    svc.score_appraise(actor=appraiser2, score=s12, version=s12.version, points="1", reason="Thiếu báo cáo quý")
    accepted = scores_accept_remaining(actor=appraiser, assessment=submitted, version=submitted.version)
    assert "1.2" not in {s.criterion.code for s in accepted}
    assert round1(submitted)["1.2"] == D("1.00")
