"""The unit's side through the API: PATCH scores/{id}, PUT scores/{id}/evidence,
POST assessments/{id}/submit and the secretariat's POST assessments/{id}/return."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from apps.core.models import AuditEvent
from apps.par.models import Assessment, AssessmentStatus, Evidence, Score
from apps.par.services.evidence import evidence_upload
from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
API = "/api/v1/par"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JSON = "application/json"


@pytest.fixture(autouse=True)
def _before_the_deadline(time_machine: Any) -> None:
    time_machine.move_to(datetime(2026, 1, 10, 9, tzinfo=TZ), tick=False)


@pytest.fixture
def assessment(unit_a: Any, unit_b: Any, secretariat: Any) -> Assessment:
    group = group_of(unit_a, unit_b)
    period = open_period(group, build_set(group), actor=secretariat)
    return Assessment.objects.get(period=period, unit=unit_a)


def score(assessment: Assessment, code: str) -> Score:
    return assessment.scores.get(criterion__code=code)


def document(unit: Any, actor: Any, title: str = "Kế hoạch CCHC 2025", year: int = 2025) -> Evidence:
    uploaded = SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf")
    return evidence_upload(actor=actor, unit=unit, year=year, title=title, uploaded=uploaded)


def fill(assessment: Assessment, client: Client, evidence: Evidence) -> None:
    """Score every self-scored leaf through the API, with evidence where required."""
    values = {"1.1": "3.5", "1.2": "1", "1.3": "0.9", "2.2": "1", "9.1": "1", "10.1": "0.5"}
    for code, value in values.items():
        s = score(assessment, code)
        response = client.patch(f"{API}/scores/{s.pk}", {"value": value, "version": s.version}, content_type=JSON)
        assert response.status_code == 200, response.json()
    for code in ("1.1", "2.2"):
        s = score(assessment, code)
        response = client.put(
            f"{API}/scores/{s.pk}/evidence", {"evidence_ids": [evidence.pk], "version": s.version}, content_type=JSON
        )
        assert response.status_code == 200, response.json()


# --- PATCH scores/{id} --------------------------------------------------------------------------


def test_it_updates_a_self_score(assessment: Assessment, focal_a: Any) -> None:
    s = score(assessment, "1.1")
    response = client_for(focal_a).patch(
        f"{API}/scores/{s.pk}", {"value": "3.5", "note": "Đã ban hành", "version": s.version}, content_type=JSON
    )
    assert response.status_code == 200
    body = response.json()
    assert body["self_points"] == "3.50"
    assert body["self_note"] == "Đã ban hành"
    assert body["code"] == "1.1"
    assert body["version"] == s.version + 1
    assert AuditEvent.objects.filter(action="par.score.self_update", object_id=str(s.pk)).exists()


def test_it_changes_only_the_fields_sent(assessment: Assessment, focal_a: Any) -> None:
    s = score(assessment, "1.1")
    client = client_for(focal_a)
    client.patch(f"{API}/scores/{s.pk}", {"value": "2", "version": s.version}, content_type=JSON)
    response = client.patch(f"{API}/scores/{s.pk}", {"note": "Ghi chú", "version": s.version + 1}, content_type=JSON)
    assert response.json()["self_points"] == "2.00"
    response = client.patch(f"{API}/scores/{s.pk}", {"value": None, "version": s.version + 2}, content_type=JSON)
    assert response.json()["self_points"] is None
    assert response.json()["self_note"] == "Ghi chú"


def test_it_scores_a_tiered_criterion_from_its_ratio(assessment: Assessment, focal_a: Any) -> None:
    s = score(assessment, "1.3")
    response = client_for(focal_a).patch(
        f"{API}/scores/{s.pk}", {"value": "0.85", "version": s.version}, content_type=JSON
    )
    assert response.json()["self_points"] == "1.50"


def test_it_refuses_a_score_out_of_range_with_the_services_message(assessment: Assessment, focal_a: Any) -> None:
    s = score(assessment, "1.1")
    response = client_for(focal_a).patch(
        f"{API}/scores/{s.pk}", {"value": "9", "version": s.version}, content_type=JSON
    )
    assert response.status_code == 400
    assert "between 0 and 4" in str(response.json()["detail"])


def test_it_refuses_a_stale_self_score(assessment: Assessment, focal_a: Any) -> None:
    s = score(assessment, "1.1")
    client = client_for(focal_a)
    assert (
        client.patch(f"{API}/scores/{s.pk}", {"value": "1", "version": s.version}, content_type=JSON).status_code == 200
    )
    response = client.patch(f"{API}/scores/{s.pk}", {"value": "2", "version": s.version}, content_type=JSON)
    assert response.status_code == 409
    assert response.json()["message"]
    s.refresh_from_db()
    assert s.self_points == 1


def test_it_refuses_changes_after_submission(assessment: Assessment, focal_a: Any) -> None:
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.SUBMITTED)
    s = score(assessment, "1.1")
    response = client_for(focal_a).patch(
        f"{API}/scores/{s.pk}", {"value": "1", "version": s.version}, content_type=JSON
    )
    assert response.status_code == 400
    assert "submitted" in str(response.json()["detail"])


def test_it_lets_only_the_units_own_people_edit(assessment: Assessment, secretariat: Any, appraiser: Any) -> None:
    s = score(assessment, "1.1")
    payload = {"value": "1", "version": s.version}
    assert client_for(secretariat).patch(f"{API}/scores/{s.pk}", payload, content_type=JSON).status_code == 403
    # an appraiser does not even see a draft
    assert client_for(appraiser).patch(f"{API}/scores/{s.pk}", payload, content_type=JSON).status_code == 404


def test_it_hides_another_units_score(assessment: Assessment, focal_b: Any) -> None:
    s = score(assessment, "1.1")
    response = client_for(focal_b).patch(
        f"{API}/scores/{s.pk}", {"value": "1", "version": s.version}, content_type=JSON
    )
    assert response.status_code == 404


def test_it_answers_404_for_a_missing_score(focal_a: Any) -> None:
    assert client_for(focal_a).patch(f"{API}/scores/999999", {"version": 1}, content_type=JSON).status_code == 404


def test_it_refuses_other_methods_on_a_score(assessment: Assessment, focal_a: Any) -> None:
    s = score(assessment, "1.1")
    assert client_for(focal_a).get(f"{API}/scores/{s.pk}").status_code == 405
    assert client_for(focal_a).post(f"{API}/scores/{s.pk}", {}, content_type=JSON).status_code == 405


def test_it_refuses_anonymous_score_edits(assessment: Assessment, citizen: Client) -> None:
    s = score(assessment, "1.1")
    assert citizen.patch(f"{API}/scores/{s.pk}", {"version": 1}, content_type=JSON).status_code == 401


def test_it_needs_a_version(assessment: Assessment, focal_a: Any) -> None:
    s = score(assessment, "1.1")
    assert client_for(focal_a).patch(f"{API}/scores/{s.pk}", {"value": "1"}, content_type=JSON).status_code == 422


# --- PUT scores/{id}/evidence -------------------------------------------------------------------


def test_it_attaches_documents_of_the_units_library(assessment: Assessment, focal_a: Any, unit_a: Any) -> None:
    doc = document(unit_a, focal_a)
    s = score(assessment, "1.1")
    response = client_for(focal_a).put(
        f"{API}/scores/{s.pk}/evidence", {"evidence_ids": [doc.pk], "version": s.version}, content_type=JSON
    )
    assert response.status_code == 200
    assert response.json()["evidence_ids"] == [doc.pk]
    assert list(s.evidence.all()) == [doc]


def test_it_refuses_another_units_document(assessment: Assessment, focal_a: Any, focal_b: Any, unit_b: Any) -> None:
    foreign = document(unit_b, focal_b)
    s = score(assessment, "1.1")
    response = client_for(focal_a).put(
        f"{API}/scores/{s.pk}/evidence", {"evidence_ids": [foreign.pk], "version": s.version}, content_type=JSON
    )
    assert response.status_code == 400
    assert not s.evidence.exists()


def test_it_refuses_a_document_of_another_year(assessment: Assessment, focal_a: Any, unit_a: Any) -> None:
    old = document(unit_a, focal_a, year=2024)
    s = score(assessment, "1.1")
    response = client_for(focal_a).put(
        f"{API}/scores/{s.pk}/evidence", {"evidence_ids": [old.pk], "version": s.version}, content_type=JSON
    )
    assert response.status_code == 400


@pytest.mark.parametrize("bad_id", [10**30, -(10**30), 0, -1])
def test_it_refuses_a_document_id_that_cannot_exist(assessment: Assessment, focal_a: Any, bad_id: int) -> None:
    s = score(assessment, "1.1")
    response = client_for(focal_a).put(
        f"{API}/scores/{s.pk}/evidence", {"evidence_ids": [bad_id], "version": s.version}, content_type=JSON
    )
    assert response.status_code == 400
    assert response.json()["detail"] == ["Evidence must come from your unit's library for this year."]
    assert not s.evidence.exists()


def test_it_refuses_a_stale_evidence_list(assessment: Assessment, focal_a: Any, unit_a: Any) -> None:
    doc = document(unit_a, focal_a)
    s = score(assessment, "1.1")
    response = client_for(focal_a).put(
        f"{API}/scores/{s.pk}/evidence", {"evidence_ids": [doc.pk], "version": s.version - 1}, content_type=JSON
    )
    assert response.status_code == 409


def test_it_guards_the_evidence_list(assessment: Assessment, focal_b: Any, secretariat: Any, citizen: Client) -> None:
    s = score(assessment, "1.1")
    url = f"{API}/scores/{s.pk}/evidence"
    payload = {"evidence_ids": [], "version": s.version}
    assert citizen.put(url, payload, content_type=JSON).status_code == 401
    assert client_for(secretariat).put(url, payload, content_type=JSON).status_code == 403
    assert client_for(focal_b).put(url, payload, content_type=JSON).status_code == 404
    assert client_for(focal_b).put(f"{API}/scores/999999/evidence", payload, content_type=JSON).status_code == 404
    assert client_for(secretariat).post(url, payload, content_type=JSON).status_code == 405


# --- POST assessments/{id}/submit ---------------------------------------------------------------


def test_it_submits_a_complete_assessment(assessment: Assessment, focal_a: Any, head_a: Any, unit_a: Any) -> None:
    fill(assessment, client_for(focal_a), document(unit_a, focal_a))
    assessment.refresh_from_db()
    response = client_for(head_a).post(
        f"{API}/assessments/{assessment.pk}/submit", {"version": assessment.version}, content_type=JSON
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "submitted"
    assert response.json()["version"] == assessment.version + 1


def test_it_lists_what_is_missing(assessment: Assessment, head_a: Any) -> None:
    response = client_for(head_a).post(
        f"{API}/assessments/{assessment.pk}/submit", {"version": assessment.version}, content_type=JSON
    )
    assert response.status_code == 400
    assert "1.1 has no score yet" in str(response.json()["detail"])


def test_it_lets_only_the_head_submit(assessment: Assessment, focal_a: Any, unit_a: Any) -> None:
    fill(assessment, client_for(focal_a), document(unit_a, focal_a))
    response = client_for(focal_a).post(
        f"{API}/assessments/{assessment.pk}/submit", {"version": assessment.version}, content_type=JSON
    )
    assert response.status_code == 403


def test_it_guards_submission(assessment: Assessment, focal_a: Any, head_a: Any, focal_b: Any, unit_a: Any) -> None:
    fill(assessment, client_for(focal_a), document(unit_a, focal_a))
    url = f"{API}/assessments/{assessment.pk}/submit"
    assert Client().post(url, {"version": 1}, content_type=JSON).status_code == 401
    assert client_for(focal_b).post(url, {"version": 1}, content_type=JSON).status_code == 404
    assert (
        client_for(head_a).post(f"{API}/assessments/999999/submit", {"version": 1}, content_type=JSON).status_code
        == 404
    )
    assert client_for(head_a).get(url).status_code == 405
    assert client_for(head_a).post(url, {"version": assessment.version + 5}, content_type=JSON).status_code == 409


# --- POST assessments/{id}/return ---------------------------------------------------------------


@pytest.fixture
def submitted(assessment: Assessment, focal_a: Any, head_a: Any, unit_a: Any) -> Assessment:
    fill(assessment, client_for(focal_a), document(unit_a, focal_a))
    assessment.refresh_from_db()
    client_for(head_a).post(
        f"{API}/assessments/{assessment.pk}/submit", {"version": assessment.version}, content_type=JSON
    )
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    return assessment


def test_it_returns_a_submitted_assessment(submitted: Assessment, secretariat: Any) -> None:
    response = client_for(secretariat).post(
        f"{API}/assessments/{submitted.pk}/return",
        {"reason": "Thiếu tài liệu kiểm chứng tiêu chí 1.3", "version": submitted.version},
        content_type=JSON,
    )
    assert response.status_code == 200
    assert response.json()["status"] == "draft"
    assert response.json()["return_reason"] == "Thiếu tài liệu kiểm chứng tiêu chí 1.3"


def test_it_needs_a_reason_to_return(submitted: Assessment, secretariat: Any) -> None:
    response = client_for(secretariat).post(
        f"{API}/assessments/{submitted.pk}/return", {"reason": " ", "version": submitted.version}, content_type=JSON
    )
    assert response.status_code == 400


def test_it_guards_the_return(submitted: Assessment, head_a: Any, secretariat: Any, citizen: Client) -> None:
    url = f"{API}/assessments/{submitted.pk}/return"
    payload = {"reason": "Thiếu", "version": submitted.version}
    assert citizen.post(url, payload, content_type=JSON).status_code == 401
    assert client_for(head_a).post(url, payload, content_type=JSON).status_code == 403
    missing = f"{API}/assessments/999999/return"
    assert client_for(secretariat).post(missing, payload, content_type=JSON).status_code == 404
    assert client_for(secretariat).put(url, payload, content_type=JSON).status_code == 405
    stale = {"reason": "Thiếu", "version": submitted.version - 1}
    assert client_for(secretariat).post(url, stale, content_type=JSON).status_code == 409
