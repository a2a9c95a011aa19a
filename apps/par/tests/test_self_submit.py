from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from apps.core.models import AuditEvent
from apps.par.models import Assessment, AssessmentStatus, Score
from apps.par.services import assessments as svc
from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _before_the_deadline(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 1, 10, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))


@pytest.fixture
def assessment(unit_a, unit_b, focal_a, head_a, focal_b):  # type: ignore[no-untyped-def]
    group = group_of(unit_a, unit_b)
    period = open_period(group, build_set(group))
    return Assessment.objects.get(period=period, unit=unit_a)


def score(assessment, code) -> Score:  # type: ignore[no-untyped-def]
    return assessment.scores.select_related("criterion", "assessment__period").get(criterion__code=code)


def complete(assessment, actor) -> None:  # type: ignore[no-untyped-def]
    for code, value in {"1.1": "4", "1.2": "0", "1.3": "1", "2.2": "1", "9.1": "0", "10.1": "0"}.items():
        s = score(assessment, code)
        svc.score_self_update(actor=actor, score=s, version=s.version, value=value, no_evidence_reason="Văn bản mật")


def test_it_lets_the_head_submit_a_complete_assessment(assessment, focal_a, head_a) -> None:  # type: ignore[no-untyped-def]
    complete(assessment, focal_a)
    response = client_for(head_a).post(
        reverse("par:assessment_submit", args=[assessment.pk]), {"version": assessment.version}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED and assessment.submitted_by == head_a
    page = client_for(focal_a).get(reverse("par:assessment_detail", args=[assessment.pk])).content.decode()
    assert 'data-testid="read-only"' in page and "Submitted, awaiting appraisal" in page


def test_it_shows_what_is_missing_when_submission_is_refused(assessment, focal_a, head_a) -> None:  # type: ignore[no-untyped-def]
    s = score(assessment, "1.1")
    svc.score_self_update(actor=focal_a, score=s, version=s.version, value="4")
    response = client_for(head_a).post(
        reverse("par:assessment_submit", args=[assessment.pk]), {"version": assessment.version}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The assessment is not complete" in body
    assert "1.1 needs evidence, or an explanation of why there is none." in body
    assert "1.2 has no score yet." in body
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT


def test_it_refuses_a_submission_after_the_deadline(assessment, focal_a, head_a, time_machine) -> None:  # type: ignore[no-untyped-def]
    complete(assessment, focal_a)
    time_machine.move_to(datetime(2026, 1, 16, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    response = client_for(head_a).post(
        reverse("par:assessment_submit", args=[assessment.pk]), {"version": assessment.version}
    )
    assert response.status_code == 400
    assert "deadline has passed" in response.content.decode()


def test_it_guards_the_submission(assessment, focal_a, focal_b, secretariat, head_a) -> None:  # type: ignore[no-untyped-def]
    url = reverse("par:assessment_submit", args=[assessment.pk])
    assert client_for(focal_a).post(url).status_code == 403  # only the head submits
    assert client_for(secretariat).post(url).status_code == 403
    assert client_for(focal_b).post(url).status_code == 404
    assert client_for(head_a).post(reverse("par:assessment_submit", args=[assessment.pk + 99])).status_code == 404
    assert client_for(head_a).get(url).status_code == 405


def test_it_lets_the_secretariat_return_a_submitted_assessment(assessment, focal_a, head_a, secretariat) -> None:  # type: ignore[no-untyped-def]
    complete(assessment, focal_a)
    svc.assessment_submit(actor=head_a, assessment=assessment, version=assessment.version)
    client = client_for(secretariat)
    url = reverse("par:assessment_return", args=[assessment.pk])
    page = client.get(reverse("par:assessment_detail", args=[assessment.pk])).content.decode()
    assert 'data-testid="return-form"' in page
    assert client.post(url, {"reason": "", "version": assessment.version}).status_code == 400
    response = client.post(url, {"reason": "Thiếu tài liệu kiểm chứng mục 1.1", "version": assessment.version})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    page = client_for(focal_a).get(reverse("par:assessment_detail", args=[assessment.pk])).content.decode()
    assert "Thiếu tài liệu kiểm chứng mục 1.1" in page and 'data-testid="score-form"' in page
    assert AuditEvent.objects.filter(action="par.assessment.return").count() == 1
    # A draft cannot be returned.
    assert client.post(url, {"reason": "Lần nữa", "version": assessment.version}).status_code == 400


def test_it_guards_the_return(assessment, focal_a, focal_b, appraiser, secretariat) -> None:  # type: ignore[no-untyped-def]
    url = reverse("par:assessment_return", args=[assessment.pk])
    assert client_for(focal_a).post(url, {"reason": "x"}).status_code == 403
    assert client_for(focal_b).post(url, {"reason": "x"}).status_code == 404
    assert (
        client_for(secretariat)
        .post(reverse("par:assessment_return", args=[assessment.pk + 99]), {"reason": "x"})
        .status_code
        == 404
    )
    assert client_for(secretariat).get(url).status_code == 405
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.SUBMITTED)
    assert client_for(appraiser).post(url, {"reason": "x"}).status_code == 403


def test_it_shows_the_appraisers_adjustments_to_the_unit(assessment, focal_a, head_a, appraiser) -> None:  # type: ignore[no-untyped-def]
    complete(assessment, focal_a)
    svc.assessment_submit(actor=head_a, assessment=assessment, version=assessment.version)
    for s in assessment.scores.select_related("criterion", "assessment__period"):
        if s.criterion.method.get("type") == "metric":
            continue
        if s.criterion.code == "1.1":
            svc.score_appraise(actor=appraiser, score=s, version=s.version, points="2.5", reason="Ban hành muộn")
        else:
            svc.score_appraise(actor=appraiser, score=s, version=s.version, points=None, accept=True)
    page = client_for(focal_a).get(reverse("par:assessment_detail", args=[assessment.pk])).content.decode()
    assert "Ban hành muộn" not in page  # the first round is still in progress
    assessment.refresh_from_db()
    svc.appraisal_conclude(actor=appraiser, assessment=assessment, version=assessment.version)
    page = client_for(focal_a).get(reverse("par:assessment_detail", args=[assessment.pk])).content.decode()
    assert "Ban hành muộn" in page and "2.50" in page
    assert page.count('data-testid="appraisal"') == 1  # only the adjusted criterion
    assert score(assessment, "1.1").round1_points == Decimal("2.50")
