"""One-stop dossiers at scale: procedures, dossiers over 3 years (2023-2025) for the data set's units,
and their rollups.

demo: 200 procedures, 30,000 dossiers (built in seconds; CI runs it). province: 2,000 procedures,
1.5 million dossiers. The first run builds them with bulk inserts (no services: the lifecycle is
simulated) and rebuilds the rollups; later runs reuse them.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from bench.cases import BenchContext, CaseUnavailable, Trial, case
from bench.dataset import BENCH_PREFIX

SIZES = {"demo": (200, 30_000), "province": (2_000, 1_500_000)}
FIRST_DAY, LAST_DAY = date(2023, 1, 1), date(2025, 12, 31)
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FIELDS = ["Hộ tịch", "Đất đai", "Đăng ký kinh doanh", "Xây dựng", "Lao động", "Tư pháp", "Giao thông", "Y tế"]
BATCH = 5_000


def _ensure_onestop_data(context: BenchContext) -> dict[str, Any]:
    from apps.accounts.models import User
    from apps.onestop.models import Dossier, Office, Procedure
    from apps.onestop.services.rollups import rollups_rebuild
    from apps.org.models import Unit, UnitKind

    n_procedures, n_dossiers = SIZES[context.scale.name]
    prefix = f"{BENCH_PREFIX}tthc-"
    if not Procedure.objects.filter(code__startswith=prefix).exists():
        rng = random.Random(2025)
        units = Unit.objects.filter(code__startswith=BENCH_PREFIX)
        departments = list(units.filter(kind=UnitKind.DEPARTMENT).order_by("pk"))
        communes = list(units.filter(kind=UnitKind.COMMUNE).order_by("pk"))
        province = units.get(kind=UnitKind.PROVINCE)
        with transaction.atomic():
            Office.objects.get_or_create(unit=province, defaults={"agency_code": f"{BENCH_PREFIX}000.00.08"})
            for i, commune in enumerate(communes):
                Office.objects.get_or_create(unit=commune, defaults={"agency_code": f"{BENCH_PREFIX}000.{i:02}.15"})
            Procedure.objects.bulk_create(
                Procedure(
                    code=f"{prefix}{i:05}",
                    name=f"Thủ tục thử nghiệm số {i}",
                    field=FIELDS[i % len(FIELDS)],
                    level="commune" if i % 3 == 0 else "province",
                    agency=None if i % 3 == 0 else departments[i % len(departments)],
                    time_limit_days=rng.choice([1, 3, 5, 7, 10, 15, 20]),
                    online_mode=rng.choice(["full", "partial", "none"]),
                )
                for i in range(n_procedures)
            )
            procedures = list(Procedure.objects.filter(code__startswith=prefix).order_by("pk"))
            span = (LAST_DAY - FIRST_DAY).days + 1
            batch: list[Dossier] = []
            for n in range(n_dossiers):
                p = procedures[rng.randrange(len(procedures))]
                office = communes[rng.randrange(len(communes))] if p.agency_id is None else province
                resolver = office if p.agency_id is None else p.agency
                day = FIRST_DAY + timedelta(days=rng.randrange(span))
                received = datetime.combine(day, time(7 + rng.randrange(10), rng.randrange(60)), tzinfo=TZ)
                due = day + timedelta(days=p.time_limit_days * 7 // 5 + 1)
                roll = rng.random()
                channel = "online" if roll < 0.35 else ("postal" if roll < 0.42 else "in_person")
                dossier = Dossier(
                    code=f"B-{n:08}",
                    procedure=p,
                    receiving_unit=office,
                    resolving_unit=resolver,
                    current_unit=office,
                    channel=channel,
                    applicant_name="Nguyễn Văn Thử",
                    applicant_phone=f"09{n:08}",
                    received_at=received,
                    start_day=day,
                    due_date=due,
                    original_due_date=due,
                    state="received",
                    paid_online=channel == "online" and rng.random() < 0.5,
                    digitised=rng.random() < 0.6,
                    synced=rng.random() < 0.9,
                    search_text=f"b-{n:08} nguyen van thu 09{n:08}",
                )
                if day < LAST_DAY - timedelta(days=20) or rng.random() < 0.5:
                    late = rng.random() < 0.08
                    taken = (due - day).days + (rng.randrange(1, 10) if late else -rng.randrange(0, 3))
                    dossier.resolved_at = dossier.finished_at = received + timedelta(days=max(0, taken))
                    dossier.returned_at = dossier.resolved_at
                    dossier.state = "returned"
                    resolved_day = dossier.resolved_at.astimezone(TZ).date()
                    dossier.timing = "late" if resolved_day > due else ("on_time" if resolved_day == due else "early")
                    dossier.resolution_days = max(0, taken * 5 // 7)
                    if late and rng.random() < 0.6:
                        dossier.apologised_at = received + timedelta(days=max(0, taken - 2))
                elif rng.random() < 0.3:
                    dossier.state = "processing"
                    dossier.current_unit = resolver
                batch.append(dossier)
                if len(batch) >= BATCH:
                    Dossier.objects.bulk_create(batch)
                    batch = []
            if batch:
                Dossier.objects.bulk_create(batch)
        rollups_rebuild()
    officer = User.objects.get(pk=context.data.secretariat_id)
    busiest = (
        Dossier.objects.filter(procedure__code__startswith=prefix)
        .values("resolving_unit_id")
        .order_by("resolving_unit_id")
        .first()
    )
    return {
        "size": f"{n_procedures:,} procedures, {Dossier.objects.count():,} dossiers",
        "secretariat": officer,
        "unit_id": busiest["resolving_unit_id"] if busiest else None,
        "code": Dossier.objects.filter(code__startswith="B-").values_list("code", "applicant_phone").first(),
    }


@case("onestop: statistics of one unit for a year", budget_ms=100)
def unit_stats(context: BenchContext) -> Trial:
    from apps.onestop.selectors.stats import period_from, stats_page
    from apps.org.models import Unit

    data = _ensure_onestop_data(context)
    unit = Unit.objects.get(pk=data["unit_id"])
    period = period_from({"period": "year", "year": "2025"})

    def run() -> int:
        page = stats_page(user=data["secretariat"], period=period, unit=unit)
        return page.total.counts.received

    def after(received: int) -> str:
        assert received > 0, "no dossiers counted"
        return f"{received:,} received"

    return Trial(run=run, size=data["size"], after=after)


@case("onestop: statistics of one unit for a month (metrics)", budget_ms=100)
def unit_metric(context: BenchContext) -> Trial:
    from apps.core import metrics
    from apps.core.metrics import DateWindow

    data = _ensure_onestop_data(context)
    window = DateWindow(date(2025, 6, 1), date(2025, 6, 30))
    return Trial(
        run=lambda: metrics.compute("onestop.on_time_rate", window, [data["unit_id"]]),
        size=data["size"],
    )


def _page(data: dict[str, Any], url: str, max_queries: int) -> Trial:
    client = Client(SERVER_NAME="localhost")
    client.force_login(data["secretariat"])
    client.get(url)  # untimed: the first request loads templates and catalogues

    def run() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        return response.status_code, len(queries)

    def after(result: tuple[int, int]) -> str:
        status, queries = result
        assert status == 200, f"{url} answered {status}"
        assert queries <= max_queries, f"{queries} queries (at most {max_queries})"
        return f"{queries} queries"

    return Trial(run=run, size=data["size"], after=after)


@case("onestop: provincial statistics page (year)", budget_ms=300)
def province_page(context: BenchContext) -> Trial:
    data = _ensure_onestop_data(context)
    return _page(data, reverse("onestop:stats") + "?period=year&year=2025", 25)


@case("onestop: inbox page of one unit", budget_ms=150)
def inbox_page(context: BenchContext) -> Trial:
    try:
        url = reverse("onestop:inbox")
    except NoReverseMatch:
        print("bench: onestop:inbox does not exist yet; the inbox case is skipped.")
        raise CaseUnavailable("onestop:inbox is not built yet") from None
    data = _ensure_onestop_data(context)
    return _page({**data, "secretariat": _officer_of(data["secretariat"], data["unit_id"])}, url, 30)


def _officer_of(user: Any, unit_id: int) -> Any:
    """The bench's secretariat member made a resolving officer of the busiest unit too (the inbox is
    an officer's page; no new person, so the data set keeps its size)."""
    from apps.org.models import Membership, Role

    Membership.objects.get_or_create(user=user, unit_id=unit_id, role=Role.RESOLVING_OFFICER)
    return user


@case("onestop: citizen look-up", budget_ms=50)
def lookup(context: BenchContext) -> Trial:
    try:
        url = reverse("onestop_public:lookup")
    except NoReverseMatch:
        print("bench: onestop_public:lookup does not exist yet; the look-up case is skipped.")
        raise CaseUnavailable("onestop_public:lookup is not built yet") from None
    data = _ensure_onestop_data(context)
    code, phone = data["code"]
    client = Client(SERVER_NAME="localhost")

    def run() -> int:
        return client.post(url, {"code": code, "secret": phone[-4:]}).status_code

    return Trial(run=run, size=data["size"])
