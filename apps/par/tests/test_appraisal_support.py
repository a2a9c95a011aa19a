"""Shared state for the appraisal, explanation and publishing tests (no tests here).

Unit A's assessment is self-scored with evidence and submitted by its head through the real
services; unit B's stays a draft.
"""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.org.models import Role
from apps.org.tests.factories import user_with_role
from apps.par.models import Assessment, Evidence, Score
from apps.par.services import assessments as svc
from apps.par.services.evidence import evidence_upload
from apps.par.tests.factories import build_set, group_of, open_period

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SELF_DAY = datetime(2026, 1, 10, 9, tzinfo=TZ)  # before the self-assessment deadline (15/01/2026)
APPRAISAL_DAY = datetime(2026, 2, 1, 9, tzinfo=TZ)  # before the explanation deadline (28/02/2026)
AFTER_EXPLANATION = datetime(2026, 3, 2, 9, tzinfo=TZ)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SELF_VALUES = {"1.1": "3.5", "1.2": "1", "1.3": "0.9", "2.2": "1", "9.1": "1", "10.1": "0.5"}


def pdf(name: str = "ke-hoach.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def score_of(assessment: Assessment, code: str) -> Score:
    return Score.objects.select_related("criterion", "assessment__period").get(
        assessment=assessment, criterion__code=code
    )


def self_score_and_submit(assessment: Assessment, focal: Any, head: Any) -> Evidence:
    doc = evidence_upload(actor=focal, unit=assessment.unit, year=2025, title="Kế hoạch CCHC 2025", uploaded=pdf())
    for code, value in SELF_VALUES.items():
        s = score_of(assessment, code)
        svc.score_self_update(actor=focal, score=s, version=s.version, value=value, note=f"Ghi chú {code}")
    for code in ("1.1", "2.2"):
        s = score_of(assessment, code)
        svc.score_evidence_set(actor=focal, score=s, version=s.version, evidence=[doc])
    assessment.refresh_from_db()
    svc.assessment_submit(actor=head, assessment=assessment, version=assessment.version)
    assessment.refresh_from_db()
    return doc


def appraise_all(assessment: Assessment, actor: Any, flag: tuple[str, ...] = ("1.1",)) -> None:
    """First round through the services: accept everything, lower and flag the codes in `flag`."""
    for s in Score.objects.filter(assessment=assessment).select_related("criterion", "assessment__period"):
        if s.criterion.method.get("type") == "metric":
            continue
        if s.criterion.code in flag:
            s = svc.score_appraise(actor=actor, score=s, version=s.version, points="2.5", reason="Ban hành muộn")
            svc.score_request_explanation(actor=actor, score=s, version=s.version, note="Giải trình ngày ban hành")
        else:
            svc.score_appraise(actor=actor, score=s, version=s.version, points=None, accept=True)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Uploaded evidence goes to a temporary folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def appraiser2(province: Any) -> Any:
    return user_with_role("appraiser2", Role.APPRAISER, province, "Thành viên thẩm định 2")


@pytest.fixture
def submitted(unit_a: Any, unit_b: Any, focal_a: Any, head_a: Any, secretariat: Any) -> Assessment:
    """Unit A's assessment, submitted on 10/01/2026; unit B's left as a draft."""
    import time_machine

    with time_machine.travel(SELF_DAY):
        group = group_of(unit_a, unit_b)
        period = open_period(group, build_set(group), actor=secretariat)
        assessment = Assessment.objects.select_related("period", "unit").get(period=period, unit=unit_a)
        self_score_and_submit(assessment, focal_a, head_a)
    return assessment


@pytest.fixture
def explanation_requested(submitted: Assessment, appraiser: Any) -> Assessment:
    """Round 1 concluded with 1.1 flagged for explanation."""
    import time_machine

    with time_machine.travel(APPRAISAL_DAY):
        appraise_all(submitted, appraiser)
        submitted.refresh_from_db()
        svc.appraisal_conclude(actor=appraiser, assessment=submitted, version=submitted.version)
    submitted.refresh_from_db()
    return submitted


@pytest.fixture
def explained(explanation_requested: Assessment, focal_a: Any) -> Assessment:
    import time_machine

    assessment = explanation_requested
    with time_machine.travel(APPRAISAL_DAY):
        s11 = score_of(assessment, "1.1")
        svc.explanation_submit(
            actor=focal_a, assessment=assessment, version=assessment.version, answers={s11.pk: "Ban hành ngày 10/01"}
        )
    assessment.refresh_from_db()
    return assessment
