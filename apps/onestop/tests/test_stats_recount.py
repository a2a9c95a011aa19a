"""Acceptance 5: after a random sequence of receipts and transitions through the real services, at
random times, the statistics equal a recount from the raw dossiers and their events, and
verify_rollups passes."""

import contextlib
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.core import metrics
from apps.core.metrics import DateWindow
from apps.core.workdays import get_calendar
from apps.onestop.engine.stats import Counts
from apps.onestop.models import DailyCounter, Dossier, DossierEvent, DossierRollup, EventKind
from apps.onestop.selectors.stats import rollup_counts
from apps.onestop.services import dossiers as svc
from apps.onestop.tests.factories import local, make_procedure, receive

pytestmark = pytest.mark.django_db

TRACKED = [
    "received",
    "received_online",
    "received_postal",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "resolution_days",
    "apologies",
    "refused",
    "stopped",
    "withdrawn",
]

ACTIONS = ["transfer", "supplement", "supplement_back", "apologise", "resolve", "return", "refuse", "stop", "withdraw"]
step = st.tuples(
    st.sampled_from(["receive", "receive", *ACTIONS]),
    st.integers(min_value=0, max_value=50),  # which dossier
    st.integers(min_value=0, max_value=80),  # hours later
    st.sampled_from(["in_person", "online", "postal"]),
    st.integers(min_value=0, max_value=1),  # which procedure
)


def _act(kind: str, d: Dossier, actor: Any, at: Any) -> None:
    common = {"actor": actor, "dossier": d, "version": d.version, "at": at}
    if kind == "transfer":
        svc.dossier_transfer(**common)
    elif kind == "supplement":
        svc.dossier_request_supplement(**common, reason="Thiếu giấy tờ")
    elif kind == "supplement_back":
        svc.dossier_receive_supplement(**common)
    elif kind == "apologise":
        svc.dossier_apologise(
            **common, reason="Chờ xác minh", new_date=d.due_date + timedelta(days=7), confirm_late=True
        )
    elif kind == "resolve":
        svc.dossier_resolve(**common)
    elif kind == "return":
        svc.dossier_return(**common, delivery="counter")
    elif kind == "refuse":
        svc.dossier_refuse(**common, reason="Không đủ điều kiện")
    elif kind == "stop":
        svc.dossier_stop(**common, reason="Dừng")
    else:
        svc.dossier_withdraw(**common)


def _recount(window: DateWindow) -> dict[int, Counter[str]]:
    """Counted from the raw dossiers and their events, without the rollup code."""
    calendar = get_calendar()
    found: dict[int, Counter[str]] = {}

    def inside(moment: Any) -> bool:
        return moment is not None and calendar.local(moment).date() in window

    for d in Dossier.objects.all():
        c = found.setdefault(d.resolving_unit_id, Counter())
        if inside(d.received_at):
            c["received"] += 1
            c["received_online"] += d.channel == "online"
            c["received_postal"] += "postal" in (d.channel, d.result_delivery)
        if inside(d.resolved_at):
            c[f"resolved_{d.timing}"] += 1
            c["resolution_days"] += d.resolution_days or 0
    for e in DossierEvent.objects.filter(kind=EventKind.APOLOGISE).select_related("dossier"):
        if inside(e.at):
            found[e.dossier.resolving_unit_id]["apologies"] += 1
    for e in DossierEvent.objects.filter(kind__in=["refuse", "stop", "withdraw"]).select_related("dossier"):
        if inside(e.at):
            name = {"refuse": "refused", "stop": "stopped", "withdraw": "withdrawn"}[e.kind]
            found[e.dossier.resolving_unit_id][name] += 1
    return found


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=30), window_days=st.integers(min_value=3, max_value=40))
def test_it_keeps_the_statistics_equal_to_a_recount(
    steps: list[tuple[str, int, int, str, int]],
    window_days: int,
    desk: Any,
    clerk_a: Any,
    office: Any,
    unit_a: Any,
    unit_b: Any,
) -> None:
    Dossier.objects.all().delete()
    DossierRollup.objects.all().delete()
    DailyCounter.objects.all().delete()
    procedures = [make_procedure(agency=unit_a, days=3), make_procedure(agency=unit_b, days=5)]
    now = local(2025, 12, 29, 8)
    made: list[Dossier] = []
    for kind, which, hours, channel, proc in steps:
        now += timedelta(hours=hours)
        if kind == "receive":
            made.append(receive(desk, office, procedures[proc], now, channel=channel))
            continue
        if not made:
            continue
        d = Dossier.objects.get(pk=made[which % len(made)].pk)
        with contextlib.suppress(ValidationError):  # an illegal transition is refused and changes nothing
            _act(kind, d, clerk_a if d.resolving_unit_id == unit_a.pk else desk, now)

    out = StringIO()
    call_command("verify_rollups", stdout=out)
    assert "agree" in out.getvalue()

    window = DateWindow(date(2025, 12, 29), date(2025, 12, 29) + timedelta(days=window_days))
    expected = _recount(window)
    stats = rollup_counts(window, [unit_a.pk, unit_b.pk], by="unit")
    for unit_id in (unit_a.pk, unit_b.pk):
        want = expected.get(unit_id, Counter())
        got = stats.get(unit_id, Counts())
        assert {name: getattr(got, name) for name in TRACKED} == {name: want[name] for name in TRACKED}
        resolved = want["resolved_early"] + want["resolved_on_time"] + want["resolved_late"]
        rates = metrics.compute("onestop.on_time_rate", window, [unit_id]) or {}
        if resolved:
            in_time = want["resolved_early"] + want["resolved_on_time"]
            assert rates[unit_id] == Decimal(in_time) / Decimal(resolved)
        else:
            assert unit_id not in rates
