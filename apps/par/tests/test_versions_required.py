"""Fix 3: a versioned write without the version the client read is refused (400), never applied."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.par.models import Assessment, AssessmentStatus, Evidence, Score
from apps.par.services import assessments as svc
from apps.par.services.evidence import evidence_upload
from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _before_the_deadline(time_machine: Any) -> None:
    time_machine.move_to(datetime(2026, 1, 10, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


@pytest.fixture
def assessment(unit_a: Any, unit_b: Any, secretariat: Any, focal_a: Any, head_a: Any) -> Assessment:
    group = group_of(unit_a, unit_b)
    period = open_period(group, build_set(group), actor=secretariat)
    return Assessment.objects.get(period=period, unit=unit_a)


def score(assessment: Assessment, code: str) -> Score:
    return assessment.scores.get(criterion__code=code)


def test_it_refuses_a_score_save_without_a_version(assessment: Assessment, focal_a: Any) -> None:
    s = score(assessment, "1.1")
    response = client_for(focal_a).post(reverse("par:score_save", args=[s.pk]), {"value": "3"}, **HX)
    assert response.status_code == 400
    assert "version" in response.content.decode()
    s.refresh_from_db()
    assert (s.self_points, s.version) == (None, 1)


def test_it_refuses_attaching_evidence_without_a_version(assessment: Assessment, focal_a: Any, unit_a: Any) -> None:
    doc = evidence_upload(
        actor=focal_a,
        unit=unit_a,
        year=2025,
        title="Kế hoạch",
        uploaded=SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"),
    )
    s = score(assessment, "1.1")
    response = client_for(focal_a).post(reverse("par:score_evidence", args=[s.pk]), {"attach": doc.pk}, **HX)
    assert response.status_code == 400
    assert not s.evidence.exists()


def test_it_refuses_an_upload_without_a_version(assessment: Assessment, focal_a: Any) -> None:
    s = score(assessment, "1.1")
    uploaded = SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    response = client_for(focal_a).post(
        reverse("par:score_upload", args=[s.pk]), {"title": "Kế hoạch", "file": uploaded}, **HX
    )
    assert response.status_code == 400
    assert not s.evidence.exists()
    assert not Evidence.objects.exists()  # the upload is undone with the refused attach


def test_it_refuses_a_submission_without_a_version(assessment: Assessment, head_a: Any) -> None:
    response = client_for(head_a).post(reverse("par:assessment_submit", args=[assessment.pk]), {})
    assert response.status_code == 400
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT


def test_it_refuses_a_service_call_without_a_version(assessment: Assessment, focal_a: Any) -> None:
    s = score(assessment, "1.1")
    with pytest.raises(Exception, match="version"):
        svc.score_self_update(actor=focal_a, score=s, version=None, value="3")
    s.refresh_from_db()
    assert s.self_points is None


def test_it_refuses_a_period_or_criterion_edit_without_a_version(assessment: Assessment, secretariat: Any) -> None:
    from apps.core.errors import VersionMissingError
    from apps.par.services import criteria as criteria_svc
    from apps.par.services.periods import period_update

    period = assessment.period
    with pytest.raises(VersionMissingError):
        period_update(actor=secretariat, period=period, version=None, name="Đổi tên")  # type: ignore[arg-type]
    criterion = period.criteria_set.nodes.get(code="1.1")
    with pytest.raises(VersionMissingError):
        criteria_svc.criterion_update(actor=secretariat, criterion=criterion, version=None, name="Đổi tên")  # type: ignore[arg-type]
    period.refresh_from_db()
    criterion.refresh_from_db()
    assert period.name != "Đổi tên" and criterion.name != "Đổi tên"


def test_it_refuses_correcting_a_measured_value_without_a_version(
    assessment: Assessment, secretariat: Any, unit_a: Any
) -> None:
    from decimal import Decimal

    from apps.core.errors import VersionMissingError
    from apps.par.services.measured import measured_value_set

    period = assessment.period
    first = measured_value_set(
        actor=secretariat,
        period=period,
        unit=unit_a,
        metric="directives.on_time_rate",
        value=Decimal("0.5"),
        source_note="x",
    )
    with pytest.raises(VersionMissingError):
        measured_value_set(
            actor=secretariat,
            period=period,
            unit=unit_a,
            metric="directives.on_time_rate",
            value=Decimal("0.9"),
            source_note="y",
        )
    first.refresh_from_db()
    assert first.value == Decimal("0.5")
