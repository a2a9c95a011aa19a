from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from apps.core.audit import verify_audit_chain
from apps.core.errors import ConflictError
from apps.core.models import AuditEvent
from apps.par.models import (
    Assessment,
    AssessmentResult,
    CriteriaSet,
    Criterion,
    CriterionExclusion,
    PeriodStatus,
    Score,
)
from apps.par.services import assessments as assessment_svc
from apps.par.services import criteria as svc
from apps.par.tests.factories import build_set, group_of, open_period

D = Decimal
pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MANUAL = {"type": "manual", "step": "0.25"}


@pytest.fixture
def group(unit_a, unit_b):  # type: ignore[no-untyped-def]
    return group_of(unit_a, unit_b)


@pytest.fixture
def small_set(group):  # type: ignore[no-untyped-def]
    return build_set(group)


def node(criteria_set: CriteriaSet, code: str) -> Criterion:
    return criteria_set.nodes.get(code=code)


def add(criteria_set: CriteriaSet, parent: Criterion | None, code: str, actor, **extra) -> Criterion:  # type: ignore[no-untyped-def]
    values = {"name": f"Tiêu chí {code}", "max_points": "2", "method": MANUAL}
    values.update(extra)
    return svc.criterion_create(actor=actor, criteria_set=criteria_set, parent=parent, code=code, **values)


def test_it_creates_a_set_once_per_group_and_year(group, secretariat) -> None:  # type: ignore[no-untyped-def]
    created = svc.criteria_set_create(actor=secretariat, year=2026, group=group, name="Bộ tiêu chí 2026")
    assert created.pk and created.year == 2026
    with pytest.raises(ValidationError) as excinfo:
        svc.criteria_set_create(actor=secretariat, year=2026, group=group, name="Trùng")
    assert "2026" in str(excinfo.value)
    with pytest.raises(ValidationError):
        svc.criteria_set_create(actor=secretariat, year=1990, group=group, name="Quá cũ")
    event = AuditEvent.objects.get(action="par.criteria_set.create")
    assert event.after["name"] == "Bộ tiêu chí 2026"


def test_it_builds_a_tree_with_depth_kind_and_sum_parents(group, secretariat) -> None:  # type: ignore[no-untyped-def]
    criteria_set = svc.criteria_set_create(actor=secretariat, year=2026, group=group, name="Bộ 2026")
    area = add(criteria_set, None, "1", secretariat, max_points="10")
    leaf = add(criteria_set, area, "1.1", secretariat)
    assert (area.depth, leaf.depth) == (1, 2)
    area.refresh_from_db()
    assert area.method == {"type": "sum"}  # a leaf that gets a child becomes a sum
    sub = add(criteria_set, leaf, "1.1.1", secretariat, max_points="1")
    leaf.refresh_from_db()
    assert sub.depth == 3 and leaf.method == {"type": "sum"}
    bonus = add(criteria_set, None, "9", secretariat, kind="bonus", method={"type": "sum"})
    bonus_leaf = add(criteria_set, bonus, "9.1", secretariat)
    assert bonus_leaf.kind == "bonus"  # inherited from the bonus area
    with pytest.raises(ValidationError) as excinfo:
        add(criteria_set, area, "1.2", secretariat, kind="penalty")
    assert "kind" in excinfo.value.message_dict
    assert verify_audit_chain().ok
    events = AuditEvent.objects.filter(action__startswith="par.criterion.")
    assert events.filter(action="par.criterion.create").count() == 5
    converted = events.filter(action="par.criterion.update", object_id=str(leaf.pk)).get()
    assert converted.before["method"] == MANUAL and converted.after["method"] == {"type": "sum"}


def test_it_refuses_bad_methods_with_a_clear_message(small_set, secretariat) -> None:  # type: ignore[no-untyped-def]
    area = node(small_set, "1")
    cases = [
        {"type": "formula", "expr": "__import__('os')"},
        {"type": "tiers", "tiers": [{"min_ratio": "1", "share": "0.5"}, {"min_ratio": "0.8", "share": "1"}]},
        {"type": "manual", "step": "-1"},
        {"type": "deduction"},
        {"type": "metric", "metric": "Bad Key!"},
    ]
    for method in cases:
        with pytest.raises(ValidationError) as excinfo:
            add(small_set, area, "1.9", secretariat, method=method)
        message = " ".join(excinfo.value.message_dict["method"])
        assert "scoring method is not valid" in message
    with pytest.raises(ValidationError) as excinfo:
        add(small_set, area, "1.9", secretariat, method=MANUAL, max_points="abc")
    assert "max_points" in excinfo.value.message_dict
    leaf = node(small_set, "1.1")
    with pytest.raises(ValidationError):  # a parent is scored as the sum of its children
        svc.criterion_update(actor=secretariat, criterion=area, version=area.version, method=MANUAL)
    with pytest.raises(ValidationError):  # a leaf needs a method that scores it
        svc.criterion_update(actor=secretariat, criterion=leaf, version=leaf.version, method={"type": "sum"})


def test_it_keeps_codes_unique_and_consistent_with_the_parent(small_set, secretariat) -> None:  # type: ignore[no-untyped-def]
    area = node(small_set, "1")
    with pytest.raises(ValidationError) as excinfo:
        add(small_set, area, "1.1", secretariat)
    assert "already used" in str(excinfo.value)
    for bad in ("2.1", "1", "1..2", "1.2 ", "x y"):
        with pytest.raises(ValidationError):
            add(small_set, area, bad if bad != "1.2 " else "1.2.", secretariat)
    with pytest.raises(ValidationError):
        add(small_set, None, "3.1", secretariat)


def test_it_renumbers_a_subtree_and_moves_nodes(small_set, secretariat) -> None:  # type: ignore[no-untyped-def]
    area = node(small_set, "1")
    svc.criterion_update(actor=secretariat, criterion=area, version=area.version, code="3")
    codes = set(small_set.nodes.values_list("code", flat=True))
    assert {"3", "3.1", "3.2", "3.3"} <= codes and "1.1" not in codes
    leaf = node(small_set, "3.3")
    target = node(small_set, "2")
    svc.criterion_update(
        actor=secretariat, criterion=leaf, version=leaf.version, parent=target, code="2.3", name="Đã chuyển"
    )
    moved = node(small_set, "2.3")
    assert moved.parent_id == target.pk and moved.name == "Đã chuyển" and moved.depth == 2
    with pytest.raises(ValidationError):  # a node cannot go under its own child
        fresh = node(small_set, "3")
        svc.criterion_update(
            actor=secretariat, criterion=fresh, version=fresh.version, parent=node(small_set, "3.1"), code="3.1.1"
        )
    bonus_area = node(small_set, "9")
    leaf = node(small_set, "3.1")
    svc.criterion_update(actor=secretariat, criterion=leaf, version=leaf.version, parent=bonus_area, code="9.2")
    assert node(small_set, "9.2").kind == "bonus"


def test_it_refuses_a_stale_update(small_set, secretariat) -> None:  # type: ignore[no-untyped-def]
    leaf = node(small_set, "1.1")
    stale = leaf.version
    svc.criterion_update(actor=secretariat, criterion=leaf, version=stale, name="Tên mới")
    with pytest.raises(ConflictError):
        svc.criterion_update(actor=secretariat, criterion=leaf, version=stale, name="Tên khác")
    assert node(small_set, "1.1").name == "Tên mới"
    event = AuditEvent.objects.get(action="par.criterion.update")
    assert event.before["name"] == "Kế hoạch CCHC năm" and event.after["name"] == "Tên mới"


def test_it_deletes_a_subtree_and_turns_a_childless_parent_into_a_leaf(small_set, secretariat) -> None:  # type: ignore[no-untyped-def]
    svc.criterion_delete(actor=secretariat, criterion=node(small_set, "1"))
    assert not small_set.nodes.filter(code__in=["1", "1.1", "1.2", "1.3"]).exists()
    assert small_set.nodes.filter(code="10.1").exists()
    svc.criterion_delete(actor=secretariat, criterion=node(small_set, "9.1"))
    assert node(small_set, "9").method["type"] == "manual"
    deleted = AuditEvent.objects.filter(action="par.criterion.delete").order_by("seq").first()
    assert deleted is not None and deleted.before["sub_criteria"] == ["1.1", "1.2", "1.3"]


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_keeps_open_periods_complete_while_nothing_is_scored(group, small_set, secretariat) -> None:  # type: ignore[no-untyped-def]
    period = open_period(group, small_set, actor=secretariat)
    assessments = list(period.assessments.all())
    area = node(small_set, "2")
    new_leaf = add(small_set, area, "2.3", secretariat)
    assert Score.objects.filter(criterion=new_leaf).count() == len(assessments)
    # a leaf that gains a child stops being scored; its child is scored instead
    leaf = node(small_set, "2.2")
    child = add(small_set, leaf, "2.2.1", secretariat, max_points="1")
    assert not Score.objects.filter(criterion=leaf).exists()
    assert Score.objects.filter(criterion=child).count() == len(assessments)
    svc.criterion_delete(actor=secretariat, criterion=child)
    assert Score.objects.filter(criterion=leaf).count() == len(assessments)
    # results were recomputed with the new maximum (area 2 still caps at 5)
    assert AssessmentResult.objects.filter(assessment__period=period).count() == len(assessments)
    with pytest.raises(ValidationError):  # a new leaf in an open period needs a real method
        add(small_set, area, "2.4", secretariat, method={"type": "sum"})


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_protects_scores_already_entered(group, small_set, secretariat, focal_a, unit_a) -> None:  # type: ignore[no-untyped-def]
    period = open_period(group, small_set, actor=secretariat)
    assessment = Assessment.objects.get(period=period, unit=unit_a)
    score = assessment.scores.select_related("criterion", "assessment__period").get(criterion__code="1.1")
    assessment_svc.score_self_update(actor=focal_a, score=score, version=score.version, value="3")
    leaf = node(small_set, "1.1")
    refusals = [
        lambda: svc.criterion_delete(actor=secretariat, criterion=leaf),
        lambda: add(small_set, node(small_set, "1"), "1.4", secretariat),
        lambda: add(small_set, leaf, "1.1.1", secretariat),
        lambda: svc.criterion_update(actor=secretariat, criterion=leaf, version=leaf.version, max_points="5"),
        lambda: svc.criterion_update(actor=secretariat, criterion=leaf, version=leaf.version, method={"type": "done"}),
        lambda: svc.criterion_update(
            actor=secretariat, criterion=leaf, version=leaf.version, parent=node(small_set, "2"), code="2.3"
        ),
    ]
    for refused in refusals:
        with pytest.raises(ValidationError) as excinfo:
            refused()
        assert "already entered scores" in str(excinfo.value)
    assert node(small_set, "1.1").max_points == D("4.00")
    # what does not touch scores stays possible
    svc.criterion_update(
        actor=secretariat,
        criterion=leaf,
        version=leaf.version,
        name="Kế hoạch CCHC năm 2025",
        guidance="Đính kèm quyết định ban hành kế hoạch.",
        evidence_required=False,
        sort_order=5,
    )
    leaf.refresh_from_db()
    assert leaf.guidance.startswith("Đính kèm") and leaf.sort_order == 5
    # the same max written again is not a change
    svc.criterion_update(actor=secretariat, criterion=leaf, version=leaf.version, max_points="4")


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_protects_evidence_and_notes_entered_without_points(group, small_set, secretariat, focal_a, unit_a) -> None:  # type: ignore[no-untyped-def]
    # A unit attached a document and wrote a note on 1.1 but gave no points yet: a leaf gaining a
    # child would silently delete that score row with its evidence links and note.
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.par.services.evidence import evidence_upload

    period = open_period(group, small_set, actor=secretariat)
    assessment = Assessment.objects.get(period=period, unit=unit_a)
    doc = evidence_upload(
        actor=focal_a,
        unit=unit_a,
        year=2025,
        title="Kế hoạch CCHC 2025",
        uploaded=SimpleUploadedFile("kh.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    )
    score = assessment.scores.select_related("criterion", "assessment__period").get(criterion__code="1.1")
    assessment_svc.score_evidence_set(actor=focal_a, score=score, version=score.version, evidence=[doc])
    leaf = node(small_set, "1.1")
    for refused in (
        lambda: add(small_set, leaf, "1.1.1", secretariat),
        lambda: svc.criterion_delete(actor=secretariat, criterion=leaf),
    ):
        with pytest.raises(ValidationError) as excinfo:
            refused()
        assert "already entered scores" in str(excinfo.value)
    kept = Score.objects.get(pk=score.pk)
    assert list(kept.evidence.all()) == [doc]
    kept.evidence.clear()  # a note alone counts too
    other = assessment.scores.get(criterion__code="1.2")
    Score.objects.filter(pk=other.pk).update(self_note="Đang tổng hợp số liệu")
    with pytest.raises(ValidationError):
        svc.criterion_delete(actor=secretariat, criterion=node(small_set, "1.2"))
    assert Score.objects.filter(pk=other.pk, self_note="Đang tổng hợp số liệu").exists()


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_refuses_every_change_to_a_published_set(group, small_set, secretariat, unit_a) -> None:  # type: ignore[no-untyped-def]
    period = open_period(group, small_set, actor=secretariat)
    period.status = PeriodStatus.PUBLISHED  # publication itself is tested with the workflow
    period.save()
    leaf = node(small_set, "1.1")
    refusals = [
        lambda: svc.criterion_update(actor=secretariat, criterion=leaf, version=leaf.version, name="Đổi tên"),
        lambda: svc.criterion_exclusion_set(actor=secretariat, criterion=leaf, unit=unit_a, reason="Không áp dụng"),
        lambda: svc.criterion_map_predecessor(actor=secretariat, criterion=leaf, predecessor=None),
        lambda: svc.criteria_set_update(
            actor=secretariat, criteria_set=small_set, version=small_set.version, name="Đổi"
        ),
    ]
    for refused in refusals:
        with pytest.raises(ValidationError) as excinfo:
            refused()
        assert "read-only" in str(excinfo.value)


def test_it_clones_a_set_with_predecessors(group, small_set, secretariat) -> None:  # type: ignore[no-untyped-def]
    clone = svc.criteria_set_clone(actor=secretariat, source=small_set, year=2026)
    assert clone.group_id == small_set.group_id and clone.cloned_from_id == small_set.pk
    assert clone.name == "Bộ tiêu chí 2026"
    old = {n.code: n for n in small_set.nodes.all()}
    new = list(clone.nodes.select_related("parent", "predecessor"))
    assert len(new) == len(old)
    for n in new:
        assert n.predecessor_id == old[n.code].pk
        assert (n.parent.code if n.parent else None) == (old[n.code].parent.code if old[n.code].parent else None)
        assert (n.method, n.max_points, n.kind, n.depth) == (
            old[n.code].method,
            old[n.code].max_points,
            old[n.code].kind,
            old[n.code].depth,
        )
    with pytest.raises(ValidationError):  # one set per group and year
        svc.criteria_set_clone(actor=secretariat, source=small_set, year=2026)
    with pytest.raises(ValidationError):  # a clone goes forward in time
        svc.criteria_set_clone(actor=secretariat, source=clone, year=2024)
    event = AuditEvent.objects.get(action="par.criteria_set.clone")
    assert event.after["nodes"] == len(old)


def test_it_maps_predecessors_only_to_last_years_set_of_the_group(group, small_set, secretariat, unit_a) -> None:  # type: ignore[no-untyped-def]
    clone = svc.criteria_set_clone(actor=secretariat, source=small_set, year=2026)
    target = node(clone, "1.1")
    svc.criterion_map_predecessor(actor=secretariat, criterion=target, predecessor=node(small_set, "1.2"))
    assert node(clone, "1.1").predecessor == node(small_set, "1.2")
    svc.criterion_map_predecessor(actor=secretariat, criterion=node(clone, "1.1"), predecessor=None)
    assert node(clone, "1.1").predecessor is None
    with pytest.raises(ValidationError):  # a node of the same year
        svc.criterion_map_predecessor(actor=secretariat, criterion=target, predecessor=node(clone, "1.2"))
    other_group = group_of(unit_a, code="xa-phuong")
    foreign = build_set(other_group, year=2025)
    with pytest.raises(ValidationError):  # another group's set
        svc.criterion_map_predecessor(actor=secretariat, criterion=target, predecessor=node(foreign, "1.2"))
    assert AuditEvent.objects.filter(action="par.criterion.map").count() == 2


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_marks_criteria_not_applicable_per_unit(group, small_set, secretariat, unit_a, commune) -> None:  # type: ignore[no-untyped-def]
    period = open_period(group, small_set, actor=secretariat)
    leaf = node(small_set, "1.3")
    with pytest.raises(ValidationError) as excinfo:
        svc.criterion_exclusion_set(actor=secretariat, criterion=leaf, unit=unit_a, reason="  ")
    assert "reason" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        svc.criterion_exclusion_set(actor=secretariat, criterion=leaf, unit=commune, reason="Không có")
    assert "unit" in excinfo.value.message_dict
    exclusion = svc.criterion_exclusion_set(
        actor=secretariat, criterion=leaf, unit=unit_a, reason="Không có đơn vị trực thuộc"
    )
    result = AssessmentResult.objects.get(assessment__period=period, assessment__unit=unit_a)
    assert result.max_points == D("12.00")  # area 1 over 7 of its 10 points, area 2 = 5
    # setting it again updates the reason, never duplicates
    svc.criterion_exclusion_set(actor=secretariat, criterion=leaf, unit=unit_a, reason="Lý do mới")
    assert CriterionExclusion.objects.get().reason == "Lý do mới"
    # excluding a parent excludes its subtree
    svc.criterion_exclusion_set(actor=secretariat, criterion=node(small_set, "2"), unit=unit_a, reason="Không áp dụng")
    result.refresh_from_db()
    assert result.max_points == D("7.00")
    svc.criterion_exclusion_remove(actor=secretariat, exclusion=CriterionExclusion.objects.get(pk=exclusion.pk))
    result.refresh_from_db()
    assert result.max_points == D("10.00")
    assert set(AuditEvent.objects.filter(action__startswith="par.exclusion").values_list("action", flat=True)) == {
        "par.exclusion.set",
        "par.exclusion.remove",
    }
    assert AuditEvent.objects.filter(action="par.exclusion.set", unit_id=unit_a.pk).count() == 3


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_protects_a_set_once_measured_values_score_it(group, small_set, secretariat, unit_a) -> None:  # type: ignore[no-untyped-def]
    from apps.par.services.measured import measured_value_set

    period = open_period(group, small_set, actor=secretariat)
    measured_value_set(
        actor=secretariat,
        period=period,
        unit=unit_a,
        metric="directives.on_time_rate",
        value=Decimal("0.9"),
        source_note="Hệ thống một cửa",
    )
    leaf = node(small_set, "1.1")
    with pytest.raises(ValidationError) as excinfo:
        svc.criterion_update(
            actor=secretariat, criterion=leaf, version=leaf.version, method={"type": "proportional", "full_at": "1"}
        )
    assert "already entered scores" in str(excinfo.value)
