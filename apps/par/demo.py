"""The PAR Index demo: 2024 and 2025 criteria sets, 2024 published for every unit, 2025 open with
units in every state. Data in `apps/par/demo/`: `criteria-<group>.xlsx` (each group's outline after
Decision 876/QĐ-BNV, read by the criteria Excel import like an upload) and `par.json`.

Every write goes through a PAR service; a whole self-assessment or appraisal round through
`scores_bulk_load`. Deterministic (seeded `random.Random`), idempotent (an existing set or period
is left alone). Services refuse work after a deadline, so the 2024 period is opened with deadlines
after today, run through, then moved back to early 2025 and published; 2025 stays open.
"""

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.accounts.models import User
from apps.core.actors import DEMO
from apps.org.models import Membership, Role, Unit, UnitGroup
from apps.par import excel_criteria
from apps.par.models import Assessment, CriteriaSet, Criterion, Evidence, Score, ScoringPeriod
from apps.par.services import assessments as flow
from apps.par.services import criteria as criteria_services
from apps.par.services import periods as period_services
from apps.par.services.bulk import ScoreRow, Step, scores_bulk_load
from apps.par.services.evidence import evidence_upload
from apps.par.services.measured import measured_value_set
from apps.par.services.results import results_recompute

DATA = Path(__file__).with_suffix("")  # apps/par/demo/
SEED = "cchc-demo-par"
SOURCE = "seed_demo"
D = Decimal
ZERO = D("0")
PDF = b"%%PDF-1.4\n%% %s\n1 0 obj<<>>endobj\ntrailer<<>>\n%%%%EOF\n"


@cache
def data() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / "par.json").read_text(encoding="utf-8"))
    return loaded


def workbook(group_code: str) -> Path:
    """The criteria outline of a group, as the .xlsx the criteria import reads."""
    return DATA / data()["groups"][group_code]["workbook"]


def _rng(*parts: Any) -> random.Random:
    return random.Random("|".join(str(p) for p in (SEED, *parts)))  # noqa: S311 - demo data, not security


def _criteria_set(group: UnitGroup, year: int, summary: Counter[str]) -> CriteriaSet:
    existing = CriteriaSet.objects.filter(group=group, year=year).first()
    if existing is not None:
        return existing
    conf = data()["groups"][group.code]
    if year == 2024:
        path = workbook(group.code)
        upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type=excel_criteria.XLSX_MIME)
        criteria_set, _count = criteria_services.criteria_set_import(
            actor=DEMO,
            uploaded=upload,
            year=year,
            group=group,
            name=conf["set_name"].format(year=year),
            legal_reference=data()["legal_reference"][str(year)],
        )
    else:
        criteria_set = _clone_with_changes(group, year)
    for row in data()["exclusions"]:
        unit = group.units.filter(name=row["unit"]).first()
        node = criteria_set.nodes.filter(name=row["criterion"]).first()
        if unit is not None and node is not None:
            criteria_services.criterion_exclusion_set(actor=DEMO, criterion=node, unit=unit, reason=row["reason"])
    summary["sets"] += 1
    return criteria_set


def _clone_with_changes(group: UnitGroup, year: int) -> CriteriaSet:
    """This year's set: last year's, cloned (each node keeps its predecessor), with the listed changes."""
    conf = data()["groups"][group.code]
    source = CriteriaSet.objects.get(group=group, year=year - 1)
    clone = criteria_services.criteria_set_clone(actor=DEMO, source=source, year=year)
    clone = criteria_services.criteria_set_update(
        actor=DEMO,
        criteria_set=clone,
        version=clone.version,
        name=conf["set_name"].format(year=year),
        legal_reference=data()["legal_reference"][str(year)],
    )
    changes = data()[f"changes_{year}"]
    for change in changes["update"]:
        node = clone.nodes.get(name=change["criterion"])
        fields = {k: v for k, v in change.items() if k in {"name", "guidance", "method"}}
        if "max_points_change" in change:
            fields["max_points"] = node.max_points + D(change["max_points_change"])
        criteria_services.criterion_update(actor=DEMO, criterion=node, version=node.version, **fields)
    for new in changes["create"]:
        beside = clone.nodes.select_related("parent").get(name=new["beside"])
        parent = beside.parent
        siblings = parent.children.count() if parent else clone.nodes.filter(parent__isnull=True).count()
        criteria_services.criterion_create(
            actor=DEMO,
            criteria_set=clone,
            parent=parent,
            code=f"{parent.code}.{siblings + 1}" if parent else str(siblings + 1),
            name=new["name"],
            max_points=D(new["max_points"]),
            method=new["method"],
            guidance=new["guidance"],
        )
    return clone


def _member(unit: Unit, role: str) -> User | None:
    found = Membership.objects.filter(unit=unit, role=role, is_active=True).select_related("user").order_by("pk")
    return found[0].user if found else None


def _documents(unit: Unit, year: int, uploader: User) -> list[Evidence]:
    documents = []
    for number, title in enumerate((t.format(year=year) for t in data()["documents"]), start=1):
        content = PDF % title.encode("utf-8")
        uploaded = SimpleUploadedFile(f"tai-lieu-{year}-{number}.pdf", content, content_type="application/pdf")
        documents.append(evidence_upload(actor=uploader, unit=unit, year=year, title=title, uploaded=uploaded))
    return documents


def _self_value(method: dict[str, Any], maximum: Decimal, quality: float, rng: random.Random) -> Decimal:
    """A plausible input for a leaf, better on average for a unit of higher quality."""
    kind = method["type"]
    if kind == "manual":
        step = D(str(method["step"]))
        share = min(1.0, max(0.0, quality + rng.uniform(-0.2, 0.12)))
        steps = (maximum * D(str(round(share, 3))) / step).to_integral_value(rounding="ROUND_FLOOR")
        return min(maximum, steps * step)
    if kind == "done":
        return D(1) if rng.random() < quality + 0.1 else D(0)
    if kind == "tiers":
        if rng.random() < quality:
            return D(1)
        return D(str(rng.choice(["0.97", "0.92", "0.85", "0.8", "0.7"])))
    if kind == "proportional":
        ratio = min(1.0, max(0.0, quality + rng.uniform(-0.15, 0.2)))
        return (D(str(method["full_at"])) * D(str(round(ratio, 2)))).quantize(D("0.01"))
    if kind == "deduction":
        return D(0) if rng.random() < quality else D(rng.choice([1, 1, 2, 3]))
    raise ValueError(kind)


@dataclass
class Run:
    """One period being loaded: its leaves, assessments, score rows, people and documents."""

    period: ScoringPeriod
    leaves: list[Criterion]
    excluded: dict[int, set[int]]  # unit id -> criterion ids not applicable
    assessments: list[Assessment]
    focal: dict[int, User]
    documents: dict[int, list[Evidence]]
    scores: dict[int, dict[int, Score]] = field(default_factory=dict)  # assessment id -> criterion id -> row

    @classmethod
    def start(cls, period: ScoringPeriod) -> "Run":
        assessments = list(period.assessments.select_related("unit", "period").order_by("unit__sort_order", "pk"))
        units = [a.unit for a in assessments]
        focal = {unit.pk: user for unit in units if (user := _member(unit, Role.FOCAL_POINT)) is not None}
        documents = {
            a.unit_id: _documents(a.unit, period.year, focal[a.unit_id]) for a in assessments if a.unit_id in focal
        }
        nodes = list(period.criteria_set.nodes.order_by("sort_order", "code"))
        parents = {n.parent_id for n in nodes if n.parent_id}
        excluded: dict[int, set[int]] = {}
        for unit_id, criterion_id in period.criteria_set.nodes.filter(exclusions__isnull=False).values_list(
            "exclusions__unit_id", "pk"
        ):
            excluded.setdefault(unit_id, set()).add(criterion_id)
        leaves = [n for n in nodes if n.pk not in parents]
        return cls(period, leaves, excluded, assessments, focal, documents)

    def _scorable(self, assessment: Assessment) -> list[tuple[int, Criterion]]:
        skip = self.excluded.get(assessment.unit_id, set())
        return [(i, n) for i, n in enumerate(self.leaves) if n.pk not in skip and not n.is_metric]

    def _load(self, assessment: Assessment, step: Step, rows: list[ScoreRow]) -> None:
        written = scores_bulk_load(actor=DEMO, assessment=assessment, step=step, rows=rows, source=SOURCE)
        self.scores.setdefault(assessment.pk, {}).update({s.criterion_id: s for s in written})

    def _in_order(self, assessment: Assessment) -> list[Score]:
        scores = self.scores.get(assessment.pk, {})
        return [scores[n.pk] for n in self.leaves if n.pk in scores]

    def _own(self, assessment: Assessment, criterion: Criterion) -> Decimal:
        score = self.scores.get(assessment.pk, {}).get(criterion.pk)
        return (score.self_points if score else None) or ZERO

    def _last_simple(self, assessment: Assessment, count: int) -> set[int]:
        """The last `count` manual leaves that need no evidence: what a draft still lacks, quick to fill."""
        simple = [n.pk for _i, n in self._scorable(assessment) if n.method.get("type") == "manual"]
        simple = [pk for pk in simple if not next(n for n in self.leaves if n.pk == pk).evidence_required]
        return set(simple[-count:]) if count else set()

    def self_assess(self, assessments: list[Assessment], missing: int = 0) -> None:
        """Self-score each unit's leaves, all but `missing` quick ones (all of them for a submission)."""
        texts = data()
        for a in assessments:
            rng = _rng("self", a.period.year, a.unit.name, a.unit.code)
            quality = rng.uniform(0.7, 0.98)
            documents = self.documents.get(a.unit_id, [])
            left = self._last_simple(a, missing)
            rows = []
            for index, node in self._scorable(a):
                if node.pk in left:
                    continue
                if node.kind == "penalty":  # most units have nothing to confess
                    done = node.method.get("type") == "done"
                    value = D(0) if rng.random() < 0.85 else (D(1) if done else D("0.5"))
                else:
                    value = _self_value(node.method, node.max_points, quality, rng)
                note = rng.choice(texts["self_notes"]) if rng.random() < 0.6 else ""
                evidence: tuple[int, ...] = ()
                reason = ""
                if node.evidence_required:
                    if documents:
                        evidence = (documents[index % len(documents)].pk,)
                    else:
                        reason = texts["no_evidence_reason"]
                rows.append(ScoreRow(node.pk, value=value, note=note, no_evidence_reason=reason, evidence_ids=evidence))
            self._load(a, Step.SELF, rows)

    def submit(self, assessments: list[Assessment]) -> None:
        for a in assessments:
            # The unit's head, or no named person (`submitted_by` takes a user, not a SystemActor).
            head: Any = _member(a.unit, Role.UNIT_HEAD)
            flow.assessment_submit(actor=head, assessment=a, version=a.version)

    def appraise(self, assessments: list[Assessment], explain: set[int], missing: int = 0) -> None:
        """First appraisal: accept most scores, lower some with a reason, flag some for explanation;
        `missing`: the last leaves are left for the appraiser (the round under way)."""
        texts = data()
        for a in assessments:
            rng = _rng("appraise", a.period.year, a.unit.name, a.unit.code)
            rows: dict[int, dict[str, Any]] = {}
            adjusted: list[int] = []
            scorable = self._scorable(a)
            for _index, node in scorable[: len(scorable) - missing]:
                own = points = self._own(a, node)
                if own > 0 and rng.random() < 0.1:
                    if node.method.get("type") == "done":
                        points = ZERO
                    else:
                        cut = (node.max_points * D(rng.choice(["0.25", "0.5"]))).quantize(D("0.01"))
                        points = max(ZERO, own - cut)
                reason = rng.choice(texts["appraisal_reasons"]) if points != own else ""
                if points != own:
                    adjusted.append(node.pk)
                rows[node.pk] = {"points": points, "reason": reason, "explanation_note": ""}
            if a.pk in explain:
                if not adjusted:
                    nodes = {n.pk: n for _i, n in self._scorable(a)}
                    candidates = [pk for pk in rows if self._own(a, nodes[pk]) > 0]
                    first = candidates[len(candidates) // 2]
                    cut = self._own(a, nodes[first]) - nodes[first].max_points / 2
                    rows[first].update(points=max(ZERO, cut).quantize(D("0.01")), reason=texts["appraisal_reasons"][0])
                    adjusted.append(first)
                for pk in adjusted[: rng.choice([1, 2, 2, 3])]:
                    rows[pk]["explanation_note"] = rng.choice(texts["explanation_notes"])
            self._load(a, Step.ROUND1, [ScoreRow(pk, **row) for pk, row in rows.items()])

    def conclude(self, assessments: list[Assessment]) -> None:
        for a in assessments:
            flow.appraisal_conclude(actor=DEMO, assessment=a, version=a.version)

    def explain(self, assessments: list[Assessment]) -> None:
        for a in assessments:
            rng = _rng("explain", a.period.year, a.unit.name, a.unit.code)
            requested = [s for s in self._in_order(a) if s.explanation_requested]
            answers = {s.pk: rng.choice(data()["explanations"]) for s in requested}
            flow.explanation_submit(
                actor=self.focal.get(a.unit_id) or DEMO, assessment=a, version=a.version, answers=answers
            )

    def second_round(self, assessments: list[Assessment]) -> None:
        reasons = data()["round2_reasons"]
        for a in assessments:
            rng = _rng("round2", a.period.year, a.unit.name, a.unit.code)
            rows = []
            for score in self._in_order(a):
                if not score.explanation_requested:
                    continue
                points: Decimal | None
                if rng.random() < 0.5:
                    points, reason = score.self_points or ZERO, reasons["accepted"]
                else:
                    points, reason = score.round1_points, reasons["kept"]
                rows.append(ScoreRow(score.criterion_id, points=points, reason=reason))
            self._load(a, Step.ROUND2, rows)

    def to_appraised(self, assessments: list[Assessment], explain: set[int]) -> None:
        """Submitted -> (first appraisal) -> [explanation -> second appraisal] -> appraised."""
        self.appraise(assessments, explain)
        self.conclude(assessments)
        asked = [a for a in assessments if a.pk in explain]
        self.explain(asked)
        self.second_round(asked)
        self.conclude(asked)

    def measure(self) -> None:
        """The values other systems supply, with their sources (entered by the secretariat for now)."""
        year = self.period.year
        used = {n.method["metric"] for n in self.leaves if n.is_metric}
        for a in self.assessments:
            rng = _rng("measured", year, a.unit.name, a.unit.code)
            values = {
                m["metric"]: rng.uniform(*m["uniform"]) if "uniform" in m else rng.choice(m["choice"])
                for m in data()["measured"]
            }
            for m in data()["measured"]:
                if m["metric"] in used or m.get("always"):
                    measured_value_set(
                        actor=DEMO,
                        period=self.period,
                        unit=a.unit,
                        metric=m["metric"],
                        value=D(str(round(values[m["metric"]], 4))),
                        source_note=m["source"].format(year=year),
                        recompute=False,
                    )


def _open(group: UnitGroup, criteria_set: CriteriaSet, year: int, first_deadline: date) -> Run:
    conf = data()["groups"][group.code]
    period = period_services.period_open(
        actor=DEMO,
        group=group,
        criteria_set=criteria_set,
        name=f"Chỉ số CCHC năm {year} - {group.name}",
        self_assessment_deadline=first_deadline,
        appraisal_deadline=first_deadline + timedelta(days=20),
        explanation_deadline=first_deadline + timedelta(days=30),
        survey_points=D(conf["survey_points"]),
        bonus_cap=D(conf["bonus_cap"]),
        penalty_cap=D(conf["penalty_cap"]),
    )
    return Run.start(period)


def _load_2024(group: UnitGroup, criteria_set: CriteriaSet, today: date) -> ScoringPeriod:
    run = _open(group, criteria_set, 2024, today + timedelta(days=30))
    everyone = run.assessments
    run.self_assess(everyone)
    run.submit(everyone)
    rng = _rng("explain-2024", group.code)
    run.to_appraised(everyone, {a.pk for a in everyone if rng.random() < 0.3})
    run.measure()
    flow.assessments_finalise_appraised(actor=DEMO, period=run.period)
    period = ScoringPeriod.objects.get(pk=run.period.pk)
    period = period_services.period_update(
        actor=DEMO,
        period=period,
        version=period.version,
        **{name: date.fromisoformat(day) for name, day in data()["deadlines_2024"].items()},
    )
    decision = data()["publishing_decision"]["2024"]
    return period_services.period_publish(
        actor=DEMO, period=period, version=period.version, decision_reference=decision
    )


STATES = ("draft", "submitted", "explanation_requested", "explained", "appraised", "finalised")


def _states(run: Run, group: UnitGroup) -> dict[str, list[Assessment]]:
    """The 2025 plan of a group (par.json "open_2025"): the named units, which have demo logins, in
    the states that wait for the unit; a few random units in the appraisal states; every other unit
    finalised. A tester closes every stage in a few minutes."""
    plan = data()["open_2025"][group.code]
    rng = _rng("states-2025", group.code)
    states: dict[str, list[Assessment]] = {name: [] for name in STATES}
    by_name = {a.unit.name: a for a in run.assessments}
    named: set[str] = set()
    for state in STATES:
        for name in plan.get(state, []):
            if name in by_name:
                states[state].append(by_name[name])
                named.add(name)
    others = [a for a in run.assessments if a.unit.name not in named]
    rng.shuffle(others)
    for state, count in plan.get("random", {}).items():
        states[state] += others[:count]
        others = others[count:]
    states["finalised"] += others
    return states


def _load_2025(group: UnitGroup, criteria_set: CriteriaSet, today: date) -> ScoringPeriod:
    run = _open(group, criteria_set, 2025, today + timedelta(days=20))
    states = _states(run, group)
    plan = data()["open_2025"]
    past_draft = [a for name, items in states.items() if name != "draft" for a in items]
    run.self_assess(states["draft"], missing=plan["draft_missing"])
    run.self_assess(past_draft)
    run.submit(past_draft)
    rng = _rng("explain-2025", group.code)
    # The finalised ones first: finalising is done for every appraised assessment at once.
    run.to_appraised(states["finalised"], {a.pk for a in states["finalised"] if rng.random() < 0.3})
    run.measure()  # before finalising: the final figures count the measured criteria and the survey
    flow.assessments_finalise_appraised(actor=DEMO, period=run.period)
    run.to_appraised(states["appraised"], {a.pk for a in states["appraised"] if rng.random() < 0.5})
    asked = states["explanation_requested"] + states["explained"]
    run.appraise(asked, {a.pk for a in asked})
    run.conclude(asked)
    run.explain(states["explained"])
    run.appraise(states["submitted"], set(), missing=plan["round1_missing"])  # round 1 under way
    results_recompute(period=run.period)
    return run.period


def demo_par_load(*, today: date | None = None, groups: list[str] | None = None) -> Counter[str]:
    """Load the PAR demo for every group in par.json (or `groups`). Safe to run again: existing
    periods are left alone."""
    today = today or timezone.localdate()
    summary: Counter[str] = Counter()
    for code in groups or data()["groups"]:
        group = UnitGroup.objects.filter(code=code).first()
        if group is None:
            continue
        set_2024 = _criteria_set(group, 2024, summary)
        set_2025 = _criteria_set(group, 2025, summary)
        for year, criteria_set, load_period in ((2024, set_2024, _load_2024), (2025, set_2025, _load_2025)):
            if ScoringPeriod.objects.filter(year=year, group=group).exists():
                continue
            period = load_period(group, criteria_set, today)
            summary["periods"] += 1
            summary["assessments"] += period.assessments.count()
    return summary


def load(stdout: Any) -> None:
    """The PAR demo loader (apps.core.hooks.DemoLoader); needs the org demo (the groups and people)."""
    summary = demo_par_load()
    stdout.write(
        f"PAR Index demo: {summary['sets']} criteria sets, {summary['periods']} periods and "
        f"{summary['assessments']} assessments created this run."
    )
