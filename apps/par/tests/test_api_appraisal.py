"""The appraisal through the API: appraise, request explanation, conclude, explain, finalise, publish."""

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from apps.par.models import Assessment, AssessmentStatus, PeriodStatus, Score, ScoringPeriod
from apps.par.services import assessments as svc
from apps.par.services.evidence import evidence_upload
from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
API = "/api/v1/par"
JSON = "application/json"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _during_appraisal(time_machine: Any) -> None:
    time_machine.move_to(datetime(2026, 1, 10, 9, tzinfo=TZ), tick=False)


def score(assessment: Assessment, code: str) -> Score:
    return assessment.scores.select_related("criterion", "assessment__period").get(criterion__code=code)


@pytest.fixture
def submitted(unit_a: Any, unit_b: Any, focal_a: Any, head_a: Any, secretariat: Any) -> Assessment:
    group = group_of(unit_a, unit_b)
    period = open_period(group, build_set(group), actor=secretariat)
    assessment = Assessment.objects.get(period=period, unit=unit_a)
    doc = evidence_upload(
        actor=focal_a,
        unit=unit_a,
        year=2025,
        title="Kế hoạch CCHC 2025",
        uploaded=SimpleUploadedFile("kh.pdf", PDF, content_type="application/pdf"),
    )
    for code, value in {"1.1": "3.5", "1.2": "1", "1.3": "0.9", "2.2": "1", "9.1": "1", "10.1": "0.5"}.items():
        s = score(assessment, code)
        svc.score_self_update(actor=focal_a, score=s, version=s.version, value=value)
    for code in ("1.1", "2.2"):
        s = score(assessment, code)
        svc.score_evidence_set(actor=focal_a, score=s, version=s.version, evidence=[doc])
    assessment.refresh_from_db()
    svc.assessment_submit(actor=head_a, assessment=assessment, version=assessment.version)
    assessment.refresh_from_db()
    return assessment


def appraise_all(assessment: Assessment, client: Client, adjust: str | None = "1.1") -> None:
    for s in assessment.scores.select_related("criterion"):
        if s.criterion.method.get("type") == "metric":
            continue
        payload: dict[str, Any] = {"version": s.version, "accept": True}
        if s.criterion.code == adjust:
            payload = {"version": s.version, "points": "2.5", "reason": "Kế hoạch ban hành muộn"}
        response = client.post(f"{API}/scores/{s.pk}/appraise", payload, content_type=JSON)
        assert response.status_code == 200, response.json()


def post(client: Client, url: str, payload: dict[str, Any]) -> Any:
    return client.post(url, payload, content_type=JSON)


# --- POST scores/{id}/appraise ------------------------------------------------------------------


def test_it_appraises_with_a_reason(submitted: Assessment, appraiser: Any) -> None:
    s = score(submitted, "1.1")
    response = post(
        client_for(appraiser),
        f"{API}/scores/{s.pk}/appraise",
        {"points": "2.5", "reason": "Kế hoạch ban hành muộn", "version": s.version},
    )
    assert response.status_code == 200
    assert response.json()["round1_points"] == "2.50"
    assert response.json()["round1_reason"] == "Kế hoạch ban hành muộn"


def test_it_accepts_in_one_call(submitted: Assessment, appraiser: Any) -> None:
    s = score(submitted, "1.1")
    response = post(client_for(appraiser), f"{API}/scores/{s.pk}/appraise", {"accept": True, "version": s.version})
    assert response.json()["round1_points"] == "3.50"


def test_it_needs_a_reason_for_a_different_score(submitted: Assessment, appraiser: Any) -> None:
    s = score(submitted, "1.1")
    response = post(client_for(appraiser), f"{API}/scores/{s.pk}/appraise", {"points": "1", "version": s.version})
    assert response.status_code == 400
    assert "reason" in str(response.json()["detail"])


def test_it_guards_the_appraisal(submitted: Assessment, appraiser: Any, focal_a: Any, citizen: Client) -> None:
    s = score(submitted, "1.1")
    url = f"{API}/scores/{s.pk}/appraise"
    payload = {"accept": True, "version": s.version}
    assert post(citizen, url, payload).status_code == 401
    assert post(client_for(focal_a), url, payload).status_code == 403
    assert post(client_for(appraiser), f"{API}/scores/999999/appraise", payload).status_code == 404
    assert client_for(appraiser).get(url).status_code == 405
    assert post(client_for(appraiser), url, payload).status_code == 200
    assert post(client_for(appraiser), url, payload).status_code == 409  # two appraisers, one version


def test_it_hides_another_units_score_from_its_people(submitted: Assessment, focal_b: Any) -> None:
    s = score(submitted, "1.1")
    assert post(client_for(focal_b), f"{API}/scores/{s.pk}/appraise", {"version": 1}).status_code == 404


# --- POST scores/{id}/request-explanation -------------------------------------------------------


def test_it_requests_an_explanation(submitted: Assessment, appraiser: Any) -> None:
    s = score(submitted, "1.1")
    url = f"{API}/scores/{s.pk}/request-explanation"
    response = post(client_for(appraiser), url, {"note": "Giải trình thời điểm ban hành", "version": s.version})
    assert response.status_code == 200
    assert response.json()["explanation_requested"] is True
    assert response.json()["explanation_request_note"] == "Giải trình thời điểm ban hành"


def test_it_guards_the_explanation_request(submitted: Assessment, appraiser: Any, head_a: Any, citizen: Client) -> None:
    s = score(submitted, "1.1")
    url = f"{API}/scores/{s.pk}/request-explanation"
    payload = {"note": "Giải trình", "version": s.version}
    assert post(citizen, url, payload).status_code == 401
    assert post(client_for(head_a), url, payload).status_code == 403
    assert post(client_for(appraiser), f"{API}/scores/999999/request-explanation", payload).status_code == 404
    assert client_for(appraiser).put(url, payload, content_type=JSON).status_code == 405
    assert post(client_for(appraiser), url, {"note": "", "version": s.version}).status_code == 400
    assert post(client_for(appraiser), url, {"note": "x", "version": s.version + 3}).status_code == 409


# --- POST assessments/{id}/conclude-appraisal, explanation, finalise ----------------------------


def test_it_runs_both_rounds_to_finalisation(
    submitted: Assessment, appraiser: Any, focal_a: Any, secretariat: Any
) -> None:
    client = client_for(appraiser)
    appraise_all(submitted, client)
    s = score(submitted, "1.1")
    post(client, f"{API}/scores/{s.pk}/request-explanation", {"note": "Giải trình", "version": s.version})
    submitted.refresh_from_db()

    response = post(client, f"{API}/assessments/{submitted.pk}/conclude-appraisal", {"version": submitted.version})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "explanation_requested"

    response = post(
        client_for(focal_a),
        f"{API}/assessments/{submitted.pk}/explanation",
        {"answers": {str(s.pk): "Ban hành ngày 10/01 do chờ ý kiến"}, "version": response.json()["version"]},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "explained"
    assert score(submitted, "1.1").explanation_text == "Ban hành ngày 10/01 do chờ ý kiến"

    s = score(submitted, "1.1")
    response = post(
        client, f"{API}/scores/{s.pk}/appraise", {"points": "3", "reason": "Chấp nhận một phần", "version": s.version}
    )
    assert response.json()["round2_points"] == "3.00"
    submitted.refresh_from_db()
    response = post(client, f"{API}/assessments/{submitted.pk}/conclude-appraisal", {"version": submitted.version})
    assert response.json()["status"] == "appraised"

    response = post(
        client_for(secretariat), f"{API}/assessments/{submitted.pk}/finalise", {"version": response.json()["version"]}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "finalised"
    assert submitted.result.appraised_points > 0  # type: ignore[attr-defined]


def test_it_refuses_to_conclude_before_every_criterion_is_appraised(submitted: Assessment, appraiser: Any) -> None:
    url = f"{API}/assessments/{submitted.pk}/conclude-appraisal"
    response = post(client_for(appraiser), url, {"version": submitted.version})
    assert response.status_code == 400
    assert "1.1" in str(response.json()["detail"])


def test_it_guards_the_conclusion(
    submitted: Assessment, appraiser: Any, focal_a: Any, focal_b: Any, citizen: Client
) -> None:
    appraise_all(submitted, client_for(appraiser), adjust=None)
    url = f"{API}/assessments/{submitted.pk}/conclude-appraisal"
    payload = {"version": submitted.version}
    assert post(citizen, url, payload).status_code == 401
    assert post(client_for(focal_a), url, payload).status_code == 403
    assert post(client_for(focal_b), url, payload).status_code == 404
    assert post(client_for(appraiser), f"{API}/assessments/999999/conclude-appraisal", payload).status_code == 404
    assert client_for(appraiser).get(url).status_code == 405
    assert post(client_for(appraiser), url, {"version": submitted.version - 1}).status_code == 409
    assert post(client_for(appraiser), url, payload).json()["status"] == "appraised"


@pytest.fixture
def explanation_requested(submitted: Assessment, appraiser: Any) -> Assessment:
    client = client_for(appraiser)
    appraise_all(submitted, client)
    s = score(submitted, "1.1")
    post(client, f"{API}/scores/{s.pk}/request-explanation", {"note": "Giải trình", "version": s.version})
    submitted.refresh_from_db()
    post(client, f"{API}/assessments/{submitted.pk}/conclude-appraisal", {"version": submitted.version})
    submitted.refresh_from_db()
    assert submitted.status == AssessmentStatus.EXPLANATION_REQUESTED
    return submitted


def test_it_attaches_library_documents_to_an_explanation(
    explanation_requested: Assessment, focal_a: Any, unit_a: Any
) -> None:
    doc = evidence_upload(
        actor=focal_a,
        unit=unit_a,
        year=2025,
        title="Công văn giải trình",
        uploaded=SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf"),
    )
    s = score(explanation_requested, "1.1")
    response = post(
        client_for(focal_a),
        f"{API}/assessments/{explanation_requested.pk}/explanation",
        {"answers": {str(s.pk): "Xem công văn"}, "evidence": {str(s.pk): [doc.pk]}, "version": 0},
    )
    assert response.status_code == 409  # stale version: nothing applied
    response = post(
        client_for(focal_a),
        f"{API}/assessments/{explanation_requested.pk}/explanation",
        {
            "answers": {str(s.pk): "Xem công văn"},
            "evidence": {str(s.pk): [doc.pk]},
            "version": explanation_requested.version,
        },
    )
    assert response.status_code == 200, response.json()
    assert list(score(explanation_requested, "1.1").explanation_evidence.all()) == [doc]


def test_it_refuses_an_explanation_document_id_too_large_for_the_database(
    explanation_requested: Assessment, focal_a: Any
) -> None:
    s = score(explanation_requested, "1.1")
    response = post(
        client_for(focal_a),
        f"{API}/assessments/{explanation_requested.pk}/explanation",
        {"answers": {str(s.pk): "Xem"}, "evidence": {str(s.pk): [10**30]}, "version": explanation_requested.version},
    )
    assert response.status_code == 400
    explanation_requested.refresh_from_db()
    assert explanation_requested.status == AssessmentStatus.EXPLANATION_REQUESTED


def test_it_guards_the_explanation(
    explanation_requested: Assessment, focal_a: Any, focal_b: Any, appraiser: Any, citizen: Client
) -> None:
    s = score(explanation_requested, "1.1")
    url = f"{API}/assessments/{explanation_requested.pk}/explanation"
    payload = {"answers": {str(s.pk): "Giải trình"}, "version": explanation_requested.version}
    assert post(citizen, url, payload).status_code == 401
    assert post(client_for(appraiser), url, payload).status_code == 403
    assert post(client_for(focal_b), url, payload).status_code == 404
    assert post(client_for(focal_a), f"{API}/assessments/999999/explanation", payload).status_code == 404
    assert client_for(focal_a).patch(url, payload, content_type=JSON).status_code == 405
    other = score(explanation_requested, "1.2")
    assert post(client_for(focal_a), url, {**payload, "answers": {str(other.pk): "x"}}).status_code == 400
    assert post(client_for(focal_a), url, payload).status_code == 200
    assert post(client_for(focal_a), url, {**payload, "version": payload["version"] + 1}).status_code == 400  # once


def test_it_guards_finalisation(
    submitted: Assessment, appraiser: Any, secretariat: Any, focal_b: Any, citizen: Client
) -> None:
    appraise_all(submitted, client_for(appraiser), adjust=None)
    post(client_for(appraiser), f"{API}/assessments/{submitted.pk}/conclude-appraisal", {"version": submitted.version})
    submitted.refresh_from_db()
    url = f"{API}/assessments/{submitted.pk}/finalise"
    payload = {"version": submitted.version}
    assert post(citizen, url, payload).status_code == 401
    assert post(client_for(appraiser), url, payload).status_code == 403
    assert post(client_for(focal_b), url, payload).status_code == 404
    assert post(client_for(secretariat), f"{API}/assessments/999999/finalise", payload).status_code == 404
    assert client_for(secretariat).get(url).status_code == 405
    assert post(client_for(secretariat), url, {"version": submitted.version - 1}).status_code == 409
    assert post(client_for(secretariat), url, payload).status_code == 200
    assert post(client_for(secretariat), url, {"version": submitted.version + 1}).status_code == 400  # already


# --- POST periods/{id}/publish ------------------------------------------------------------------


def test_it_publishes_when_every_assessment_is_finalised(submitted: Assessment, secretariat: Any) -> None:
    period = submitted.period
    url = f"{API}/periods/{period.pk}/publish"
    response = post(client_for(secretariat), url, {"version": period.version, "decision_reference": "123/QĐ-UBND"})
    assert response.status_code == 400
    assert "finalise" in str(response.json()["detail"])

    period.assessments.update(status=AssessmentStatus.FINALISED)
    response = post(client_for(secretariat), url, {"version": period.version, "decision_reference": "123/QĐ-UBND"})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "published"
    assert response.json()["decision_reference"] == "123/QĐ-UBND"
    assert ScoringPeriod.objects.get(pk=period.pk).status == PeriodStatus.PUBLISHED
    assert submitted.period.assessments.filter(result__isnull=False).count() == 2
    assert Decimal(response.json()["survey_points"]) == 0


def test_it_guards_publication(
    submitted: Assessment, secretariat: Any, head_a: Any, commune: Any, citizen: Client
) -> None:
    from apps.org.models import Role
    from apps.org.tests.factories import user_with_role

    period = submitted.period
    period.assessments.update(status=AssessmentStatus.FINALISED)
    url = f"{API}/periods/{period.pk}/publish"
    payload = {"version": period.version}
    outsider = user_with_role("outsider", Role.FOCAL_POINT, commune, "Xã")
    assert post(citizen, url, payload).status_code == 401
    assert post(client_for(head_a), url, payload).status_code == 403
    assert post(client_for(outsider), url, payload).status_code == 404
    assert post(client_for(secretariat), f"{API}/periods/999999/publish", payload).status_code == 404
    assert client_for(secretariat).get(url).status_code == 405
    assert post(client_for(secretariat), url, {"version": period.version + 1}).status_code == 409
    assert post(client_for(secretariat), url, payload).status_code == 200
