"""The unit's explanation (giải trình): once, with text and files, before the deadline."""

from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.par.models import Assessment, AssessmentStatus, Evidence
from apps.par.tests.test_appraisal_support import (  # noqa: F401
    AFTER_EXPLANATION,
    APPRAISAL_DAY,
    _media_in_tmp,
    explanation_requested,
    pdf,
    score_of,
    submitted,
)
from conftest import client_for

pytestmark = pytest.mark.django_db


def url(assessment: Assessment) -> str:
    return reverse("par:explanation_form", args=[assessment.pk])


def answer(assessment: Assessment, text: str = "Kế hoạch ban hành ngày 10/01", **files: Any) -> dict[str, Any]:
    s11 = score_of(assessment, "1.1")
    data: dict[str, Any] = {"version": assessment.version, f"answer_{s11.pk}": text}
    if "upload" in files:
        data[f"files_{s11.pk}"] = files["upload"]
    return data


@time_machine.travel(APPRAISAL_DAY)
def test_it_lists_the_criteria_under_explanation(explanation_requested, focal_a) -> None:  # noqa: F811
    response = client_for(focal_a).get(url(explanation_requested))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="explain-1.1"' in body
    assert 'data-testid="explain-1.2"' not in body
    assert "Giải trình ngày ban hành" in body and "Ban hành muộn" in body and "2.50" in body
    assert 'enctype="multipart/form-data"' in body


@time_machine.travel(APPRAISAL_DAY)
def test_it_takes_the_explanation_once_with_files(explanation_requested, focal_a, unit_a) -> None:  # noqa: F811
    client = client_for(focal_a)
    assessment = explanation_requested
    response = client.post(url(assessment), answer(assessment, upload=[pdf("qd.pdf"), pdf("bc.pdf")]))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.EXPLAINED
    s11 = score_of(assessment, "1.1")
    assert s11.explanation_text == "Kế hoạch ban hành ngày 10/01"
    files = list(s11.explanation_evidence.all())
    assert len(files) == 2 and all(f.unit_id == unit_a.pk and f.year == 2025 for f in files)
    assert {f.original_name for f in files} == {"qd.pdf", "bc.pdf"}

    page = client.get(url(assessment))
    assert page.status_code == 200
    assert "already explained" in page.context["closed"]
    assert 'data-testid="explain-submit"' not in page.content.decode()
    again = client.post(url(assessment), answer(assessment, "lần hai"))
    assert again.status_code == 400
    assert score_of(assessment, "1.1").explanation_text == "Kế hoạch ban hành ngày 10/01"


@time_machine.travel(APPRAISAL_DAY)
def test_it_lets_the_unit_head_explain(explanation_requested, head_a) -> None:  # noqa: F811
    assert client_for(head_a).post(url(explanation_requested), answer(explanation_requested)).status_code == 302


@time_machine.travel(APPRAISAL_DAY)
def test_it_refuses_a_file_that_is_not_what_its_name_says(explanation_requested, focal_a) -> None:  # noqa: F811
    fake = SimpleUploadedFile("quyet-dinh.pdf", b"just some text, not a pdf" * 10, content_type="application/pdf")
    before = Evidence.objects.count()
    response = client_for(focal_a).post(url(explanation_requested), answer(explanation_requested, upload=[fake]))
    assert response.status_code == 400
    assert "1.1" in response.context["error"] and "quyet-dinh.pdf" in response.context["error"]
    assert Evidence.objects.count() == before
    explanation_requested.refresh_from_db()
    assert explanation_requested.status == AssessmentStatus.EXPLANATION_REQUESTED


@time_machine.travel(APPRAISAL_DAY)
def test_it_refuses_an_empty_or_stale_explanation(explanation_requested, focal_a) -> None:  # noqa: F811
    client = client_for(focal_a)
    assert client.post(url(explanation_requested), answer(explanation_requested, "  ")).status_code == 400
    stale = answer(explanation_requested)
    stale["version"] = explanation_requested.version - 1
    assert client.post(url(explanation_requested), stale).status_code == 409
    explanation_requested.refresh_from_db()
    assert explanation_requested.status == AssessmentStatus.EXPLANATION_REQUESTED


@time_machine.travel(AFTER_EXPLANATION)
def test_it_closes_the_form_after_the_deadline(explanation_requested, focal_a) -> None:  # noqa: F811
    client = client_for(focal_a)
    page = client.get(url(explanation_requested))
    assert page.status_code == 200
    assert "deadline" in page.context["closed"]
    assert 'data-testid="explain-submit"' not in page.content.decode()
    assert client.post(url(explanation_requested), answer(explanation_requested)).status_code == 400
    explanation_requested.refresh_from_db()
    assert explanation_requested.status == AssessmentStatus.EXPLANATION_REQUESTED


@time_machine.travel(APPRAISAL_DAY)
def test_it_says_when_nothing_is_asked(submitted, focal_a) -> None:  # noqa: F811
    page = client_for(focal_a).get(url(submitted))
    assert page.status_code == 200
    assert page.context["closed"]
    assert client_for(focal_a).post(url(submitted), {"version": submitted.version}).status_code == 400


@time_machine.travel(APPRAISAL_DAY)
def test_it_hides_the_form_from_other_units_and_refuses_appraisers(
    explanation_requested,  # noqa: F811
    focal_b,
    appraiser,
    secretariat,
) -> None:
    assessment = explanation_requested
    assert client_for(focal_b).get(url(assessment)).status_code == 404
    assert client_for(focal_b).post(url(assessment), answer(assessment)).status_code == 404
    for user in (appraiser, secretariat):
        assert client_for(user).get(url(assessment)).status_code == 403
        assert client_for(user).post(url(assessment), answer(assessment)).status_code == 403
    missing = reverse("par:explanation_form", args=[999999])
    assert client_for(appraiser).post(missing).status_code == 404
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.EXPLANATION_REQUESTED


@time_machine.travel(APPRAISAL_DAY)
def test_it_refuses_other_methods(explanation_requested, focal_a) -> None:  # noqa: F811
    client = client_for(focal_a)
    assert client.put(url(explanation_requested)).status_code == 405
    assert client.delete(url(explanation_requested)).status_code == 405
