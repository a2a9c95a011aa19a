"""The demo's dossiers: realistic shares, through the import path and the services, idempotent."""

import time
from io import StringIO
from typing import Any

import pytest

from apps.core.models import AuditEvent
from apps.onestop.demo_dossiers import load_demo_dossiers
from apps.onestop.models import Dossier, DossierEvent, DossierState, OnlineMode, Source, Timing
from apps.onestop.tests.factories import local, make_procedure

pytestmark = pytest.mark.django_db
NOW = local(2026, 11, 25, 17, 0)


def test_it_does_nothing_without_a_catalogue() -> None:
    out = StringIO()
    assert load_demo_dossiers(out, now=NOW) == {}
    assert "nothing to do" in out.getvalue() and Dossier.objects.count() == 0


def test_it_loads_a_realistic_year_once(office: Any, commune_office: Any, unit_a: Any, unit_b: Any) -> None:
    make_procedure(agency=unit_a, days=10)
    make_procedure(agency=unit_b, days=5, online_mode=OnlineMode.PARTIAL)
    make_procedure(agency=None, days=3, online_mode=OnlineMode.NONE, postal_allowed=False)
    started = time.monotonic()
    summary = load_demo_dossiers(StringIO(), now=NOW)
    elapsed = time.monotonic() - started
    assert summary["created"] > 3000 and summary["refused"] == 0 and summary["timeline"] == 20
    imported = Dossier.objects.filter(source=Source.IMPORT)
    assert imported.count() == summary["created"]
    assert imported.filter(received_at__year=2025).count() > 1500
    resolved = imported.exclude(timing="")
    late = resolved.filter(timing=Timing.LATE).count() / resolved.count()
    assert 0.08 < late < 0.16
    assert 0.25 < imported.filter(channel="online").count() / imported.count() < 0.5
    assert 0.04 < imported.filter(channel="postal").count() / imported.count() < 0.15
    assert imported.filter(supplement_count=2).exists() and imported.filter(apologised_at__isnull=False).exists()
    open_ = imported.filter(state__in=[DossierState.PROCESSING, DossierState.SUPPLEMENT])
    assert open_.exists() and open_.filter(due_date__lt=NOW.date()).exists()  # a few overdue
    counter = Dossier.objects.filter(source=Source.COUNTER)
    assert counter.count() == 20 and DossierEvent.objects.filter(dossier__in=counter).count() > 50
    print("first run", elapsed)
    assert elapsed < 30

    counts = (Dossier.objects.count(), DossierEvent.objects.count(), AuditEvent.objects.count())
    again = load_demo_dossiers(StringIO(), now=NOW)
    assert again["created"] == 0 and again["timeline"] == 0
    assert (Dossier.objects.count(), DossierEvent.objects.count(), AuditEvent.objects.count()) == counts
