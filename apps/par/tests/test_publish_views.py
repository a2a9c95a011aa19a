"""Finalising appraised assessments and publishing a period (secretariat only)."""

from typing import Any

import pytest
import time_machine
from django.urls import reverse

from apps.org.tests.factories import UnitFactory
from apps.par.models import Assessment, AssessmentStatus, PeriodStatus, ScoringPeriod
from apps.par.services import assessments as svc
from apps.par.tests.factories import build_set, group_of, open_period
from apps.par.tests.test_appraisal_support import (  # noqa: F401
    APPRAISAL_DAY,
    _media_in_tmp,
    appraise_all,
    score_of,
    submitted,
)
from conftest import client_for

pytestmark = pytest.mark.django_db
CONFIRM = {"confirm": "yes"}  # finalising asks for a confirmation first


@pytest.fixture
def appraised(submitted: Assessment, appraiser: Any) -> Assessment:  # noqa: F811
    with time_machine.travel(APPRAISAL_DAY):
        appraise_all(submitted, appraiser, flag=())
        svc.appraisal_conclude(actor=appraiser, assessment=submitted, version=submitted.version)
    submitted.refresh_from_db()
    return submitted


def page_url(period: ScoringPeriod) -> str:
    return reverse("par:period_finalise", args=[period.pk])


def other(assessment: Assessment, unit: Any) -> Assessment:
    return Assessment.objects.get(period=assessment.period, unit=unit)


@time_machine.travel(APPRAISAL_DAY)
def test_it_lists_the_assessments_of_the_period(appraised, secretariat) -> None:
    response = client_for(secretariat).get(page_url(appraised.period))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sở Tư pháp" in body and "Sở Y tế" in body
    assert reverse("par:assessment_finalise_confirm", args=[appraised.pk]) in body
    assert response.context["appraised"] == 1 and response.context["pending"] == 2


@time_machine.travel(APPRAISAL_DAY)
def test_it_finalises_one_assessment(appraised, secretariat) -> None:
    url = reverse("par:assessment_finalise", args=[appraised.pk])
    response = client_for(secretariat).post(url, {"version": appraised.version, "confirm": "yes"})
    assert response.status_code == 302
    assert response["Location"] == page_url(appraised.period)
    appraised.refresh_from_db()
    assert appraised.status == AssessmentStatus.FINALISED
    assert appraised.result.total_points > 0


@time_machine.travel(APPRAISAL_DAY)
def test_it_refuses_to_finalise_an_assessment_that_is_not_appraised(submitted, secretariat) -> None:  # noqa: F811
    url = reverse("par:assessment_finalise", args=[submitted.pk])
    response = client_for(secretariat).post(url, {"version": submitted.version, "confirm": "yes"})
    assert response.status_code == 400
    assert response.context["error"]
    assert client_for(secretariat).post(url, {"version": "abc"}).status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == AssessmentStatus.SUBMITTED


@time_machine.travel(APPRAISAL_DAY)
def test_it_refuses_a_stale_finalisation(appraised, secretariat) -> None:
    url = reverse("par:assessment_finalise", args=[appraised.pk])
    assert client_for(secretariat).post(url, {"version": appraised.version - 1, "confirm": "yes"}).status_code == 409


@time_machine.travel(APPRAISAL_DAY)
def test_it_finalises_every_appraised_assessment_at_once(appraised, secretariat, unit_b) -> None:
    b = other(appraised, unit_b)
    response = client_for(secretariat).post(reverse("par:period_finalise_all", args=[appraised.period_id]), CONFIRM)
    assert response.status_code == 302
    appraised.refresh_from_db()
    b.refresh_from_db()
    assert (appraised.status, b.status) == (AssessmentStatus.FINALISED, AssessmentStatus.DRAFT)
    again = client_for(secretariat).post(reverse("par:period_finalise_all", args=[appraised.period_id]), CONFIRM)
    assert again.status_code == 302  # nothing left: a message, not an error


@time_machine.travel(APPRAISAL_DAY)
def test_it_refuses_to_publish_while_an_assessment_is_not_finalised(appraised, secretariat) -> None:
    client = client_for(secretariat)
    client.post(reverse("par:period_finalise_all", args=[appraised.period_id]), CONFIRM)
    period = ScoringPeriod.objects.get(pk=appraised.period_id)
    response = client.post(
        reverse("par:period_publish", args=[period.pk]), {"version": period.version, "decision_reference": "1/QĐ"}
    )
    assert response.status_code == 400
    assert "not finalised" in response.context["error"]
    period.refresh_from_db()
    assert period.status == PeriodStatus.OPEN


@time_machine.travel(APPRAISAL_DAY)
def test_it_publishes_and_then_shows_no_edit_controls(appraised, secretariat, appraiser, unit_b) -> None:
    client = client_for(secretariat)
    client.post(reverse("par:period_finalise_all", args=[appraised.period_id]), CONFIRM)
    Assessment.objects.filter(pk=other(appraised, unit_b).pk).update(status=AssessmentStatus.FINALISED)
    period = ScoringPeriod.objects.get(pk=appraised.period_id)
    response = client.post(
        reverse("par:period_publish", args=[period.pk]),
        {"version": period.version, "decision_reference": "123/QĐ-UBND"},
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert (period.status, period.decision_reference) == (PeriodStatus.PUBLISHED, "123/QĐ-UBND")

    page = client.get(page_url(period)).content.decode()
    assert 'data-testid="published"' in page
    assert 'data-testid="publish"' not in page and 'data-testid="finalise-all"' not in page
    detail = client_for(appraiser).get(reverse("par:appraisal_detail", args=[appraised.pk]))
    assert detail.status_code == 200
    assert not detail.context["state"].open
    assert reverse("par:score_accept", args=[score_of(appraised, "1.1").pk]) not in detail.content.decode()
    assert 'data-testid="conclude"' not in detail.content.decode()
    s = score_of(appraised, "1.1")
    refused = client_for(appraiser).post(
        reverse("par:score_appraise", args=[s.pk]), {"version": s.version, "points": "0", "reason": "x"}
    )
    assert refused.status_code == 400
    again = client.post(reverse("par:period_publish", args=[period.pk]), {"version": period.version})
    assert again.status_code == 400
    assert client.post(reverse("par:period_finalise_all", args=[period.pk]), CONFIRM).status_code == 400


@time_machine.travel(APPRAISAL_DAY)
def test_it_keeps_finalising_and_publishing_to_the_secretariat(
    appraised, appraiser, focal_a, head_a, focal_b, leader
) -> None:
    period = appraised.period
    finalise = reverse("par:assessment_finalise", args=[appraised.pk])
    for user in (appraiser, focal_a, head_a, leader):
        client = client_for(user)
        assert client.get(page_url(period)).status_code == 403
        assert client.post(finalise, {"version": appraised.version}).status_code == 403
        assert client.post(reverse("par:period_finalise_all", args=[period.pk])).status_code == 403
        assert client.post(reverse("par:period_publish", args=[period.pk]), {"version": 1}).status_code == 403
    assert client_for(focal_b).post(finalise, {"version": appraised.version}).status_code == 404
    appraised.refresh_from_db()
    assert appraised.status == AssessmentStatus.APPRAISED


def test_it_answers_404_for_missing_objects(secretariat) -> None:
    client = client_for(secretariat)
    assert client.get(reverse("par:period_finalise", args=[999999])).status_code == 404
    assert client.post(reverse("par:assessment_finalise", args=[999999]), {"version": 1}).status_code == 404
    assert client.post(reverse("par:period_finalise_all", args=[999999])).status_code == 404
    assert client.post(reverse("par:period_publish", args=[999999]), {"version": 1}).status_code == 404


@time_machine.travel(APPRAISAL_DAY)
def test_it_refuses_other_methods(appraised, secretariat) -> None:
    client = client_for(secretariat)
    period = appraised.period
    assert client.post(page_url(period)).status_code == 405
    assert client.get(reverse("par:assessment_finalise", args=[appraised.pk])).status_code == 405
    assert client.get(reverse("par:period_finalise_all", args=[period.pk])).status_code == 405
    assert client.get(reverse("par:period_publish", args=[period.pk])).status_code == 405


def _period_with_units(count: int, secretariat: Any, province: Any, year: int) -> ScoringPeriod:
    units = [UnitFactory(parent=province, name=f"Xã {year}-{i}") for i in range(count)]
    group = group_of(*units, code=f"g{year}")
    period: ScoringPeriod = open_period(group, build_set(group, year=year), actor=secretariat)
    from apps.par.services.results import results_recompute

    results_recompute(period=period)
    return period


@time_machine.travel(APPRAISAL_DAY)
def test_it_runs_a_fixed_number_of_queries_for_the_finalise_page(
    secretariat, province, django_assert_max_num_queries
) -> None:
    client = client_for(secretariat)
    small = _period_with_units(2, secretariat, province, 2025)
    large = _period_with_units(12, secretariat, province, 2024)
    client.get(page_url(small))
    with django_assert_max_num_queries(15) as counted:
        assert len(client.get(page_url(small)).context["assessments"]) == 2
    with django_assert_max_num_queries(len(counted.captured_queries)):
        assert len(client.get(page_url(large)).context["assessments"]) == 12
