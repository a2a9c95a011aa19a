"""The catalogue part of the one-stop demo: front offices for the centre and every commune, ~60 procedures."""

from io import StringIO

import pytest

from apps.core.models import AuditEvent
from apps.onestop import demo
from apps.onestop.demo_catalogue import commune_agency_code, demo_procedures
from apps.onestop.models import Office, Procedure
from apps.org import demo as org_demo
from apps.org.models import UnitKind

pytestmark = pytest.mark.django_db


def test_it_loads_offices_and_procedures_once() -> None:
    org_demo.load(StringIO())
    out = StringIO()
    demo.load_catalogue(out)

    centre = Office.objects.get(unit__kind=UnitKind.SERVICE_CENTRE)
    assert centre.agency_code == "000.00.08.H56"
    assert Office.objects.filter(unit__kind__in=[UnitKind.COMMUNE, UnitKind.WARD]).count() == 124
    assert Office.objects.get(unit__code="02215").agency_code == commune_agency_code("02215") == "000.22.15.H56"
    rows = demo_procedures()
    assert 55 <= len(rows) <= 70
    assert Procedure.objects.count() == len(rows)
    birth = Procedure.objects.get(code="1.001193")
    assert (birth.name, birth.level, birth.agency) == ("Đăng ký khai sinh", "commune", None)
    assert Procedure.objects.get(code="2.000488").agency.short_name == "Sở Tư pháp"
    inter_agency = Procedure.objects.filter(steps__isnull=False).distinct()
    assert 3 <= inter_agency.count() <= 4
    for procedure in inter_agency:
        assert sum(procedure.steps.values_list("days", flat=True)) <= procedure.time_limit_days
    assert "125 front offices, 64 procedures created" in out.getvalue()

    events = AuditEvent.objects.count()
    again = StringIO()
    demo.load_catalogue(again)
    assert "0 front offices, 0 procedures created" in again.getvalue()
    assert AuditEvent.objects.count() == events
