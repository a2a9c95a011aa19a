"""The PAR demo's cycle runner: one period's self-assessments, appraisal rounds, explanations and
measured values, written through the PAR services (`scores_bulk_load` for whole rounds), from the
seeded data in `apps/par/demo/par.json`. `apps.par.demo` decides which units go how far."""

import json
import random
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.models import User
from apps.core.actors import DEMO
from apps.org.models import Membership, Role, Unit
from apps.par.metric_sources import metric_info
from apps.par.models import Assessment, Criterion, Evidence, Score, ScoringPeriod
from apps.par.services import assessments as flow
from apps.par.services.bulk import ScoreRow, Step, scores_bulk_load
from apps.par.services.evidence import evidence_upload
from apps.par.services.measured import measured_value_set, metrics_refresh

DATA = Path(__file__).with_name("demo")  # apps/par/demo/
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
        """The values other systems supply, with their sources: entered by the secretariat, or, for a
        metric an installed module computes (the one-stop on-time share), refreshed from that module."""
        year = self.period.year
        used = {n.method["metric"] for n in self.leaves if n.is_metric}
        computed = {m["metric"] for m in data()["measured"] if (info := metric_info(m["metric"])) and info.computed}
        for a in self.assessments:
            rng = _rng("measured", year, a.unit.name, a.unit.code)
            values = {
                m["metric"]: rng.uniform(*m["uniform"]) if "uniform" in m else rng.choice(m["choice"])
                for m in data()["measured"]
            }
            for m in data()["measured"]:
                if m["metric"] in computed:
                    continue
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
        if computed & used:
            metrics_refresh(actor=DEMO, period=self.period)
