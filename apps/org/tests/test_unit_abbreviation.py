"""A unit's official abbreviation ("STP"), the symbol in the numbers of its documents."""

from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.core.models import AuditEvent
from apps.org import demo, services
from apps.org.models import Unit
from conftest import client_for

pytestmark = pytest.mark.django_db


def _data(unit: Unit, **changes: Any) -> dict[str, Any]:
    data = {
        "kind": unit.kind,
        "name": unit.name,
        "short_name": unit.short_name,
        "abbreviation": unit.abbreviation,
        "code": unit.code,
        "parent": unit.parent_id or "",
        "sort_order": unit.sort_order,
        "version": unit.version,
    }
    data.update(changes)
    return data


def test_it_edits_the_abbreviation_on_the_unit_form(sysadmin: Any, unit_a: Unit) -> None:
    url = reverse("org:unit_edit", args=[unit_a.pk])
    client = client_for(sysadmin)
    assert 'name="abbreviation"' in client.get(url).text
    response = client.post(url, _data(unit_a, abbreviation=" STP "))
    assert response.status_code == 302
    unit_a.refresh_from_db()
    assert (unit_a.abbreviation, unit_a.version) == ("STP", 2)
    event = AuditEvent.objects.get(action="unit.update", object_id=str(unit_a.pk))
    assert (event.before["abbreviation"], event.after["abbreviation"]) == ("", "STP")
    assert "STP" in client.get(reverse("org:unit_detail", args=[unit_a.pk])).text


def test_it_refuses_an_abbreviation_that_would_break_a_document_number(sysadmin: Any, unit_a: Unit) -> None:
    url = reverse("org:unit_edit", args=[unit_a.pk])
    response = client_for(sysadmin).post(url, _data(unit_a, abbreviation="S/TP"))
    assert response.status_code == 400
    assert "Use letters and digits only" in response.text
    assert 'value="S/TP"' in response.text  # the value stays in the field
    unit_a.refresh_from_db()
    assert unit_a.abbreviation == ""


def test_it_accepts_vietnamese_letters_and_joined_parts(sysadmin: Any, province: Unit) -> None:
    for value in ("SGDĐT", "VP-UBND", "SNN&MT", "TTr"):
        unit = services.unit_create(actor=sysadmin, kind="department", name=f"Đơn vị {value}", abbreviation=value)
        assert unit.abbreviation == value
    with pytest.raises(ValidationError):
        services.unit_create(actor=sysadmin, kind="department", name="Sở Y tế", abbreviation="S YT")


def test_it_gives_every_demo_unit_its_abbreviation() -> None:
    demo.load(StringIO())
    assert Unit.objects.get(name="Sở Tư pháp").abbreviation == "STP"
    assert Unit.objects.get(name="Sở Nội vụ").abbreviation == "SNV"
    assert Unit.objects.get(kind="province").abbreviation == "UBND"
    data = demo.province_data()
    rows = [*data["departments"], *data["merged_departments"], data["service_centre"]]
    abbreviations = [row["abbreviation"] for row in rows]
    assert all(abbreviations) and len(set(abbreviations)) == len(abbreviations)


def test_it_fills_the_abbreviation_of_a_demo_loaded_before_units_had_one() -> None:
    demo.load(StringIO())
    Unit.objects.filter(name="Sở Tư pháp").update(abbreviation="")
    demo.load(StringIO())
    assert Unit.objects.get(name="Sở Tư pháp").abbreviation == "STP"
