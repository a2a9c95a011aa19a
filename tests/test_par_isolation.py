"""A focal point of one unit never reads or changes another unit's unpublished PAR data.

Walks every PAR page and every PAR API operation (found from the resolver and the OpenAPI
schema, so pages added later are covered), fills each id in the path with the ids of unit A's
private objects (assessment, scores, evidence, period, criteria set), and calls it as the focal
point of unit B with GET and with POST/PATCH/PUT. Unit A's data carries a marker text: it must
never appear in any response, and nothing of unit A's may change.
"""

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.par.models import Assessment, Score
from apps.par.services.assessments import score_evidence_set, score_self_update
from apps.par.services.evidence import evidence_upload
from apps.par.tests.factories import build_set, group_of, open_period
from config.api import api
from conftest import client_for
from tests.test_url_access import ROUTES

pytestmark = pytest.mark.django_db
MARKER = "MARKER-OF-UNIT-A"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NOW = datetime(2026, 1, 10, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def unit_a_private(
    unit_a: Any, unit_b: Any, focal_a: Any, focal_b: Any, secretariat: Any, tmp_path: Any, settings: Any
) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path
    group = group_of(unit_a, unit_b)
    criteria_set = build_set(group)
    with time_machine.travel(NOW):
        period = open_period(group, criteria_set, actor=secretariat)
        assessment = Assessment.objects.get(period=period, unit=unit_a)
        doc = evidence_upload(
            actor=focal_a,
            unit=unit_a,
            year=2025,
            title=f"{MARKER} evidence",
            uploaded=SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"),
        )
        score = assessment.scores.select_related("criterion", "assessment__period").get(criterion__code="1.1")
        score = score_self_update(
            actor=focal_a,
            score=score,
            version=score.version,
            value="2",
            note=f"{MARKER} note",
            no_evidence_reason=f"{MARKER} reason",
        )
        score_evidence_set(actor=focal_a, score=score, version=score.version, evidence=[doc])
    ids = {assessment.pk, doc.pk, period.pk, criteria_set.pk, *assessment.scores.values_list("pk", flat=True)}
    return {"assessment": assessment, "ids": sorted(ids)}


def _state(assessment: Assessment) -> list[tuple[Any, ...]]:
    assessment.refresh_from_db()
    scores = Score.objects.filter(assessment=assessment).order_by("pk")
    return [(assessment.status, assessment.version)] + [
        (s.pk, s.version, s.self_points, s.self_note, s.round1_points) for s in scores
    ]


def _par_page_urls(ids: list[int]) -> list[str]:
    urls = []
    for route in ROUTES:
        if not (route.name or "").startswith("par:"):
            continue
        pattern = route.route
        if "<" not in pattern:
            urls.append(route.url)
            continue
        for value in ids:
            urls.append("/" + re.sub(r"<int:\w+>", str(value), pattern))
    return urls


def _par_api_calls(ids: list[int]) -> list[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix=reverse("api-1.0.0:api-root"))
    calls = []
    for path, operations in schema["paths"].items():
        if "/par/" not in path:
            continue
        for method in operations:
            if "{" not in path:
                calls.append((method, path))
            for value in ids:
                calls.append((method, re.sub(r"\{\w+\}", str(value), path)))
    return calls


def test_it_never_shows_unit_a_data_to_unit_b_through_any_page(unit_a_private: dict[str, Any], focal_b: Any) -> None:
    client = client_for(focal_b)
    before = _state(unit_a_private["assessment"])
    checked = 0
    with time_machine.travel(NOW):
        for url in _par_page_urls(unit_a_private["ids"]):
            for response in (client.get(url), client.post(url, {"value": "0", "note": "x", "version": "1"})):
                body = response.content.decode(errors="replace") if not response.streaming else ""
                if response.streaming:
                    body = b"".join(response.streaming_content).decode(errors="replace")  # type: ignore[arg-type]
                assert MARKER not in body, f"{url} showed unit A's data to unit B ({response.status_code})"
                assert response.status_code < 500, url
                checked += 1
    assert checked > 100
    assert _state(unit_a_private["assessment"]) == before


def test_it_never_shows_unit_a_data_to_unit_b_through_the_api(unit_a_private: dict[str, Any], focal_b: Any) -> None:
    client = client_for(focal_b)
    before = _state(unit_a_private["assessment"])
    payload = {"value": "0", "note": "x", "version": 1, "evidence": [], "points": "0", "reason": "x"}
    checked = 0
    with time_machine.travel(NOW):
        for method, url in _par_api_calls(unit_a_private["ids"]):
            response = getattr(client, method)(url, payload, content_type="application/json")
            assert MARKER not in response.content.decode(), f"{method.upper()} {url} leaked unit A's data"
            assert response.status_code < 500, f"{method.upper()} {url}"
            checked += 1
    assert checked > 50
    assert _state(unit_a_private["assessment"]) == before


def test_it_shows_unit_a_its_own_data(unit_a_private: dict[str, Any], focal_a: Any) -> None:
    """The marker is really there: the walk above would catch a leak."""
    pk = unit_a_private["assessment"].pk
    with time_machine.travel(NOW):
        assert MARKER in client_for(focal_a).get(reverse("par:assessment_detail", args=[pk])).content.decode()
        assert MARKER in client_for(focal_a).get(f"/api/v1/par/assessments/{pk}").content.decode()
