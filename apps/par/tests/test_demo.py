"""The PAR Index demo: criteria sets for 2024 and 2025, 2024 published, 2025 in every state.

Loading the province and its PAR data takes a while (138 units x 2 years), so one test loads it
once and checks everything it must hold; the outline files are checked without a database.
"""

from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from apps.core.audit import verify_audit_chain
from apps.core.models import AuditEvent
from apps.par import demo
from apps.par.models import (
    AssessmentResult,
    AssessmentStatus,
    CriteriaSet,
    Criterion,
    MeasuredValue,
    PeriodStatus,
    Score,
    ScoringPeriod,
)
from apps.par.services.bulk import ScoreBulkAction

D = Decimal
METRICS = {
    "onestop.on_time_rate",
    "onestop.online_rate",
    "directives.on_time_rate",
    "economy.new_enterprise_growth",
    "org.iso_commune_share",
}
LEAF_METHODS = {"manual", "done", "tiers", "proportional", "deduction", "metric"}
GROUPS = {"so-ban-nganh": (D("80"), 8), "ubnd-xa-phuong": (D("70"), 10)}


def outline(group_code: str) -> list[dict[str, Any]]:
    """The rows of a group's criteria workbook (code, name, max points, method type, evidence, kind, guidance)."""
    sheet = load_workbook(demo.workbook(group_code), read_only=True).worksheets[0]
    rows = []
    for values in list(sheet.iter_rows(values_only=True))[1:]:
        code, name, maximum, method, params, evidence, kind, guidance, _predecessor = values
        rows.append(
            {
                "code": str(code),
                "name": name,
                "max_points": D(str(maximum)),
                "method": method,
                "params": params or "",
                "evidence_required": evidence == "Có",
                "kind": kind,
                "guidance": guidance or "",
            }
        )
    return rows


def _leaves(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    parents = {r["code"].rsplit(".", 1)[0] for r in rows if "." in r["code"]}
    return [r for r in rows if r["code"] not in parents]


@pytest.mark.parametrize(("code", "total", "areas"), [(code, *figures) for code, figures in GROUPS.items()])
def test_it_models_the_national_outline(code: str, total: Decimal, areas: int) -> None:
    rows = outline(code)
    roots = [r for r in rows if "." not in r["code"]]
    assert len(roots) == areas
    normal = [r for r in roots if r["kind"] == "normal"]
    assert len(normal) == 8
    assert sum(r["max_points"] for r in normal) == total
    leaves = _leaves(rows)
    assert 60 <= len(leaves) <= 90
    criteria = [r for r in rows if r["code"].count(".") == 1 and r["kind"] == "normal"]
    assert 30 <= len(criteria) <= 40
    assert {r["method"] for r in leaves} == LEAF_METHODS
    assert sum(r["evidence_required"] for r in leaves) >= 25
    assert all(r["guidance"] for r in leaves)
    for parent in [r for r in rows if r not in leaves]:
        children = [r for r in rows if r["code"].rsplit(".", 1)[0] == parent["code"] and r is not parent]
        assert parent["max_points"] == sum(c["max_points"] for c in children), parent["code"]


def test_it_gives_communes_bonus_and_penalty_areas_of_three_points() -> None:
    rows = outline("ubnd-xa-phuong")
    roots = {r["kind"]: r for r in rows if "." not in r["code"]}
    assert roots["bonus"]["max_points"] == D("3")
    assert roots["penalty"]["max_points"] == D("3")
    metrics = {r["params"].split('"metric": "')[1].split('"')[0] for r in _leaves(rows) if r["method"] == "metric"}
    assert metrics == METRICS


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _check_criteria_sets() -> None:
    # 2024 went through the criteria Excel import: one import event per set, naming the workbook,
    # and the set holds exactly the workbook's rows.
    for code in GROUPS:
        old = CriteriaSet.objects.get(year=2024, group__code=code)
        event = AuditEvent.objects.get(action="par.criteria_set.import", object_id=str(old.pk))
        assert event.after is not None and event.after["source"] == demo.workbook(code).name
        nodes = old.nodes.order_by("sort_order")
        expected = [(r["code"], r["name"], r["max_points"], r["method"], r["kind"]) for r in outline(code)]
        assert [(n.code, n.name, n.max_points, n.method["type"], n.kind) for n in nodes] == expected

    # 2025 is a clone of 2024 with a few changes, its nodes mapped to last year's.
    for code, (total, _areas) in GROUPS.items():
        old = CriteriaSet.objects.get(year=2024, group__code=code)
        new = CriteriaSet.objects.get(year=2025, group__code=code)
        assert new.cloned_from == old
        assert new.legal_reference
        unmapped = list(new.nodes.filter(predecessor__isnull=True).values_list("name", flat=True))
        assert unmapped == ["Tỷ lệ hồ sơ trực tuyến sử dụng tài khoản định danh điện tử VNeID"]
        assert new.nodes.filter(parent__isnull=True, kind="normal").count() == 8
        assert sum(n.max_points for n in new.nodes.filter(parent__isnull=True, kind="normal")) == total


def _check_2024() -> None:
    # Published, every unit finalised with a result, measured values with their sources.
    for period in ScoringPeriod.objects.filter(year=2024):
        assert period.status == PeriodStatus.PUBLISHED
        assert period.decision_reference
        assert period.self_assessment_deadline.year == 2025
        units = period.group.units.filter(valid_to__isnull=True).count()
        assert period.assessments.count() == units
        assert set(period.assessments.values_list("status", flat=True)) == {AssessmentStatus.FINALISED}
        results = AssessmentResult.objects.filter(assessment__period=period)
        assert results.count() == units
        assert all(r.rank and r.band and r.index > 0 and r.survey_points > 0 for r in results)
        assert MeasuredValue.objects.filter(period=period, metric="survey.index").count() == units
        assert not MeasuredValue.objects.filter(period=period, source_note="").exists()
        assert Score.objects.filter(assessment__period=period).exclude(round1_reason="").exists()
        assert Score.objects.filter(assessment__period=period, round2_points__isnull=False).exists()
    assert AssessmentResult.objects.filter(assessment__period__year=2024).count() == 138
    departments_2024 = ScoringPeriod.objects.get(year=2024, group__code="so-ban-nganh")
    assert departments_2024.survey_points == D("20")
    assert AssessmentResult.objects.filter(assessment__period=departments_2024, max_points=D("100")).exists()

    # A not-applicable criterion is left unscored and the unit measured over what applies.
    excluded = Criterion.objects.filter(exclusions__unit__name="Thanh tra tỉnh", criteria_set__year=2024)
    assert excluded.count() == 2
    unit_scores = Score.objects.filter(criterion__in=excluded, assessment__unit__name="Thanh tra tỉnh")
    assert unit_scores.count() == 2
    assert not unit_scores.filter(self_points__isnull=False).exists()
    inspectorate = AssessmentResult.objects.get(
        assessment__period=departments_2024, assessment__unit__name="Thanh tra tỉnh"
    )
    assert inspectorate.max_points < D("100")

    # Deterministic: the figures are a function of the seed, not of the run (pinned here; a change
    # to the demo data changes them on purpose).
    ranking = AssessmentResult.objects.filter(assessment__period=departments_2024).order_by("rank", "pk")
    top = [(r.assessment.unit.name, str(r.index)) for r in ranking.select_related("assessment__unit")[:3]]
    # The on-time criterion scores from the one-stop demo's dossiers (onestop.on_time_rate, computed),
    # so these change with the one-stop demo data.
    assert top == [("Sở Tư pháp", "84.63"), ("Sở Công Thương", "84.20"), ("Sở Tài chính", "80.66")]


def _check_2025() -> None:
    # Open, every state in each group; the demo users' units in draft, partly scored.
    for period in ScoringPeriod.objects.filter(year=2025):
        assert period.status == PeriodStatus.OPEN
        assert set(period.assessments.values_list("status", flat=True)) == set(AssessmentStatus.values)
    for unit_name in ("Sở Tư pháp", "Phường Minh Xuân"):
        scores = Score.objects.filter(assessment__period__year=2025, assessment__unit__name=unit_name)
        assert scores.first().assessment.status == AssessmentStatus.DRAFT  # type: ignore[union-attr]
        assert 0 < scores.filter(self_points__isnull=False).count() < scores.count()
    # Completable in a few minutes: what waits for a unit has a demo login, drafts lack a few criteria,
    # and every deadline lies ahead.
    from apps.org.models import Membership

    today = timezone.localdate()
    for period in ScoringPeriod.objects.filter(year=2025):
        assert period.self_assessment_deadline >= today
        waiting = period.assessments.filter(status__in=[AssessmentStatus.DRAFT, AssessmentStatus.EXPLANATION_REQUESTED])
        for assessment in waiting.select_related("unit"):
            members = Membership.objects.filter(unit=assessment.unit, is_active=True).select_related("user")
            assert any(m.user.has_usable_password() for m in members), assessment.unit.name
            if assessment.status == AssessmentStatus.DRAFT:
                assert any(m.role == "unit_head" and m.user.has_usable_password() for m in members)
                unscored = assessment.scores.filter(self_points__isnull=True, criterion__method__type="manual")
                assert 0 < unscored.count() <= 5
        assert period.assessments.exclude(status=AssessmentStatus.FINALISED).count() <= 8
    focal_documents = Score.objects.filter(assessment__period__year=2025, assessment__unit__name="Sở Tư pháp")
    assert focal_documents.filter(evidence__isnull=False).exists()


@pytest.mark.django_db
def test_it_loads_the_par_demo_once(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    output = _seed()
    assert "PAR Index demo: 4 criteria sets, 4 periods and 276 assessments created this run." in output
    _check_criteria_sets()
    _check_2024()
    _check_2025()

    # The score rows were written by the bulk-load service: one audit event per assessment and step,
    # each with the fingerprint of its data; no invented actions.
    loads = AuditEvent.objects.filter(action=ScoreBulkAction.LOAD)
    assert loads.filter(after__step="self").count() == 276
    assert all(e.after and len(e.after["sha256"]) == 64 and e.after["source"] == "seed_demo" for e in loads)
    assert not AuditEvent.objects.filter(action__in=["par.score.bulk_self_update", "par.score.bulk_appraise"]).exists()

    events = AuditEvent.objects.count()
    second = _seed()
    assert "PAR Index demo: 0 criteria sets, 0 periods and 0 assessments created this run." in second
    assert AuditEvent.objects.count() == events
    assert verify_audit_chain().ok
