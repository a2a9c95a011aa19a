#!/usr/bin/env python
"""Province-scale benchmarks: one table of timings against budgets.

    python bench/run.py --scale demo|province [--repeat N] [--case TEXT] [--list]

The benchmarks never touch your working database:
- SQLite (the default): a file per scale, var/bench/bench-<scale>.sqlite3;
- PostgreSQL: when DATABASE_URL points at PostgreSQL, the database `<name>_bench_<scale>` on
  the same server, created when missing;
- BENCH_DATABASE_URL, when set, is used exactly as given.

The data set of the scale is generated once and reused (demo: 20 units, 100 people, 2,000 audit
events; province: 150 units, 2,000 people, 40,000 audit events). Each case in bench/cases/ runs
N times; the table gives the median and the 95th percentile against the case's budget. A case
over budget is marked OVER; the exit status is non-zero only when a case fails (errors or
returns a wrong result).
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.dataset import SCALES  # noqa: E402 - needs ROOT on sys.path


def _ensure_postgres_database(url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    admin_url = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def bench_database_url(scale: str) -> str:
    explicit = os.environ.get("BENCH_DATABASE_URL", "")
    if explicit:
        return explicit
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(base)
        name = f"{parts.path.lstrip('/') or 'cchc'}_bench_{scale}"
        _ensure_postgres_database(base, name)
        return urlunsplit(parts._replace(path=f"/{name}"))
    if base and not base.startswith("sqlite:"):
        raise SystemExit("bench: DATABASE_URL must be SQLite or PostgreSQL (or set BENCH_DATABASE_URL)")
    path = ROOT / "var" / "bench" / f"bench-{scale}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


@dataclass(frozen=True)
class Row:
    case: str
    size: str
    median_ms: float | None
    p95_ms: float | None
    budget_ms: float | None
    result: str


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def run_case(case: object, context: object) -> Row:
    from bench.cases import BenchContext, Case, CaseUnavailable

    assert isinstance(case, Case) and isinstance(context, BenchContext)
    budget = case.budget_for(context.scale.name)
    try:
        trial = case.prepare(context)
    except CaseUnavailable as exc:
        return Row(case.name, str(exc), None, None, budget, "SKIP")
    except Exception as exc:
        traceback.print_exc()
        return Row(case.name, f"{type(exc).__name__}: {exc}", None, None, budget, "ERROR")
    timings: list[float] = []
    note: str | None = None
    try:
        for _ in range(context.repeat):
            if trial.before:
                trial.before()
            started = time.perf_counter()
            result = trial.run()
            timings.append((time.perf_counter() - started) * 1000)
            if trial.after:
                note = trial.after(result) or note
    except Exception as exc:
        traceback.print_exc()
        return Row(case.name, f"{type(exc).__name__}: {exc}", None, None, budget, "ERROR")
    finally:
        if trial.cleanup:
            trial.cleanup()
    median, p95 = statistics.median(timings), percentile(timings, 95)
    size = f"{trial.size}, {note}" if note else trial.size
    verdict = "OK" if budget is None or p95 <= budget else "OVER"
    return Row(case.name, size, median, p95, budget, verdict)


def format_table(rows: list[Row]) -> str:
    def ms(value: float | None) -> str:
        return "-" if value is None else f"{value:,.1f}"

    header = ("case", "data size", "median ms", "p95 ms", "budget ms", "result")
    lines = [header] + [(r.case, r.size, ms(r.median_ms), ms(r.p95_ms), ms(r.budget_ms), r.result) for r in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    right = {2, 3, 4}

    def fmt(line: tuple[str, ...]) -> str:
        cells = [c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(line)]
        return "| " + " | ".join(cells) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([fmt(lines[0]), rule, *(fmt(line) for line in lines[1:])])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each case (default 5)")
    parser.add_argument("--case", default="", help="only the cases whose name contains this text")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    scale = SCALES[args.scale]

    os.environ["DATABASE_URL"] = bench_database_url(scale.name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "false")  # no query log: time the code, not the debug tooling

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection

    from bench.cases import BenchContext, load_cases
    from bench.dataset import ensure_dataset

    cases = [c for c in load_cases() if args.case.lower() in c.name.lower()]
    if args.list:
        for c in cases:
            print(f"{c.name}  ({c.module})")
        return 0

    vendor = connection.vendor
    print(f"bench: scale={scale.name} database={vendor}:{connection.settings_dict['NAME']} repeat={args.repeat}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    data = ensure_dataset(scale)
    print(f"bench: data set ready in {time.perf_counter() - started:.1f} s: {data.describe()}")

    context = BenchContext(scale=scale, data=data, repeat=args.repeat)
    rows = [run_case(c, context) for c in cases]
    print()
    print(format_table(rows))
    errors = [r for r in rows if r.result == "ERROR"]
    over = [r for r in rows if r.result == "OVER"]
    print()
    print(
        f"bench: {len(rows)} cases, {len(rows) - len(errors) - len(over)} within budget, {len(over)} over, "
        f"{len(errors)} failed"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
