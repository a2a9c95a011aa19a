"""The PAR Index demo: 2024 and 2025 criteria sets, 2024 published for every unit, 2025 open with
units in every state. Data in `apps/par/demo/`: `criteria-<group>.xlsx` (each group's outline after
Decision 876/QĐ-BNV, read by the criteria Excel import like an upload) and `par.json`.

Every write goes through a PAR service; a whole self-assessment or appraisal round through
`scores_bulk_load`. Deterministic (seeded `random.Random`), idempotent (an existing set or period
is left alone). Services refuse work after a deadline, so the 2024 period is opened with deadlines
after today, run through, then moved back to early 2025 and published; 2025 stays open.
"""

from collections import Counter
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.core.actors import DEMO
from apps.org.models import UnitGroup
from apps.par import excel_criteria
from apps.par.demo_run import D, Run, _rng, data, workbook
from apps.par.models import Assessment, CriteriaSet, ScoringPeriod
from apps.par.services import assessments as flow
from apps.par.services import criteria as criteria_services
from apps.par.services import periods as period_services
from apps.par.services.results import results_recompute


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
