"""Fix 1 and fix 10: a score input is checked against its method and its column before anything is
stored, on the page and in the API alike; notes longer than the limit are refused, not truncated."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from apps.par.models import Assessment, AssessmentStatus, Score
from apps.par.services import assessments as svc
from apps.par.services._common import TEXT_MAX
from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

pytestmark = pytest.mark.django_db
API = "/api/v1/par"
JSON = "application/json"
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _before_the_deadline(time_machine: Any) -> None:
    time_machine.move_to(datetime(2026, 1, 10, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


@pytest.fixture
def assessment(unit_a: Any, unit_b: Any, secretariat: Any) -> Assessment:
    group = group_of(unit_a, unit_b)
    period = open_period(group, build_set(group), actor=secretariat)
    return Assessment.objects.get(period=period, unit=unit_a)


def score(assessment: Assessment, code: str) -> Score:
    return assessment.scores.select_related("criterion", "assessment__period").get(criterion__code=code)


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("1.3", "100000000"),  # tiers: a ratio far beyond the column
        ("1.3", "1000"),  # tiers: 100,000 %
        ("1.2", "2.5"),  # deduction: not a whole number of occurrences
        ("1.2", "100000000"),
        ("2.2", "0.00001"),  # done: neither 0 nor 1
        ("2.2", "2"),
        ("1.1", "100000000"),  # manual: beyond the maximum
    ],
)
def test_it_refuses_an_out_of_range_value_in_the_api_and_stores_nothing(
    assessment: Assessment, focal_a: Any, code: str, value: str
) -> None:
    s = score(assessment, code)
    client = client_for(focal_a)
    response = client.patch(f"{API}/scores/{s.pk}", {"value": value, "version": s.version}, content_type=JSON)
    assert response.status_code in (400, 422), response.content
    s.refresh_from_db()
    assert (s.self_value, s.self_points, s.version) == (None, None, 1)
    # The assessment still reads everywhere.
    assert client.get(f"{API}/assessments/{assessment.pk}").status_code == 200
    assert client.get(reverse("par:assessment_detail", args=[assessment.pk])).status_code == 200
    assert client.get(reverse("par:assessment_report_docx", args=[assessment.pk])).status_code == 200


def test_it_refuses_a_tiers_ratio_beyond_the_method_with_a_400_message(assessment: Assessment, focal_a: Any) -> None:
    s = score(assessment, "1.3")
    response = client_for(focal_a).patch(
        f"{API}/scores/{s.pk}", {"value": "1000", "version": s.version}, content_type=JSON
    )
    assert response.status_code == 400
    assert "percentage" in response.content.decode()


def test_it_refuses_a_huge_percentage_on_the_page_next_to_the_field(assessment: Assessment, focal_a: Any) -> None:
    s = score(assessment, "1.3")
    response = client_for(focal_a).post(
        reverse("par:score_save", args=[s.pk]), {"value": "10000000000", "version": s.version}, **HX
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert f'id="leaf-{s.pk}"' in body
    assert "percentage between 0 and 10.000" in body
    assert f'id="err-{s.pk}"' in body and 'value="10000000000"' in body  # under the field, the value kept
    s.refresh_from_db()
    assert s.self_value is None and s.version == 1


def test_it_gives_done_points_only_for_one(assessment: Assessment, focal_a: Any) -> None:
    s = score(assessment, "2.2")
    with pytest.raises(Exception, match="1 \\(done\\) or 0"):
        svc.score_self_update(actor=focal_a, score=s, version=s.version, value="0.00001")
    done = svc.score_self_update(actor=focal_a, score=s, version=s.version, value="1")
    assert done.self_points == s.criterion.max_points
    not_done = svc.score_self_update(actor=focal_a, score=done, version=done.version, value="0")
    assert not_done.self_points == 0


def test_it_refuses_appraised_points_with_more_than_two_decimals(
    assessment: Assessment, focal_a: Any, appraiser: Any
) -> None:
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.SUBMITTED)
    s = score(assessment, "1.1")
    response = client_for(appraiser).post(
        f"{API}/scores/{s.pk}/appraise", {"points": "1.005", "reason": "x", "version": s.version}, content_type=JSON
    )
    assert response.status_code in (400, 422)  # the schema declares two decimals; the service checks too
    s.refresh_from_db()
    assert s.round1_points is None


def test_it_refuses_a_note_past_the_limit_on_the_page_instead_of_truncating(
    assessment: Assessment, focal_a: Any
) -> None:
    s = score(assessment, "1.1")
    response = client_for(focal_a).post(
        reverse("par:score_save", args=[s.pk]),
        {"value": "3", "note": "x" * (TEXT_MAX + 1), "version": s.version},
        **HX,
    )
    assert response.status_code == 400
    assert "too long" in response.content.decode()
    s.refresh_from_db()
    assert s.self_note == "" and s.self_points is None


def test_it_refuses_a_note_past_the_limit_in_the_api(assessment: Assessment, focal_a: Any) -> None:
    s = score(assessment, "1.1")
    response = client_for(focal_a).patch(
        f"{API}/scores/{s.pk}", {"note": "x" * (TEXT_MAX + 1), "version": s.version}, content_type=JSON
    )
    assert response.status_code in (400, 422)
    s.refresh_from_db()
    assert s.self_note == ""


def test_it_refuses_a_nul_character_in_a_note_on_the_page(assessment: Assessment, focal_a: Any) -> None:
    """PostgreSQL cannot store NUL: the page refuses it with a message instead of a 500 in production."""
    s = score(assessment, "1.1")
    response = client_for(focal_a).post(
        reverse("par:score_save", args=[s.pk]), {"value": "3", "note": "a\x00b", "version": s.version}, **HX
    )
    assert response.status_code == 400
    assert "Null characters are not allowed" in response.content.decode()
    s.refresh_from_db()
    assert s.self_note == "" and s.self_points is None


def test_it_refuses_a_nul_character_in_a_note_in_the_api(assessment: Assessment, focal_a: Any) -> None:
    s = score(assessment, "1.1")
    response = client_for(focal_a).patch(
        f"{API}/scores/{s.pk}", {"note": "a\x00b", "version": s.version}, content_type=JSON
    )
    assert response.status_code == 422
    s.refresh_from_db()
    assert s.self_note == ""
