"""One-stop import: a generated CSV of dossiers (20,000 rows at demo scale, 100,000 at province
scale) through the whole path: the upload checked and hashed, the rows read, prepared by the engine
and written in batches of 2,000 with one audit event each. Budget: 5,000 rows/s.

Each repetition starts from no imported dossier (the previous run's are removed, untimed), so every
run creates every row.
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.cases import BenchContext, Trial, case
from bench.dataset import BENCH_PREFIX

ROWS = {"demo": 20_000, "province": 100_000}
RATE = 5_000  # rows per second
OFFICES, PROCEDURES = 10, 50
CODE_PREFIX = "BENCHIMP"
HEADER = (
    "Mã hồ sơ;Mã thủ tục;Đơn vị tiếp nhận;Người nộp;Số điện thoại;Kênh nộp;Ngày tiếp nhận;Ngày có kết quả;"
    "Ngày trả kết quả;Trạng thái;Số lần bổ sung;Xin lỗi"
)


def _ensure_catalogue() -> tuple[list[str], list[str]]:
    from apps.onestop.models import Office, OnlineMode, Procedure
    from apps.org.models import Unit, UnitKind

    units = list(Unit.objects.filter(code__startswith=BENCH_PREFIX).exclude(kind=UnitKind.PROVINCE).order_by("pk"))
    for n, unit in enumerate(units[:OFFICES], start=1):
        Office.objects.get_or_create(unit=unit, defaults={"agency_code": f"{CODE_PREFIX}.{n:02d}"})
    for n in range(1, PROCEDURES + 1):
        Procedure.objects.get_or_create(
            code=f"{BENCH_PREFIX}tthc-{n:03d}",
            defaults={
                "name": f"Thủ tục thử nghiệm {n}",
                "field": "Thử nghiệm",
                "agency": units[n % len(units)],
                "time_limit_days": 3 + n % 15,
                "online_mode": OnlineMode.FULL,
            },
        )
    offices = list(Office.objects.filter(agency_code__startswith=CODE_PREFIX).values_list("agency_code", flat=True))
    procedures = list(Procedure.objects.filter(code__startswith=f"{BENCH_PREFIX}tthc-").values_list("code", flat=True))
    return offices, procedures


def _write_csv(path: Path, rows: int, offices: list[str], procedures: list[str]) -> None:
    rng = random.Random(2025)
    first = date(2025, 1, 2)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        out.write(HEADER + "\n")
        for n in range(1, rows + 1):
            day = first + timedelta(days=rng.randint(0, 360))
            received = f"{day:%d/%m/%Y} {rng.randint(7, 16):02d}:{rng.choice((0, 15, 30, 45)):02d}"
            done = day + timedelta(days=rng.randint(3, 25))
            resolved = f"{done:%d/%m/%Y} 10:00" if n % 10 else ""
            returned = f"{done + timedelta(days=1):%d/%m/%Y} 09:00" if resolved and n % 3 else ""
            state = "Đã trả kết quả" if returned else "Đã có kết quả" if resolved else "Đang xử lý"
            out.write(
                f"{rng.choice(offices)}-{day:%y%m%d}-{n:06d};{rng.choice(procedures)};;Người nộp {n};"
                f"09{rng.randint(10_000_000, 99_999_999)};{rng.choice(('Trực tiếp', 'Trực tuyến', 'Bưu chính'))};"
                f"{received};{resolved};{returned};{state};{1 if n % 40 == 0 else 0};{'Có' if n % 25 == 0 else ''}\n"
            )


def _remove_imported() -> None:
    from django.db import transaction

    from apps.onestop.models import DailyCounter, Dossier, DossierEvent

    with transaction.atomic():
        dossiers = Dossier.objects.filter(code__startswith=CODE_PREFIX)
        DossierEvent.objects.filter(dossier__in=dossiers)._raw_delete(DossierEvent.objects.db)
        dossiers._raw_delete(Dossier.objects.db)
        DailyCounter.objects.filter(agency_code__startswith=CODE_PREFIX).delete()


@case("onestop: import a CSV of dossiers", budget_ms={s: n * 1000 / RATE for s, n in ROWS.items()})
def import_csv(context: BenchContext) -> Trial:
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.core.actors import SYSTEM
    from apps.onestop.services.imports import batch_run, batch_start

    rows = ROWS.get(context.scale.name, ROWS["demo"])
    offices, procedures = _ensure_catalogue()
    folder = Path(tempfile.mkdtemp(prefix="cchc-bench-import-"))
    settings.MEDIA_ROOT = folder / "media"
    source = folder / "hoso.csv"
    _write_csv(source, rows, offices, procedures)
    data = source.read_bytes()
    elapsed: dict[str, float] = {}

    def run() -> Any:
        started = time.perf_counter()
        batch = batch_start(actor=SYSTEM, uploaded=SimpleUploadedFile("hoso.csv", data, content_type="text/csv"))
        batch = batch_run(actor=SYSTEM, batch_id=batch.pk)
        elapsed["s"] = time.perf_counter() - started
        return batch

    def after(batch: Any) -> str:
        assert batch.created_rows == rows, (batch.created_rows, batch.errors[:3])
        rate = rows / elapsed["s"]
        print(f"onestop import: {rows} rows in {elapsed['s']:.1f} s = {rate:,.0f} rows/s (budget {RATE:,} rows/s)")
        return f"{rate:,.0f} rows/s"

    def cleanup() -> None:
        _remove_imported()

    return Trial(
        run=run, size=f"{rows:,} rows, {len(offices)} offices", before=_remove_imported, after=after, cleanup=cleanup
    )
