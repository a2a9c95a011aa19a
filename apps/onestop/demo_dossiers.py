"""The demo's dossiers: 2025 and 2026 up to the demo's today (at most 30 November 2026), at every
front office and procedure the catalogue has, with realistic shares (about 88 % on time, late ones
mostly with an apology, supplement requests, 1-2 % asked twice, about 40 % online and 10 % by post,
the recent ones still open and a few of them overdue).

Deterministic (a fixed seed) and idempotent: the year goes in through the bulk import path (rows in
memory, `services.imports.import_memory`), so a second run finds every code unchanged; about twenty
more go through the real services (receipt, transfer, supplement, apology, result...) so their
timelines are rich, and are written once.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from apps.core.actors import DEMO
from apps.core.workdays import WorkCalendar, get_calendar
from apps.onestop import engine
from apps.onestop.models import Dossier, DossierEvent, EventKind, Office, OnlineMode, Procedure, Source
from apps.onestop.models.imports import BatchStatus, ImportBatch
from apps.onestop.services import dossiers as services
from apps.onestop.services.imports import import_memory, rows_hash

SEED = 2025
DEMO_BATCH = "demo-2025-2026"
FIRST_DAY = date(2025, 1, 2)
LAST_DAY = date(2026, 11, 30)
PER_DAY = (5, 11)  # dossiers received per working day, province-wide
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ma", "Hà", "Nông", "Triệu", "Lý")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thu", "Hồng", "Quang", "Ngọc", "Thanh", "Kim")
GIVEN = ("An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Linh", "Mai", "Nam", "Phúc",
         "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến")  # fmt: skip
REASONS = (
    "Cần xác minh thêm thông tin với cơ quan liên quan",
    "Hồ sơ phải lấy ý kiến nhiều đơn vị",
    "Hệ thống phần mềm gặp sự cố",
    "Chờ kết quả đo đạc thực địa",
)


@dataclass(frozen=True)
class _Proc:
    code: str
    days: int
    online: bool
    postal: bool


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _at(day: date, rng: random.Random, calendar: WorkCalendar, first: int = 7, last: int = 16) -> datetime:
    return datetime.combine(
        day, time(rng.randint(first, last), rng.choice((0, 10, 20, 30, 40, 50))), tzinfo=calendar.tz
    )


def _row(rng: random.Random, calendar: WorkCalendar, office: Office, proc: _Proc, code: str, received: datetime,
         now: datetime) -> dict[str, Any]:  # fmt: skip
    """One dossier's cells: its channel, then what happened to it (as far as `now`)."""
    roll = rng.random()
    channel = "online" if proc.online and roll < 0.5 else "postal" if proc.postal and roll > 0.9 else "in_person"
    phone = f"09{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.93 else ""
    cells: dict[str, Any] = {
        "code": code,
        "procedure": proc.code,
        "office": office.agency_code,
        "applicant_name": _name(rng),
        "applicant_phone": phone,
        "channel": channel,
        "received_at": received,
        "paid_online": channel == "online" and rng.random() < 0.6,
        "digitised": rng.random() < 0.75,
        "synced": rng.random() < 0.9,
        "result_electronic": channel == "online" and rng.random() < 0.5,
    }
    start, deadline = engine.first_deadline(calendar, received, proc.days)
    fate = rng.random()
    supplements = 2 if fate < 0.015 else 1 if fate < 0.09 else 0
    paused = rng.randint(2, 6) * supplements
    if paused:
        deadline = calendar.nth_working_day_after(deadline, paused)
    cells.update(supplement_count=supplements, paused_days=paused)
    outcome = rng.random()
    if outcome < 0.01:
        closed = _at(calendar.nth_working_day_after(start, rng.randint(1, 3)), rng, calendar)
        if closed <= now:
            cells.update(state="refused", finished_at=closed)
            return cells
    elif outcome < 0.015:
        closed = _at(calendar.nth_working_day_after(start, rng.randint(1, 3)), rng, calendar)
        if closed <= now:
            cells.update(state="withdrawn", finished_at=closed)
            return cells
    late = outcome > 0.895
    total = max(1, calendar.working_days_between(start, deadline))
    taken = total + rng.randint(1, 6) if late else rng.randint(max(1, total // 3), total)
    resolved = _at(calendar.nth_working_day_after(start, taken), rng, calendar, 8, 16)
    if late and rng.random() < 0.75:  # the agency apologised and set a new date
        cells.update(apologised=True, apology_reason=rng.choice(REASONS),
                     due_date=calendar.nth_working_day_after(deadline, taken - total + rng.randint(0, 2)))  # fmt: skip
    if resolved > now:  # still being worked on (overdue when past its date)
        cells["state"] = "supplement" if supplements and rng.random() < 0.3 else "processing"
        return cells
    returned = _at(calendar.nth_working_day_after(resolved.date(), rng.randint(0, 3)), rng, calendar, 8, 16)
    returned = max(returned, resolved + timedelta(minutes=30))
    if returned > now:
        cells.update(state="resolved", resolved_at=resolved)
    else:
        delivery = "postal" if channel == "postal" else "online" if cells["result_electronic"] else "counter"
        cells.update(state="returned", resolved_at=resolved, returned_at=returned, result_delivery=delivery)
    return cells


def demo_rows(procedures: list[Procedure], offices: list[Office], now: datetime) -> list[tuple[int, dict[str, Any]]]:
    """The year's rows (line numbers as in a file, from 2), deterministic for a given `now`."""
    calendar = get_calendar()
    rng = random.Random(SEED)  # noqa: S311 - demo data, not a secret
    procs = [_Proc(p.code, p.time_limit_days, p.online_mode != OnlineMode.NONE, p.postal_allowed) for p in procedures]
    today = min(calendar.local(now).date(), LAST_DAY)
    rows: list[tuple[int, dict[str, Any]]] = []
    day = FIRST_DAY
    while day <= LAST_DAY:
        if calendar.is_working_day(day):
            seq: dict[str, int] = {}
            for _n in range(rng.randint(*PER_DAY)):
                office = rng.choice(offices)
                proc = rng.choice(procs)
                received = _at(day, rng, calendar)
                seq[office.agency_code] = seq.get(office.agency_code, 0) + 1
                code = engine.format_code(
                    office.code_pattern, agency=office.agency_code, day=day, seq=seq[office.agency_code]
                )
                cells = _row(rng, calendar, office, proc, code, received, now)
                if day <= today and received <= now:
                    rows.append((len(rows) + 2, cells))
        day += timedelta(days=1)
    return rows


def _timeline_dossiers(procedures: list[Procedure], offices: list[Office], now: datetime, stdout: Any) -> int:
    """About twenty dossiers through the real services, received in the demo's last weeks."""
    if DossierEvent.objects.filter(
        kind=EventKind.RECEIVE, actor_label=DEMO.name, dossier__source=Source.COUNTER
    ).exists():
        return 0
    calendar = get_calendar()
    rng = random.Random(SEED + 1)  # noqa: S311 - demo data, not a secret
    today = min(calendar.local(now).date(), LAST_DAY)
    start, back = today, 0
    while back < 15:  # fifteen working days before the demo's today
        start -= timedelta(days=1)
        back += calendar.is_working_day(start)
    scenarios: list[list[tuple[str, dict[str, Any]]]] = [
        [("transfer", {}), ("resolve", {}), ("return", {"delivery": "counter"})],
        [
            ("transfer", {}),
            ("request_supplement", {"reason": "Thiếu bản sao giấy khai sinh"}),
            ("receive_supplement", {}),
            ("resolve", {}),
            ("return", {"delivery": "postal"}),
        ],
        [("transfer", {}), ("apologise", {"reason": REASONS[0]}), ("resolve", {}), ("return", {"delivery": "counter"})],
        [("refuse", {"reason": "Hồ sơ không thuộc thẩm quyền giải quyết"})],
        [("transfer", {}), ("stop", {"reason": "Người nộp đề nghị dừng giải quyết"})],
        [("withdraw", {"reason": "Công dân xin rút hồ sơ"})],
        [("transfer", {})],
        [("transfer", {}), ("request_supplement", {"reason": "Thiếu tờ khai có chữ ký"})],
        [
            ("transfer", {}),
            ("request_supplement", {"reason": "Thiếu giấy tờ"}),
            ("receive_supplement", {}),
            ("request_supplement", {"reason": "Giấy tờ bổ sung chưa đúng mẫu"}),
        ],
        [("transfer", {}), ("resolve", {})],
    ]
    actions: dict[str, Callable[..., Dossier]] = {
        "transfer": services.dossier_transfer,
        "request_supplement": services.dossier_request_supplement,
        "receive_supplement": services.dossier_receive_supplement,
        "apologise": services.dossier_apologise,
        "refuse": services.dossier_refuse,
        "stop": services.dossier_stop,
        "withdraw": services.dossier_withdraw,
        "resolve": services.dossier_resolve,
        "return": services.dossier_return,
    }
    made = 0
    for n in range(20):
        office = offices[n % len(offices)]
        procedure = procedures[(n * 7) % len(procedures)]
        day = calendar.nth_working_day_after(start, n % 8)
        received = _at(day, rng, calendar, 8, 14)
        if received > now:
            continue
        online = procedure.online_mode != OnlineMode.NONE and n % 3 == 0
        dossier = services.dossier_receive(
            actor=DEMO,
            office_unit=office.unit,
            procedure=procedure,
            applicant_name=_name(rng),
            applicant_phone=f"09{rng.randint(10_000_000, 99_999_999)}",
            channel="online" if online else "in_person",
            received_at=received,
            documents=[{"name": "Tờ khai theo mẫu", "kind": "original", "quantity": 1}],
        )
        made += 1
        moment = received
        for action, extra in scenarios[n % len(scenarios)]:
            moment = _at(calendar.nth_working_day_after(moment.date(), rng.randint(1, 2)), rng, calendar, 8, 16)
            if moment > now:
                break
            if action == "apologise":
                extra = {**extra, "new_date": calendar.nth_working_day_after(dossier.due_date, 3), "confirm_late": True}
            dossier = actions[action](actor=DEMO, dossier=dossier, version=dossier.version, at=moment, **extra)
    return made


def load_demo_dossiers(stdout: Any, *, now: datetime | None = None) -> dict[str, int]:
    """Write the demo's dossiers (idempotent); what was done, for the loader's summary."""
    now = now or timezone.now()
    procedures = list(Procedure.objects.filter(is_active=True).order_by("code"))
    offices = list(Office.objects.filter(is_active=True).select_related("unit").order_by("agency_code"))
    if not procedures or not offices:
        stdout.write("One-stop dossiers: no procedures or front offices yet; nothing to do.\n")
        return {}
    rows = demo_rows(procedures, offices, now)
    digest = rows_hash(rows)
    done = ImportBatch.objects.filter(file_name=DEMO_BATCH, file_hash=digest, status=BatchStatus.DONE).exists()
    batch = None if done else import_memory(actor=DEMO, rows=rows, name=DEMO_BATCH)  # done: the same rows
    timeline = _timeline_dossiers(procedures, offices, now, stdout)
    summary = {
        "rows": len(rows),
        "created": batch.created_rows if batch else 0,
        "updated": batch.updated_rows if batch else 0,
        "unchanged": batch.unchanged_rows if batch else len(rows),
        "refused": len(batch.errors) if batch else 0,
        "timeline": timeline,
    }
    stdout.write(
        "One-stop dossiers: {rows} rows imported ({created} new, {updated} changed, {unchanged} unchanged, "
        "{refused} refused), {timeline} through the services.\n".format(**summary)
    )
    return summary
