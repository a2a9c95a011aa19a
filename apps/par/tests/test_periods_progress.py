from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.org.tests.factories import UnitFactory
from apps.par.models import Assessment, AssessmentStatus, CriterionExclusion
from apps.par.services import assessments as svc
from apps.par.services.evidence import evidence_upload
from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def score(assessment, code):  # type: ignore[no-untyped-def]
    return assessment.scores.select_related("criterion", "assessment__period").get(criterion__code=code)


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_counts_scored_leaves_and_missing_evidence(settings, tmp_path, secretariat, focal_a, unit_a, unit_b) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    group = group_of(unit_a, unit_b)
    criteria_set = build_set(group)
    period = open_period(group, criteria_set)
    # 1.3 does not apply to unit A: 5 applicable leaves scored by the unit (2.1 is measured).
    CriterionExclusion.objects.create(criterion=criteria_set.nodes.get(code="1.3"), unit=unit_a, reason="Không có")
    a = Assessment.objects.get(period=period, unit=unit_a)
    for code, value in {"1.1": "4", "1.2": "0", "2.2": "1"}.items():
        s = score(a, code)
        svc.score_self_update(actor=focal_a, score=s, version=s.version, value=value)
    doc = evidence_upload(actor=focal_a, unit=unit_a, year=2025, title="KH", uploaded=SimpleUploadedFile("kh.pdf", PDF))
    s = score(a, "1.1")
    svc.score_evidence_set(actor=focal_a, score=s, version=s.version, evidence=[doc])
    # 2.2 needs evidence and has none; unit B has two such leaves (1.1 and 2.2).
    b = Assessment.objects.get(period=period, unit=unit_b)
    Assessment.objects.filter(pk=b.pk).update(
        status=AssessmentStatus.SUBMITTED, submitted_at=datetime(2026, 1, 9, 8, tzinfo=TZ)
    )

    response = client_for(secretariat).get(reverse("par:period_progress", args=[period.pk]))
    assert response.status_code == 200
    rows = {row["assessment"].unit_id: row for row in response.context["rows"]}
    assert (rows[unit_a.pk]["scored"], rows[unit_a.pk]["total"], rows[unit_a.pk]["lacking_evidence"]) == (3, 5, 1)
    assert (rows[unit_b.pk]["scored"], rows[unit_b.pk]["total"], rows[unit_b.pk]["lacking_evidence"]) == (0, 6, 2)
    body = response.content.decode()
    assert "3 / 5" in body and "09/01/2026" in body

    filtered = client_for(secretariat).get(reverse("par:period_progress", args=[period.pk]), {"status": "submitted"})
    assert [row["assessment"].unit_id for row in filtered.context["rows"]] == [unit_b.pk]
    bad = client_for(secretariat).get(reverse("par:period_progress", args=[period.pk]), {"status": "nope"})
    assert bad.status_code == 400


def test_it_costs_the_same_queries_for_few_and_many_units(secretariat, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    def page_for(count: int, code: str):  # type: ignore[no-untyped-def]
        units = [UnitFactory() for _ in range(count)]
        group = group_of(*units, code=code)
        period = open_period(group, build_set(group, year=2020 + count))
        return reverse("par:period_progress", args=[period.pk])

    client = client_for(secretariat)
    small, large = page_for(2, "g-small"), page_for(25, "g-large")
    client.get(small)  # warm the session
    with django_assert_max_num_queries(12):
        assert client.get(small).status_code == 200
    with django_assert_max_num_queries(12):
        response = client.get(large)
    assert len(response.context["rows"]) == 25


def test_it_shows_progress_to_province_roles_only(focal_a, leader, unit_a) -> None:  # type: ignore[no-untyped-def]
    group = group_of(unit_a)
    period = open_period(group, build_set(group))
    assert client_for(leader).get(reverse("par:period_progress", args=[period.pk])).status_code == 200
    assert client_for(focal_a).get(reverse("par:period_progress", args=[period.pk])).status_code == 403
    assert client_for(leader).get(reverse("par:period_progress", args=[period.pk + 50])).status_code == 404
    assert client_for(leader).post(reverse("par:period_progress", args=[period.pk])).status_code == 405
