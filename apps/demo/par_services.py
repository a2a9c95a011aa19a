"""Loads the demo PAR Index data: criteria sets for 2024 and 2025, the 2024 period published for
every unit, the 2025 period in progress with units in every state. Deterministic (scores come from
a seeded random.Random) and idempotent (a period that exists for its year and group is left alone).

Everything goes through the PAR services (criteria sets, periods, evidence, state transitions,
measured values, publication), except the score edits themselves: 138 units x ~84 leaves x 2 years
is ~23,000 self-scores plus as many appraisals, and `score_self_update` / `score_appraise` each
lock the row and append an audit event (about 20 ms a call on SQLite: minutes per load). So the
scores are computed with the engine's own `points_for`, written with `Score.objects.bulk_update`
inside the loader's transaction, and ONE summarising audit event per assessment and step
("par.score.bulk_self_update", "par.score.bulk_appraise") records what was written and by whom.
Every state change (submit, conclude, explain, finalise, publish) still goes through its service,
so the state machine and its audit events are the real ones.

The 2024 period has to end with past deadlines, but the services refuse a submission or an
explanation after its deadline, and time travel is not available at run time: the period is opened
with deadlines after today, run through, then `period_update` moves its deadlines back to early
2025 before `period_publish`. The 2025 deadlines are set relative to the day of loading, so the demo
period is always open.
"""

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from apps.accounts.models import User
from apps.core.audit import audit_record
from apps.demo import par_data as pd
from apps.org import services as org
from apps.org.models import Membership, Role, Unit, UnitGroup
from apps.par.metric_sources import SURVEY_INDEX
from apps.par.models import (
    Assessment,
    AssessmentStatus,
    CriteriaSet,
    Criterion,
    Evidence,
    Score,
    ScoringPeriod,
)
from apps.par.scoring import Deduction, FixedIfDone, FromMetric, Manual, Proportional, Tiers, parse_method, points_for
from apps.par.services import assessments as flow
from apps.par.services import criteria as criteria_services
from apps.par.services.evidence import evidence_upload
from apps.par.services.measured import measured_value_set
from apps.par.services.periods import period_open, period_publish, period_update
from apps.par.services.results import results_recompute

ACTOR = "seed_demo"
SEED = "cchc-demo-par"
D = Decimal
ZERO = D("0")
S = AssessmentStatus
PDF = b"%%PDF-1.4\n%% %s\n1 0 obj<<>>endobj\ntrailer<<>>\n%%%%EOF\n"

# The 2025 states the demo shows, with their share of the units that are not pinned to a state.
STATE_WEIGHTS = [
    ("draft", 3),
    ("submitted", 3),
    ("explanation_requested", 2),
    ("explained", 2),
    ("appraised", 2),
    ("finalised", 3),
]
# Units whose demo users must find work to do: they stay in draft, partly scored.
PINNED_DRAFTS = {"Sở Tư pháp", "Phường Minh Xuân"}
# Not-applicable criteria (by leaf name) for one department, with the reason.
EXCLUSIONS = {
    "Thanh tra tỉnh": [
        ("Tỷ lệ hồ sơ thanh toán phí, lệ phí trực tuyến", "Thanh tra tỉnh không có TTHC thu phí, lệ phí."),
        (
            "Tiếp nhận hồ sơ, trả kết quả qua dịch vụ bưu chính công ích",
            "Các TTHC của Thanh tra tỉnh không phát sinh hồ sơ qua bưu chính công ích.",
        ),
    ]
}
FOCAL_NAMES = [
    "Nguyễn Thị Thanh Hà",
    "Trần Minh Đức",
    "Lê Thị Phương",
    "Hoàng Văn Hùng",
    "Phạm Thị Ngọc Ánh",
    "Ma Thị Huyền",
    "Vương Văn Kiên",
    "Đặng Thị Mai Anh",
    "Bùi Quang Huy",
    "Nông Thị Hương",
    "Lý Văn Sơn",
    "Đỗ Thị Thu Trang",
    "Quan Văn Thành",
    "Triệu Thị Lan",
]


@dataclass
class ParDemoSummary:
    sets_created: int = 0
    periods_created: int = 0
    assessments_created: int = 0
    statuses: dict[str, int] = field(default_factory=dict)  # of the 2025 periods created this run


# --- criteria sets ---------------------------------------------------------------------------------


def set_rows(group_key: str) -> list[dict[str, Any]]:
    """The outline as rows for `criteria_set_fill`: one group's nodes, coded by position."""
    rows: list[dict[str, Any]] = []
    order = 0

    def leaf(code: str, item: pd.L) -> dict[str, Any]:
        return {
            "code": code,
            "name": item.name,
            "max_points": D(str(getattr(item, group_key))),
            "method": criteria_services.validate_method(item.method),
            "evidence_required": item.evidence,
            "guidance": item.guidance,
        }

    areas = [a for a in pd.AREAS if group_key in a.groups]
    for area_no, area in enumerate(areas, start=1):
        area_row: dict[str, Any] = {"code": str(area_no), "name": area.name, "guidance": area.guidance}
        children: list[dict[str, Any]] = []
        criterion_no = 0
        for item in area.items:
            if isinstance(item, pd.L):
                if getattr(item, group_key) is None:
                    continue
                criterion_no += 1
                children.append(leaf(f"{area_no}.{criterion_no}", item))
                continue
            subs = [s for s in item.subs if getattr(s, group_key) is not None]
            if not subs:
                continue
            criterion_no += 1
            code = f"{area_no}.{criterion_no}"
            sub_rows = [leaf(f"{code}.{n}", s) for n, s in enumerate(subs, start=1)]
            children.append(
                {
                    "code": code,
                    "name": item.name,
                    "max_points": sum((r["max_points"] for r in sub_rows), ZERO),
                    "method": {"type": "sum"},
                    "evidence_required": False,
                    "guidance": item.guidance,
                    "subs": sub_rows,
                }
            )
        area_row.update(
            max_points=sum((c["max_points"] for c in children), ZERO),
            method={"type": "sum"},
            evidence_required=False,
        )
        for row in [area_row, *_flatten(children)]:
            row.update(kind=area.kind, sort_order=order, predecessor=None)
            order += 1
            rows.append(row)
    return rows


def _flatten(children: list[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for child in children:
        subs = child.pop("subs", [])
        yield child
        yield from subs


def _criteria_set(group: UnitGroup, year: int, summary: ParDemoSummary) -> CriteriaSet:
    existing = CriteriaSet.objects.filter(group=group, year=year).first()
    if existing is not None:
        return existing
    conf = pd.GROUPS[group.code]
    if year == 2024:
        criteria_set = criteria_services.criteria_set_create(
            actor=ACTOR,
            year=year,
            group=group,
            name=conf["set_name"].format(year=year),
            legal_reference=pd.LEGAL_REFERENCE[year],
        )
        criteria_services.criteria_set_fill(
            actor=ACTOR, criteria_set=criteria_set, rows=set_rows(conf["key"]), source="seed_demo"
        )
    else:
        criteria_set = _clone_with_changes(group, year)
    _exclusions(criteria_set, group)
    summary.sets_created += 1
    return criteria_set


def _node(criteria_set: CriteriaSet, name: str) -> Criterion:
    return criteria_set.nodes.get(name=name)


def _clone_with_changes(group: UnitGroup, year: int) -> CriteriaSet:
    """The 2025 set: last year's, cloned (each node keeps its predecessor), with a few changes."""
    source = CriteriaSet.objects.get(group=group, year=year - 1)
    conf = pd.GROUPS[group.code]
    clone = criteria_services.criteria_set_clone(actor=ACTOR, source=source, year=year)
    clone = criteria_services.criteria_set_update(
        actor=ACTOR,
        criteria_set=clone,
        version=clone.version,
        name=conf["set_name"].format(year=year),
        legal_reference=pd.LEGAL_REFERENCE[year],
    )
    meetings = _node(clone, "Tổ chức họp trực tuyến, sử dụng phòng họp không giấy")
    criteria_services.criterion_update(
        actor=ACTOR,
        criterion=meetings,
        version=meetings.version,
        name="Sử dụng nền tảng số dùng chung của tỉnh (họp trực tuyến, phòng họp không giấy, trợ lý ảo)",
        guidance="Tự chấm theo tỷ lệ cuộc họp không giấy và việc sử dụng trợ lý ảo trong xử lý công việc.",
    )
    signatures = _node(clone, "Sử dụng chữ ký số trong văn bản điện tử")
    criteria_services.criterion_update(
        actor=ACTOR,
        criterion=signatures,
        version=signatures.version,
        method=pd.tiers(("1", "1"), ("0.9", "0.5")),
        guidance="Nhập tỷ lệ văn bản điện tử có chữ ký số: 100 %: tối đa; từ 90 %: 1/2 (năm 2025 siết tiêu chí).",
    )
    digital = _node(clone, "Hoàn thành chỉ tiêu chuyển đổi số, kinh tế số được giao")
    criteria_services.criterion_update(
        actor=ACTOR, criterion=digital, version=digital.version, max_points=digital.max_points - D("0.5")
    )
    criteria_services.criterion_create(
        actor=ACTOR,
        criteria_set=clone,
        parent=digital.parent,
        code=f"{digital.parent.code}.3" if digital.parent else "8.9",
        name="Tỷ lệ hồ sơ trực tuyến sử dụng tài khoản định danh điện tử VNeID",
        max_points=D("0.5"),
        method=pd.proportional("0.5"),
        guidance="Nhập tỷ lệ hồ sơ trực tuyến xác thực bằng VNeID; từ 50 % đạt tối đa (tiêu chí mới năm 2025).",
    )
    return clone


def _exclusions(criteria_set: CriteriaSet, group: UnitGroup) -> None:
    for unit_name, rows in EXCLUSIONS.items():
        unit = group.units.filter(name=unit_name).first()
        if unit is None:
            continue
        for leaf_name, reason in rows:
            node = criteria_set.nodes.filter(name=leaf_name).first()
            if node is not None:
                criteria_services.criterion_exclusion_set(actor=ACTOR, criterion=node, unit=unit, reason=reason)


# --- people and evidence -----------------------------------------------------------------------------


def _member(unit: Unit, role: str) -> User | None:
    membership = (
        Membership.objects.filter(unit=unit, role=role, is_active=True).select_related("user").order_by("pk").first()
    )
    return membership.user if membership else None


def _department_focal_points(units: list[Unit]) -> dict[int, User]:
    """Every department gets a focal point (sign-in disabled until an administrator sets a password):
    evidence is always uploaded by a person."""
    people: dict[int, User] = {}
    for index, unit in enumerate(units):
        user = _member(unit, Role.FOCAL_POINT)
        if user is None:
            slug = slugify((unit.short_name or unit.name).replace("đ", "d").replace("Đ", "D")).replace("-", "_")
            username = f"daumoi_{slug}"[:150]
            user = User.objects.filter(username=username).first() or org.user_create(
                actor=ACTOR,
                username=username,
                full_name=FOCAL_NAMES[index % len(FOCAL_NAMES)],
                position=f"Chuyên viên, đầu mối CCHC - {unit.name}",
                email=f"{username}@tuyenquang.demo",
            )
            org.membership_add(actor=ACTOR, user=user, unit=unit, role=Role.FOCAL_POINT)
        people[unit.pk] = user
    return people


def _documents(unit: Unit, year: int, uploader: User) -> list[Evidence]:
    titles = [
        f"Kế hoạch cải cách hành chính năm {year}",
        f"Báo cáo kết quả thực hiện công tác CCHC năm {year}",
        f"Quyết định ban hành quy chế, kế hoạch chuyên đề năm {year}",
    ]
    documents = []
    for number, title in enumerate(titles, start=1):
        content = PDF % title.encode("utf-8")
        uploaded = SimpleUploadedFile(f"tai-lieu-{year}-{number}.pdf", content, content_type="application/pdf")
        documents.append(evidence_upload(actor=uploader, unit=unit, year=year, title=title, uploaded=uploaded))
    return documents


# --- scores ---------------------------------------------------------------------------------------


def _rng(*parts: Any) -> random.Random:
    return random.Random("|".join(str(p) for p in (SEED, *parts)))  # noqa: S311 - demo data, not security


def _self_value(method: Any, maximum: Decimal, quality: float, rng: random.Random) -> Decimal:
    """A plausible input for a leaf, better on average for a unit of higher quality."""
    if isinstance(method, Manual):
        share = min(1.0, max(0.0, quality + rng.uniform(-0.2, 0.12)))
        steps = (maximum * D(str(round(share, 3))) / method.step).to_integral_value(rounding="ROUND_FLOOR")
        return min(maximum, steps * method.step)
    if isinstance(method, FixedIfDone):
        return D(1) if rng.random() < quality + 0.1 else D(0)
    if isinstance(method, Tiers):
        if rng.random() < quality:
            return D(1)
        return D(str(rng.choice(["0.97", "0.92", "0.85", "0.8", "0.7"])))
    if isinstance(method, Proportional):
        ratio = min(1.0, max(0.0, quality + rng.uniform(-0.15, 0.2)))
        return (method.full_at * D(str(round(ratio, 2)))).quantize(D("0.01"))
    if isinstance(method, Deduction):
        return D(0) if rng.random() < quality else D(rng.choice([1, 1, 2, 3]))
    raise ValueError(type(method).__name__)


@dataclass
class Shape:
    """A criteria set's leaves as the loader needs them."""

    leaves: list[Criterion]
    methods: dict[int, Any]
    excluded: dict[int, set[int]]  # unit id -> criterion ids


def _shape(criteria_set: CriteriaSet) -> Shape:
    nodes = list(criteria_set.nodes.order_by("sort_order", "code"))
    parents = {n.parent_id for n in nodes if n.parent_id}
    leaves = [n for n in nodes if n.pk not in parents]
    excluded: dict[int, set[int]] = {}
    for unit_id, criterion_id in criteria_set.nodes.filter(exclusions__isnull=False).values_list(
        "exclusions__unit_id", "pk"
    ):
        excluded.setdefault(unit_id, set()).add(criterion_id)
    return Shape(leaves, {n.pk: parse_method(n.method) for n in leaves}, excluded)


def _scores_by_assessment(period: ScoringPeriod) -> dict[int, list[Score]]:
    grouped: dict[int, list[Score]] = {}
    for score in Score.objects.filter(assessment__period=period).select_related("criterion"):
        grouped.setdefault(score.assessment_id, []).append(score)
    return grouped


def _self_assess(
    assessment: Assessment,
    scores: list[Score],
    shape: Shape,
    documents: list[Evidence],
    *,
    share: float = 1.0,
) -> list[Score]:
    """Self-score `share` of the unit's leaves (all of them for a submission); returns the changed rows."""
    rng = _rng("self", assessment.period.year, assessment.unit.name, assessment.unit.code)
    quality = rng.uniform(0.7, 0.98)
    skip = shape.excluded.get(assessment.unit_id, set())
    changed = []
    links = []
    for index, score in enumerate(sorted(scores, key=lambda s: s.criterion.sort_order)):
        method = shape.methods[score.criterion_id]
        if score.criterion_id in skip or isinstance(method, FromMetric):
            continue
        if share < 1 and rng.random() > share:
            continue
        if score.criterion.kind == "penalty":  # most units have nothing to confess
            value = D(0) if rng.random() < 0.85 else (D(1) if isinstance(method, FixedIfDone) else D("0.5"))
        else:
            value = _self_value(method, score.criterion.max_points, quality, rng)
        score.self_value = value
        score.self_points = points_for(method, score.criterion.max_points, value)
        score.self_note = rng.choice(pd.SELF_NOTES) if rng.random() < 0.6 else ""
        if score.criterion.evidence_required:
            if documents:
                links.append(
                    Score.evidence.through(score_id=score.pk, evidence_id=documents[index % len(documents)].pk)
                )
            else:
                score.no_evidence_reason = pd.NO_EVIDENCE_REASON
        score.version += 1
        changed.append(score)
    Score.evidence.through.objects.bulk_create(links)
    audit_record(
        actor=ACTOR,
        action="par.score.bulk_self_update",
        obj=assessment,
        unit_id=assessment.unit_id,
        after={
            "scores": len(changed),
            "self_points": sum((s.self_points or ZERO for s in changed), ZERO),
            "evidence_links": len(links),
            "source": "seed_demo",
        },
    )
    return changed


def _appraise(
    assessment: Assessment, scores: list[Score], shape: Shape, *, explain: bool, share: float = 1.0
) -> list[Score]:
    """First appraisal: accept most scores, lower some with a reason, flag some for explanation."""
    rng = _rng("appraise", assessment.period.year, assessment.unit.name, assessment.unit.code)
    skip = shape.excluded.get(assessment.unit_id, set())
    changed: list[Score] = []
    adjusted: list[Score] = []
    for score in scores:
        if score.criterion_id in skip or isinstance(shape.methods[score.criterion_id], FromMetric):
            continue
        if share < 1 and rng.random() > share:
            continue
        own = score.self_points or ZERO
        points = own
        if own > 0 and rng.random() < 0.1:
            if isinstance(shape.methods[score.criterion_id], FixedIfDone):
                points = ZERO
            else:
                cut = (score.criterion.max_points * D(rng.choice(["0.25", "0.5"]))).quantize(D("0.01"))
                points = max(ZERO, own - cut)
        score.round1_points = points
        score.round1_reason = rng.choice(pd.APPRAISAL_REASONS) if points != own else ""
        if points != own:
            adjusted.append(score)
        score.version += 1
        changed.append(score)
    flagged: list[Score] = []
    if explain:
        if not adjusted:
            candidates = [s for s in changed if (s.self_points or ZERO) > 0]
            first = candidates[len(candidates) // 2]
            first.round1_points = max(ZERO, (first.self_points or ZERO) - first.criterion.max_points / 2).quantize(
                D("0.01")
            )
            first.round1_reason = pd.APPRAISAL_REASONS[0]
            adjusted.append(first)
        flagged = adjusted[: rng.choice([1, 2, 2, 3])]
        for score in flagged:
            score.explanation_requested = True
            score.explanation_request_note = rng.choice(pd.EXPLANATION_NOTES)
    audit_record(
        actor=ACTOR,
        action="par.score.bulk_appraise",
        obj=assessment,
        unit_id=assessment.unit_id,
        after={
            "round": 1,
            "scores": len(changed),
            "adjusted": sorted(s.criterion.code for s in adjusted),
            "explanation_requested": sorted(s.criterion.code for s in flagged),
            "source": "seed_demo",
        },
    )
    return changed


def _second_round(assessment: Assessment, scores: list[Score]) -> list[Score]:
    rng = _rng("round2", assessment.period.year, assessment.unit.name, assessment.unit.code)
    changed = []
    for score in scores:
        if not score.explanation_requested:
            continue
        if rng.random() < 0.5:
            score.round2_points, score.round2_reason = score.self_points or ZERO, "Chấp nhận giải trình của đơn vị."
        else:
            score.round2_points = score.round1_points
            score.round2_reason = "Giải trình chưa có căn cứ; giữ kết quả thẩm định vòng 1."
        score.version += 1
        changed.append(score)
    audit_record(
        actor=ACTOR,
        action="par.score.bulk_appraise",
        obj=assessment,
        unit_id=assessment.unit_id,
        after={"round": 2, "scores": sorted(s.criterion.code for s in changed), "source": "seed_demo"},
    )
    return changed


SCORE_SELF_FIELDS = ["self_value", "self_points", "self_note", "no_evidence_reason", "version"]
SCORE_ROUND1_FIELDS = ["round1_points", "round1_reason", "explanation_requested", "explanation_request_note", "version"]
SCORE_ROUND2_FIELDS = ["round2_points", "round2_reason", "version"]


def _write(scores: list[Score], fields: list[str]) -> None:
    """Save these fields of many score rows: one prepared UPDATE, executed for every row.

    `QuerySet.bulk_update` builds a CASE expression per row and field, which costs about a minute
    for the ~45,000 row updates of a demo load; `executemany` does it in about a second. Values are
    prepared by the model fields, so this works on any backend."""
    if not scores:
        return
    columns: list[Any] = [Score._meta.get_field(name) for name in [*fields, "updated_at"]]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns)
    sql = f"UPDATE {quote(Score._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"  # noqa: S608 - names only
    now = timezone.now()
    rows = []
    for score in scores:
        score.updated_at = now
        rows.append(
            [column.get_db_prep_save(getattr(score, column.attname), connection) for column in columns] + [score.pk]
        )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _explain(assessment: Assessment, actor: Any) -> None:
    rng = _rng("explain", assessment.period.year, assessment.unit.name, assessment.unit.code)
    requested = assessment.scores.filter(explanation_requested=True).values_list("pk", flat=True)
    answers = {pk: rng.choice(pd.EXPLANATIONS) for pk in requested}
    flow.explanation_submit(actor=actor, assessment=assessment, version=assessment.version, answers=answers)


def _measured(period: ScoringPeriod, units: list[Unit], metrics: set[str]) -> None:
    """The values other systems supply, with their sources (entered by the secretariat for now)."""
    year = period.year
    sources = {
        "onestop.on_time_rate": f"Hệ thống thông tin giải quyết TTHC tỉnh, số liệu đến 15/12/{year}",
        "onestop.online_rate": f"Hệ thống thông tin giải quyết TTHC tỉnh, số liệu đến 15/12/{year}",
        "directives.on_time_rate": f"Hệ thống theo dõi nhiệm vụ UBND tỉnh giao, số liệu đến 31/12/{year}",
        "economy.new_enterprise_growth": f"Sở Tài chính, số liệu đăng ký doanh nghiệp năm {year}",
        "org.iso_commune_share": f"Sở Khoa học và Công nghệ, kết quả kiểm tra ISO năm {year}",
        SURVEY_INDEX: f"Sở Nội vụ, kết quả điều tra xã hội học năm {year}",
    }
    for unit in units:
        rng = _rng("measured", year, unit.name, unit.code)
        values = {
            "onestop.on_time_rate": rng.uniform(0.93, 1.0),
            "onestop.online_rate": rng.uniform(0.25, 0.85),
            "directives.on_time_rate": rng.uniform(0.78, 1.0),
            "economy.new_enterprise_growth": rng.uniform(0.0, 0.16),
            "org.iso_commune_share": rng.choice([1.0, 1.0, 0.9, 0.85, 0.7]),
            SURVEY_INDEX: rng.uniform(72, 95),
        }
        for key in [*sorted(metrics), SURVEY_INDEX]:
            measured_value_set(
                actor=ACTOR,
                period=period,
                unit=unit,
                metric=key,
                value=D(str(round(values[key], 4))),
                source_note=sources[key],
                recompute=False,
            )


# --- periods ----------------------------------------------------------------------------------------


def _open(group: UnitGroup, criteria_set: CriteriaSet, year: int, first_deadline: date) -> ScoringPeriod:
    conf = pd.GROUPS[group.code]
    return period_open(
        actor=ACTOR,
        group=group,
        criteria_set=criteria_set,
        name=f"Chỉ số CCHC năm {year} - {group.name}",
        self_assessment_deadline=first_deadline,
        appraisal_deadline=first_deadline + timedelta(days=20),
        explanation_deadline=first_deadline + timedelta(days=30),
        survey_points=conf["survey_points"],
        bonus_cap=conf["bonus_cap"],
        penalty_cap=conf["penalty_cap"],
    )


@dataclass
class Run:
    """One period being loaded: its shape, assessments, score rows, people and documents."""

    period: ScoringPeriod
    shape: Shape
    assessments: list[Assessment]
    scores: dict[int, list[Score]]
    focal: dict[int, User]
    documents: dict[int, list[Evidence]]
    metrics: set[str]

    @classmethod
    def start(cls, period: ScoringPeriod, departments: bool) -> "Run":
        assessments = list(period.assessments.select_related("unit", "period").order_by("unit__sort_order", "pk"))
        units = [a.unit for a in assessments]
        focal = _department_focal_points(units) if departments else {}
        for unit in units:
            if unit.pk not in focal and (user := _member(unit, Role.FOCAL_POINT)) is not None:
                focal[unit.pk] = user
        documents = {
            a.unit_id: _documents(a.unit, period.year, focal[a.unit_id]) for a in assessments if a.unit_id in focal
        }
        shape = _shape(period.criteria_set)
        metrics = {m.metric for m in shape.methods.values() if isinstance(m, FromMetric)}
        return cls(period, shape, assessments, _scores_by_assessment(period), focal, documents, metrics)

    def self_assess(self, assessments: list[Assessment], share: float = 1.0) -> None:
        changed = []
        for a in assessments:
            changed += _self_assess(a, self.scores[a.pk], self.shape, self.documents.get(a.unit_id, []), share=share)
        _write(changed, SCORE_SELF_FIELDS)

    def submit(self, assessments: list[Assessment]) -> None:
        for a in assessments:
            flow.assessment_submit(actor=_member(a.unit, Role.UNIT_HEAD), assessment=a, version=a.version)

    def appraise(self, assessments: list[Assessment], explain: set[int], share: float = 1.0) -> None:
        changed = []
        for a in assessments:
            changed += _appraise(a, self.scores[a.pk], self.shape, explain=a.pk in explain, share=share)
        _write(changed, SCORE_ROUND1_FIELDS)

    def conclude(self, assessments: list[Assessment]) -> None:
        for a in assessments:
            flow.appraisal_conclude(actor=ACTOR, assessment=a, version=a.version)

    def explain(self, assessments: list[Assessment]) -> None:
        for a in assessments:
            _explain(a, self.focal.get(a.unit_id) or ACTOR)

    def second_round(self, assessments: list[Assessment]) -> None:
        self.scores = _scores_by_assessment(self.period)  # the explanations changed the rows
        changed = []
        for a in assessments:
            changed += _second_round(a, self.scores[a.pk])
        _write(changed, SCORE_ROUND2_FIELDS)

    def to_appraised(self, assessments: list[Assessment], explain: set[int]) -> None:
        """Submitted -> (first appraisal) -> [explanation -> second appraisal] -> appraised."""
        self.appraise(assessments, explain)
        self.conclude(assessments)
        asked = [a for a in assessments if a.pk in explain]
        self.explain(asked)
        self.second_round(asked)
        self.conclude(asked)


def _load_2024(group: UnitGroup, criteria_set: CriteriaSet, today: date) -> ScoringPeriod:
    period = _open(group, criteria_set, 2024, today + timedelta(days=30))
    run = Run.start(period, departments=group.code == "so-ban-nganh")
    everyone = run.assessments
    run.self_assess(everyone)
    run.submit(everyone)
    rng = _rng("explain-2024", group.code)
    run.to_appraised(everyone, {a.pk for a in everyone if rng.random() < 0.3})
    _measured(period, [a.unit for a in everyone], run.metrics)
    flow.assessments_finalise_appraised(actor=ACTOR, period=period)
    period.refresh_from_db()
    period = period_update(
        actor=ACTOR,
        period=period,
        version=period.version,
        self_assessment_deadline=date(2025, 1, 15),
        appraisal_deadline=date(2025, 2, 10),
        explanation_deadline=date(2025, 2, 20),
    )
    return period_publish(
        actor=ACTOR, period=period, version=period.version, decision_reference=pd.PUBLISHING_DECISION[2024]
    )


def _states(run: Run, group: UnitGroup) -> dict[str, list[Assessment]]:
    """Every 2025 state present in each group; the pinned units in draft."""
    rng = _rng("states-2025", group.code)
    pinned = [a for a in run.assessments if a.unit.name in PINNED_DRAFTS]
    others = [a for a in run.assessments if a.unit.name not in PINNED_DRAFTS]
    rng.shuffle(others)
    names = [name for name, _weight in STATE_WEIGHTS]
    weights = [weight for _name, weight in STATE_WEIGHTS]
    states: dict[str, list[Assessment]] = {name: [] for name in names}
    states["draft"] += pinned
    for index, assessment in enumerate(others):
        name = names[index] if index < len(names) else rng.choices(names, weights)[0]
        states[name].append(assessment)
    return states


def _load_2025(group: UnitGroup, criteria_set: CriteriaSet, today: date, summary: ParDemoSummary) -> ScoringPeriod:
    period = _open(group, criteria_set, 2025, today + timedelta(days=20))
    run = Run.start(period, departments=group.code == "so-ban-nganh")
    states = _states(run, group)
    past_draft = [a for name, items in states.items() if name != "draft" for a in items]
    run.self_assess(states["draft"], share=0.6)
    run.self_assess(past_draft)
    run.submit(past_draft)
    rng = _rng("explain-2025", group.code)
    # The finalised ones first: finalising is done for every appraised assessment at once.
    run.to_appraised(states["finalised"], {a.pk for a in states["finalised"] if rng.random() < 0.3})
    flow.assessments_finalise_appraised(actor=ACTOR, period=period)
    run.to_appraised(states["appraised"], {a.pk for a in states["appraised"] if rng.random() < 0.3})
    asked = states["explanation_requested"] + states["explained"]
    run.appraise(asked, {a.pk for a in asked})
    run.conclude(asked)
    run.explain(states["explained"])
    submitted = states["submitted"]
    run.appraise(submitted[: len(submitted) // 2], set(), share=0.5)  # appraisal under way
    _measured(period, [a.unit for a in run.assessments], run.metrics)
    results_recompute(period=period)
    for name, items in states.items():
        summary.statuses[name] = summary.statuses.get(name, 0) + len(items)
    return period


@transaction.atomic
def demo_par_load(*, today: date | None = None) -> ParDemoSummary:
    """Load the PAR demo for both groups. Safe to run again: existing periods are left as they are."""
    today = today or timezone.localdate()
    summary = ParDemoSummary()
    for code in pd.GROUPS:
        group = UnitGroup.objects.filter(code=code).first()
        if group is None:
            continue
        set_2024 = _criteria_set(group, 2024, summary)
        set_2025 = _criteria_set(group, 2025, summary)
        if not ScoringPeriod.objects.filter(year=2024, group=group).exists():
            period = _load_2024(group, set_2024, today)
            summary.periods_created += 1
            summary.assessments_created += period.assessments.count()
        if not ScoringPeriod.objects.filter(year=2025, group=group).exists():
            period = _load_2025(group, set_2025, today, summary)
            summary.periods_created += 1
            summary.assessments_created += period.assessments.count()
    return summary
