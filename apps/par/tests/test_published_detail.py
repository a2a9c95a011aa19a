"""Fix 8: once published, other units see an assessment's points per criterion and totals, not its
notes, explanations, appraisers' reasons or evidence titles (those stay with the unit, the
appraisers, the secretariat and leaders)."""

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.par.models import Assessment, Score
from apps.par.services.evidence import evidence_upload
from apps.par.tests.test_results_support import publish, small_scenario
from conftest import client_for

pytestmark = pytest.mark.django_db
API = "/api/v1/par"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SECRETS = ["Ghi chú nội bộ", "Không có văn bản vì", "Kế hoạch ban hành muộn", "Giải trình riêng", "Tệp bí mật"]


@pytest.fixture
def published(unit_a: Any, unit_b: Any, focal_a: Any) -> Assessment:
    period = publish(small_scenario(unit_a, unit_b))
    assessment = Assessment.objects.get(period=period, unit=unit_a)
    Score.objects.filter(assessment=assessment, criterion__code="1.1").update(
        self_note="Ghi chú nội bộ", no_evidence_reason="Không có văn bản vì", explanation_text="Giải trình riêng"
    )
    doc = evidence_upload(
        actor=focal_a,
        unit=unit_a,
        year=2025,
        title="Tệp bí mật",
        uploaded=SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"),
    )
    assessment.scores.get(criterion__code="1.1").evidence.add(doc)
    return assessment


def test_it_gives_another_unit_points_but_no_detail_through_the_api(published: Assessment, focal_b: Any) -> None:
    response = client_for(focal_b).get(f"{API}/assessments/{published.pk}")
    assert response.status_code == 200
    body = json.dumps(response.json(), ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in body
    score = next(s for s in response.json()["scores"] if s["code"] == "1.1")
    assert score["self_points"] == "4.00" and score["round1_points"] == "2.00"
    assert score["evidence_ids"] == [] and score["round1_reason"] == ""


def test_it_gives_another_unit_points_but_no_detail_on_the_page(published: Assessment, focal_b: Any) -> None:
    response = client_for(focal_b).get(reverse("par:assessment_detail", args=[published.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    for secret in SECRETS:
        assert secret not in body


def test_it_keeps_the_detail_for_the_unit_and_the_secretariat(
    published: Assessment, focal_a: Any, secretariat: Any
) -> None:
    for user in (focal_a, secretariat):
        body = json.dumps(client_for(user).get(f"{API}/assessments/{published.pk}").json(), ensure_ascii=False)
        assert "Ghi chú nội bộ" in body and "Kế hoạch ban hành muộn" in body


@pytest.mark.parametrize("action", ["VIEW_ASSESSMENT", "VIEW_ASSESSMENT_DETAIL", "EDIT_SELF", "SUBMIT"])
def test_it_scopes_lists_as_it_decides_one_assessment(
    published: Assessment, action: str, focal_a: Any, focal_b: Any, head_a: Any, appraiser: Any, leader: Any
) -> None:
    from apps.org.permissions import can, scope
    from apps.par.permissions import ParAction

    act = ParAction[action]
    assessments = list(Assessment.objects.select_related("period"))
    for user in (focal_a, focal_b, head_a, appraiser, leader):
        listed = set(scope(user, act, Assessment.objects.all()).values_list("pk", flat=True))
        assert listed == {a.pk for a in assessments if can(user, act, a)}, (user, action)
