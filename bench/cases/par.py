"""PAR Index at province scale: every unit of the data set scored on 100 leaf criteria for 3 years.

The first run builds the scoring data (criteria sets of 10 areas x 10 leaves, one period per
year, the two earlier years published) with bulk inserts; later runs reuse it.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.cases import BenchContext, Trial, case
from bench.dataset import BENCH_PREFIX

YEARS = (2023, 2024, 2025)
AREAS, LEAVES_PER_AREA = 10, 10
GROUP_CODE = f"{BENCH_PREFIX}par"


def _ensure_par_data() -> dict[str, Any]:
    from apps.accounts.models import User
    from apps.org.models import Unit, UnitGroup, UnitKind
    from apps.par.models import (
        Assessment,
        AssessmentStatus,
        CriteriaSet,
        Criterion,
        PeriodStatus,
        Score,
        ScoringPeriod,
    )
    from apps.par.services.results import results_recompute

    group = UnitGroup.objects.filter(code=GROUP_CODE).first()
    if group is None:
        rng = random.Random(2025)
        with transaction.atomic():
            group = UnitGroup.objects.create(code=GROUP_CODE, name="Bench: every unit")
            units = list(Unit.objects.filter(code__startswith=BENCH_PREFIX).exclude(kind=UnitKind.PROVINCE))
            group.units.set(units)
            previous: dict[str, Criterion] = {}
            for year in YEARS:
                cset = CriteriaSet.objects.create(year=year, group=group, name=f"Bench {year}")
                nodes: dict[str, Criterion] = {}
                for a in range(1, AREAS + 1):
                    area = Criterion.objects.create(
                        criteria_set=cset,
                        code=str(a),
                        name=f"Lĩnh vực {a}",
                        depth=1,
                        max_points=Decimal(10),
                        method={"type": "sum"},
                        sort_order=a * 100,
                        predecessor=previous.get(str(a)),
                    )
                    nodes[area.code] = area
                    Criterion.objects.bulk_create(
                        Criterion(
                            criteria_set=cset,
                            parent=area,
                            code=f"{a}.{i}",
                            name=f"Tiêu chí {a}.{i}",
                            depth=2,
                            max_points=Decimal(1),
                            method={"type": "manual", "step": "0.25"},
                            sort_order=a * 100 + i,
                            predecessor=previous.get(f"{a}.{i}"),
                        )
                        for i in range(1, LEAVES_PER_AREA + 1)
                    )
                nodes.update({c.code: c for c in cset.nodes.all()})
                previous = nodes
                published = year != YEARS[-1]
                period = ScoringPeriod.objects.create(
                    year=year,
                    group=group,
                    criteria_set=cset,
                    name=f"Bench {year}",
                    self_assessment_deadline=date(year + 1, 1, 15),
                    appraisal_deadline=date(year + 1, 2, 15),
                    explanation_deadline=date(year + 1, 2, 28),
                    status=PeriodStatus.PUBLISHED if published else PeriodStatus.OPEN,
                )
                status = AssessmentStatus.FINALISED if published else AssessmentStatus.SUBMITTED
                assessments = Assessment.objects.bulk_create(
                    Assessment(period=period, unit=u, status=status) for u in units
                )
                if assessments and assessments[0].pk is None:
                    assessments = list(period.assessments.all())
                leaves = [c for c in nodes.values() if c.depth == 2]
                quarter = [Decimal(q) / 4 for q in range(5)]
                Score.objects.bulk_create(
                    (
                        Score(
                            assessment=a,
                            criterion=leaf,
                            self_points=rng.choice(quarter[2:]),
                            round1_points=rng.choice(quarter[1:]),
                        )
                        for a in assessments
                        for leaf in leaves
                    ),
                    batch_size=2000,
                )
                results_recompute(period=period)
    periods = {p.year: p for p in ScoringPeriod.objects.filter(group=group)}
    secretariat = User.objects.get(username=f"{BENCH_PREFIX}00002")
    return {"periods": periods, "secretariat": secretariat, "units": group.units.count()}


def _size(data: dict[str, Any]) -> str:
    return f"{data['units']} units x {AREAS * LEAVES_PER_AREA} leaves x {len(YEARS)} years"


@case("par: recompute a period's results", budget_ms={"demo": 500, "province": 2000})
def recompute(context: BenchContext) -> Trial:
    from apps.par.services.results import results_recompute

    data = _ensure_par_data()
    period = data["periods"][YEARS[-1]]
    return Trial(run=lambda: results_recompute(period=period), size=_size(data))


def _page_trial(data: dict[str, Any], url: str, content_type: str, max_queries: int) -> Trial:
    client = Client(SERVER_NAME="localhost")
    client.force_login(data["secretariat"])
    client.get(url)  # untimed: a process's first request loads templates and catalogues once

    def run() -> tuple[int, int, str]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        return response.status_code, len(queries), response["Content-Type"]

    def after(result: tuple[int, int, str]) -> str:
        status, queries, got_type = result
        assert status == 200, f"{url} answered {status}"
        assert got_type.startswith(content_type), got_type
        assert queries <= max_queries, f"{queries} queries (at most {max_queries})"
        return f"{queries} queries"

    return Trial(run=run, size=_size(data), after=after)


@case("par: results page", budget_ms={"demo": 500, "province": 1500})
def results_page(context: BenchContext) -> Trial:
    data = _ensure_par_data()
    period = data["periods"][YEARS[-1]]
    return _page_trial(data, f"/chi-so-cchc/ky-danh-gia/{period.pk}/ket-qua/", "text/html", 20)


@case("par: analysis page", budget_ms={"demo": 800, "province": 2500})
def analysis_page(context: BenchContext) -> Trial:
    data = _ensure_par_data()
    period = data["periods"][YEARS[-1]]
    return _page_trial(data, f"/chi-so-cchc/ky-danh-gia/{period.pk}/phan-tich/", "text/html", 25)


@case("par: results Excel export", budget_ms={"demo": 800, "province": 2500})
def results_export(context: BenchContext) -> Trial:
    data = _ensure_par_data()
    period = data["periods"][YEARS[-1]]
    return _page_trial(
        data,
        f"/chi-so-cchc/ky-danh-gia/{period.pk}/ket-qua.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        20,
    )


@case("portal: the secretariat's start page (worklists)", budget_ms={"demo": 500, "province": 1500})
def secretariat_start(context: BenchContext) -> Trial:
    data = _ensure_par_data()
    return _page_trial(data, "/trang-cua-toi/", "text/html", 40)


@case("par: appraisal page of one unit", budget_ms={"demo": 800, "province": 1500})
def appraisal_page(context: BenchContext) -> Trial:
    data = _ensure_par_data()
    assessment = data["periods"][YEARS[-1]].assessments.order_by("pk").first()
    return _page_trial(data, f"/chi-so-cchc/tham-dinh/{assessment.pk}/", "text/html", 60)
