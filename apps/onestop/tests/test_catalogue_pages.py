"""The catalogue pages: list with search and filters, detail, form, front offices; who may do what."""

from typing import Any

import pytest
from django.urls import reverse

from apps.onestop.models import Office, OnlineMode, Procedure
from apps.onestop.tests.factories import make_procedure
from apps.org.models import Unit
from conftest import client_for

pytestmark = pytest.mark.django_db


def _form(unit: Unit | None, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": "1.001193",
        "name": "Đăng ký khai sinh",
        "field": "Hộ tịch",
        "level": "province",
        "agency": unit.pk if unit else "",
        "time_limit_days": "5",
        "fees": "",
        "online_mode": "full",
        "legacy_level": "4",
        "postal_allowed": "on",
        "legal_basis": "",
        "is_active": "on",
        "steps-TOTAL_FORMS": "3",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "20",
    }
    data.update(overrides)
    return data


def test_it_lists_and_searches_without_diacritics(desk: Any, unit_a: Unit) -> None:
    make_procedure(agency=unit_a, name="Cấp Phiếu lý lịch tư pháp", field="Lý lịch tư pháp")
    make_procedure(agency=unit_a, name="Đăng ký kết hôn", field="Hộ tịch")
    client = client_for(desk)

    page = client.get(reverse("onestop:procedure_list"))
    assert page.status_code == 200
    assert "Cấp Phiếu lý lịch tư pháp" in page.content.decode()
    assert 'hx-get="/mot-cua/thu-tuc/ket-qua/"' in page.content.decode()

    results = client.get(reverse("onestop:procedure_results"), {"q": "ly lich TU PHAP"}).content.decode()
    assert "Cấp Phiếu lý lịch tư pháp" in results
    assert "Đăng ký kết hôn" not in results
    assert "<html" not in results


def test_it_filters_by_field_level_agency_and_online_mode(leader: Any, unit_a: Unit, unit_b: Unit) -> None:
    make_procedure(agency=unit_a, name="Thủ tục A", field="Hộ tịch", online_mode=OnlineMode.FULL)
    make_procedure(agency=unit_b, name="Thủ tục B", field="Y tế", online_mode=OnlineMode.PARTIAL)
    client = client_for(leader)
    url = reverse("onestop:procedure_results")

    assert "Thủ tục B" not in client.get(url, {"field": "Hộ tịch"}).content.decode()
    by_agency = client.get(url, {"agency": unit_b.pk}).content.decode()
    assert "Thủ tục B" in by_agency and "Thủ tục A" not in by_agency
    by_mode = client.get(url, {"online": "partial"}).content.decode()
    assert "Thủ tục B" in by_mode and "Thủ tục A" not in by_mode
    assert "Thủ tục A" not in client.get(url, {"level": "commune"}).content.decode()


def test_it_lists_in_a_bounded_number_of_queries(
    desk: Any, unit_a: Unit, unit_b: Unit, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        make_procedure(agency=unit_a if n % 2 else unit_b, steps=[(unit_a, 1)] if n % 3 == 0 else None)
    client = client_for(desk)
    client.get(reverse("onestop:procedure_list"))  # warm the session and the caches
    with django_assert_max_num_queries(12):
        assert client.get(reverse("onestop:procedure_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("onestop:procedure_results"), {"q": "ly lich"}).status_code == 200


def test_it_refuses_a_focal_point_with_403(focal_a: Any, procedure: Procedure, office: Office) -> None:
    client = client_for(focal_a)
    for url in (
        reverse("onestop:procedure_list"),
        reverse("onestop:procedure_results"),
        reverse("onestop:procedure_search"),
        reverse("onestop:procedure_detail", args=[procedure.pk]),
        reverse("onestop:procedure_create"),
        reverse("onestop:procedure_edit", args=[procedure.pk]),
        reverse("onestop:procedure_export"),
        reverse("onestop:procedure_import"),
        reverse("onestop:office_list"),
        reverse("onestop:office_edit", args=[office.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("onestop:procedure_set_active", args=[procedure.pk])).status_code == 403
    assert client.post(reverse("onestop:procedure_create"), _form(None)).status_code == 403


def test_it_lets_a_resolving_officer_read_but_not_change(clerk_a: Any, procedure: Procedure) -> None:
    client = client_for(clerk_a)
    detail = client.get(reverse("onestop:procedure_detail", args=[procedure.pk]))
    assert detail.status_code == 200
    assert reverse("onestop:procedure_edit", args=[procedure.pk]) not in detail.content.decode()
    assert client.get(reverse("onestop:procedure_edit", args=[procedure.pk])).status_code == 403


def test_it_answers_404_and_405(desk: Any, procedure: Procedure) -> None:
    client = client_for(desk)
    assert client.get(reverse("onestop:procedure_detail", args=[999999])).status_code == 404
    assert client.get(reverse("onestop:procedure_edit", args=[999999])).status_code == 404
    assert client.get("/mot-cua/thu-tuc/99999999999999999999/").status_code == 404
    assert client.post(reverse("onestop:procedure_set_active", args=[999999]), {"version": 1}).status_code == 404
    assert client.get(reverse("onestop:office_edit", args=[999999])).status_code == 404
    assert client.get(reverse("onestop:procedure_set_active", args=[procedure.pk])).status_code == 405
    assert client.post(reverse("onestop:procedure_list")).status_code == 405
    assert client.post(reverse("onestop:procedure_search")).status_code == 405


def test_it_creates_a_procedure_with_steps_and_shows_them(desk: Any, unit_a: Unit, unit_b: Unit) -> None:
    client = client_for(desk)
    data = _form(unit_a, **{"steps-0-agency": unit_a.pk, "steps-0-days": "3", "steps-0-title": "Thẩm định"})
    data.update({"steps-1-agency": unit_b.pk, "steps-1-days": "2"})
    response = client.post(reverse("onestop:procedure_create"), data)
    procedure = Procedure.objects.get(code="1.001193")
    assert response.status_code == 302
    assert response["Location"] == reverse("onestop:procedure_detail", args=[procedure.pk])
    assert procedure.legacy_level == 4
    detail = client.get(response["Location"]).content.decode()
    assert "Thẩm định" in detail
    assert "5 / 5" in detail
    assert "Level 4 (old)" in detail


def test_it_shows_errors_next_to_the_fields_in_vietnamese(desk: Any, unit_a: Unit, settings: Any) -> None:
    settings.LANGUAGE_CODE = "vi"
    client = client_for(desk)
    data = _form(None, time_limit_days="abc", **{"steps-0-agency": unit_a.pk})
    response = client.post(reverse("onestop:procedure_create"), data, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    html = response.content.decode()
    assert "invalid-feedback" in html
    assert "Nhập số ngày làm việc của bước này." in html

    too_long = _form(unit_a, time_limit_days="3", **{"steps-0-agency": unit_a.pk, "steps-0-days": "4"})
    response = client.post(reverse("onestop:procedure_create"), too_long, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert "vượt quá thời hạn giải quyết" in response.content.decode()
    assert not Procedure.objects.exists()


def test_it_edits_with_the_version_and_refuses_a_stale_form(desk: Any, unit_a: Unit) -> None:
    procedure = make_procedure(agency=unit_a, code="1.001193")
    client = client_for(desk)
    form = client.get(reverse("onestop:procedure_edit", args=[procedure.pk]))
    assert form.status_code == 200
    data = _form(unit_a, name="Tên mới", version="1")
    assert client.post(reverse("onestop:procedure_edit", args=[procedure.pk]), data).status_code == 302
    procedure.refresh_from_db()
    assert (procedure.name, procedure.version) == ("Tên mới", 2)
    stale = client.post(reverse("onestop:procedure_edit", args=[procedure.pk]), _form(unit_a, name="Cũ", version="1"))
    assert stale.status_code == 409


def test_it_puts_a_procedure_out_of_force(desk: Any, procedure: Procedure) -> None:
    client = client_for(desk)
    url = reverse("onestop:procedure_set_active", args=[procedure.pk])
    assert client.post(url, {"version": procedure.version, "active": "0"}).status_code == 302
    procedure.refresh_from_db()
    assert not procedure.is_active
    assert client.post(url, {"version": 1, "active": "1"}).status_code == 409


def test_it_lists_and_edits_front_offices(desk: Any, office: Office, commune: Unit) -> None:
    client = client_for(desk)
    page = client.get(reverse("onestop:office_list")).content.decode()
    assert "000.00.08.H56" in page
    found = client.get(reverse("onestop:office_results"), {"q": "trung tam"}).content.decode()
    assert "000.00.08.H56" in found

    created = client.post(
        reverse("onestop:office_create"),
        {
            "unit": commune.pk,
            "agency_code": "000.22.69.H56",
            "code_pattern": "{agency}-{yymmdd}-{seq:04d}",
            "is_active": "on",
        },
    )
    assert created.status_code == 302
    bad = client.post(
        reverse("onestop:office_edit", args=[office.pk]),
        {"agency_code": "000.00.08.H56", "code_pattern": "{agency}-{day}", "is_active": "on", "version": "1"},
    )
    assert bad.status_code == 400
    assert "code_pattern" in bad.context["form"].errors
    ok = client.post(
        reverse("onestop:office_edit", args=[office.pk]),
        {
            "agency_code": "000.00.08.H56",
            "code_pattern": "{agency}-{yyyymmdd}-{seq:05d}",
            "is_active": "on",
            "version": "1",
        },
    )
    assert ok.status_code == 302
    office.refresh_from_db()
    assert office.code_pattern == "{agency}-{yyyymmdd}-{seq:05d}"


def test_it_lists_front_offices_in_a_bounded_number_of_queries(
    desk: Any, office: Office, province: Unit, django_assert_max_num_queries: Any
) -> None:
    from apps.onestop.tests.factories import make_office
    from apps.org.tests.factories import UnitFactory

    for n in range(20):
        make_office(UnitFactory(parent=province, kind="commune", code=f"0{n:04d}"), f"000.{n:02d}.99.H56")
    client = client_for(desk)
    client.get(reverse("onestop:office_list"))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("onestop:office_list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("onestop:office_results"), {"q": "99"}).status_code == 200
