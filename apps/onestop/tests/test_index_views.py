"""Pages and API of the service index: permissions (403/404/405), the decimal comma, query counts."""

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core import hooks
from apps.core.metrics import Metric
from apps.onestop.models import IndexDefinition, IndexEnteredValue, IndexIndicator
from apps.onestop.selectors import index as selectors
from apps.onestop.tests.factories import make_office
from apps.org.models import Role, UnitKind
from apps.org.tests.factories import UnitFactory, user_with_role

pytestmark = pytest.mark.django_db
D = Decimal
MONTH = "2026-03"


@pytest.fixture(autouse=True)
def registry(unit_a: Any) -> Iterator[None]:
    """The statistics work's metrics faked: unit A resolves 85 % on time in every window."""
    with hooks.isolated(discover=True) as registry:
        for key in list(registry[hooks.METRICS]):
            if key not in {"onestop.online_procedure_rate", "onestop.service_index"}:
                del registry[hooks.METRICS][key]
        hooks.register(
            hooks.METRICS,
            Metric(
                key="onestop.on_time_rate",
                label="on time",
                compute=lambda window, ids: {i: D("0.85") for i in ids if i == unit_a.pk},
            ),
        )
        yield


@pytest.fixture
def scored(office: Any, procedure: Any, commune_office: Any) -> None:
    """Three scored units: the centre, unit A (the procedure's agency) and the commune."""


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def definition() -> IndexDefinition:
    return selectors.definition_in_force(date(2026, 3, 1))  # type: ignore[return-value]


def indicator(code: str) -> IndexIndicator:
    return definition().indicators.get(code=code)


# --- reading ---------------------------------------------------------------------------------------


def test_it_ranks_the_units_of_a_month(scored: None, leader: Any, unit_a: Any) -> None:
    response = login(leader).get(reverse("onestop:index_ranking"), {"thang": MONTH})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sở Tư pháp" in html and "21,00" not in html  # English page: 21.00
    rows = response.context["scores"]
    assert (rows[0].unit_id, rows[0].rank, rows[0].total) == (unit_a.pk, 1, D("21.00"))
    assert 'data-index-chart="ranking"' in html


def test_it_writes_numbers_the_vietnamese_way(scored: None, leader: Any, unit_a: Any) -> None:
    client = login(leader)
    client.cookies["django_language"] = "vi"
    response = client.get(reverse("onestop:index_unit", args=[unit_a.pk]), {"thang": MONTH}, HTTP_ACCEPT_LANGUAGE="vi")
    html = response.content.decode()
    assert "21,00" in html and "85 %" in html
    assert 'data-index-chart="trend"' in html


def test_it_keeps_the_query_count_of_the_ranking_flat(scored: None, leader: Any, province: Any) -> None:
    client = login(leader)
    url = reverse("onestop:index_ranking_results")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"thang": MONTH}).status_code == 200
    for number in range(5):
        unit = UnitFactory(parent=province, kind=UnitKind.COMMUNE, name=f"Xã {number}")
        make_office(unit, f"000.30.{number:02d}.H56")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"thang": MONTH})
    assert len(response.context["scores"]) == 8
    assert len(many) == len(few) <= 13  # session, user, roles, definition, indicators, units, 3 catalogue, values


def test_it_shows_a_unit_its_scores_with_computed_and_entered_rates(
    scored: None, secretariat: Any, unit_a: Any
) -> None:
    IndexEnteredValue.objects.create(indicator=indicator("1.1"), unit=unit_a, month=date(2026, 3, 1), value=D("0.5"))
    response = login(secretariat).get(reverse("onestop:index_unit", args=[unit_a.pk]), {"thang": MONTH})
    html = response.content.decode()
    assert 'data-code="2.1" data-origin="computed"' in html
    assert 'data-code="1.1" data-origin="entered"' in html
    assert response.context["score"].total == D("24.00")
    assert len(response.context["trend_chart"]["values"]) == 12


def test_it_lets_a_unit_see_its_own_scores_and_no_other(scored: None, clerk_a: Any, clerk_b: Any, unit_a: Any) -> None:
    url = reverse("onestop:index_unit", args=[unit_a.pk])
    assert login(clerk_a).get(url).status_code == 200
    assert login(clerk_b).get(url).status_code == 404
    assert login(clerk_b).get(reverse("onestop:index_unit", args=[10**20])).status_code == 404
    ranking = login(clerk_a).get(reverse("onestop:index_ranking"), {"thang": MONTH})
    assert [s.unit_id for s in ranking.context["scores"]] == [unit_a.pk]


def test_it_refuses_the_pages_to_people_without_statistics(scored: None, focal_a: Any, unit_a: Any) -> None:
    client = login(focal_a)
    for url in (
        reverse("onestop:index_ranking"),
        reverse("onestop:index_ranking_results"),
        reverse("onestop:index_definition"),
        reverse("onestop:index_unit", args=[unit_a.pk]),
        reverse("onestop:index_values"),
    ):
        assert client.get(url).status_code == 403, url


def test_it_shows_the_definition_with_the_sum_of_its_maxima(scored: None, leader: Any, secretariat: Any) -> None:
    response = login(leader).get(reverse("onestop:index_definition"))
    html = response.content.decode()
    assert "Sum of the maxima: <strong>100</strong>" in html
    assert html.count('data-testid="indicator-row"') == 21
    assert 'data-testid="indicator-edit"' not in html
    assert (
        'data-testid="indicator-edit"' in login(secretariat).get(reverse("onestop:index_definition")).content.decode()
    )


# --- editing the definition ---------------------------------------------------------------------


def post_indicator(client: Client, target: IndexIndicator, **changes: str) -> Any:
    data = {
        "group": target.group,
        "code": target.code,
        "name": target.name,
        "max_points": "4",
        "formula": "proportional",
        "full_at": "",
        "source": target.source,
        "version": str(target.definition.version),
        **changes,
    }
    return client.post(reverse("onestop:index_indicator_edit", args=[target.pk]), data)


def test_it_saves_an_indicator_typed_with_the_decimal_comma(scored: None, secretariat: Any) -> None:
    target = indicator("3.2")
    response = post_indicator(login(secretariat), target, max_points="4,5", full_at="62,5")
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.max_points, target.full_at) == (D("4.5"), D("0.625"))


def test_it_shows_bad_input_next_to_the_field(scored: None, secretariat: Any) -> None:
    response = post_indicator(login(secretariat), indicator("3.2"), max_points="bốn", full_at="120")
    assert response.status_code == 400
    form = response.context["form"]
    assert "max_points" in form.errors and "full_at" in form.errors


def test_it_refuses_a_stale_indicator_edit(scored: None, secretariat: Any) -> None:
    response = post_indicator(login(secretariat), indicator("3.2"), version="99")
    assert response.status_code == 409


def test_it_guards_the_indicator_pages(scored: None, leader: Any, secretariat: Any) -> None:
    target = indicator("3.2")
    edit = reverse("onestop:index_indicator_edit", args=[target.pk])
    delete = reverse("onestop:index_indicator_delete", args=[target.pk])
    assert login(leader).get(edit).status_code == 403
    assert post_indicator(login(leader), target).status_code == 403
    assert login(leader).post(delete, {"version": "1"}).status_code == 403
    assert login(leader).post(reverse("onestop:index_indicator_add"), {}).status_code == 403
    assert login(secretariat).get(reverse("onestop:index_indicator_edit", args=[10**6])).status_code == 404
    assert login(secretariat).post(reverse("onestop:index_indicator_delete", args=[10**6])).status_code == 404
    assert login(secretariat).put(edit).status_code == 405
    assert login(secretariat).get(delete).status_code == 405
    assert login(secretariat).get(edit).status_code == 200


def test_it_adds_and_removes_an_indicator(scored: None, secretariat: Any) -> None:
    client = login(secretariat)
    response = client.post(
        reverse("onestop:index_indicator_add"),
        {"group": "Khác", "code": "7.1", "name": "Thử", "max_points": "0", "formula": "tracked", "version": "1"},
    )
    assert response.status_code == 302
    added = IndexIndicator.objects.get(code="7.1")
    assert client.post(reverse("onestop:index_indicator_delete", args=[added.pk]), {"version": "2"}).status_code == 302
    assert not IndexIndicator.objects.filter(code="7.1").exists()


# --- entered values ---------------------------------------------------------------------------------


def save_value(client: Client, unit: Any, code: str, value: str, **extra: str) -> Any:
    return client.post(
        reverse("onestop:index_value_save"),
        {"indicator": indicator(code).pk, "unit": unit.pk, "month": MONTH, "value": value, **extra},
    )


def test_it_enters_a_percentage_with_the_decimal_comma(scored: None, secretariat: Any, unit_a: Any) -> None:
    client = login(secretariat)
    assert save_value(client, unit_a, "1.1", "87,5").status_code == 302
    row = IndexEnteredValue.objects.get()
    assert (row.value, row.month) == (D("0.875"), date(2026, 3, 1))
    grid = client.get(reverse("onestop:index_values"), {"thang": MONTH}).content.decode()
    assert 'value="87.5"' in grid  # typed back as it was typed (the English page's mark)
    assert save_value(client, unit_a, "1.1", "90", version="1").status_code == 302
    assert save_value(client, unit_a, "1.1", "", version="2").status_code == 302
    assert not IndexEnteredValue.objects.exists()


def test_it_refuses_a_bad_percentage_with_a_message(scored: None, secretariat: Any, unit_a: Any) -> None:
    client = login(secretariat)
    response = save_value(client, unit_a, "1.1", "120")
    assert response.status_code == 400
    assert response.context["error"]
    assert save_value(client, unit_a, "1.1", "abc").status_code == 400
    save_value(client, unit_a, "1.1", "50")
    assert save_value(client, unit_a, "1.1", "60").status_code == 400  # no version: refused
    assert save_value(client, unit_a, "1.1", "60", version="5").status_code == 409


def test_it_guards_the_entered_values(scored: None, leader: Any, secretariat: Any, unit_a: Any) -> None:
    assert save_value(login(leader), unit_a, "1.1", "50").status_code == 403
    assert login(leader).get(reverse("onestop:index_values")).status_code == 403
    assert login(secretariat).get(reverse("onestop:index_value_save")).status_code == 405
    response = login(secretariat).post(
        reverse("onestop:index_value_save"), {"indicator": 10**6, "unit": unit_a.pk, "month": MONTH, "value": "5"}
    )
    assert response.status_code == 404
    grid = login(secretariat).get(reverse("onestop:index_values"), {"thang": MONTH})
    codes = [i.code for i in grid.context["indicators"]]
    assert "2.1" not in codes and "2.2" not in codes and "1.1" in codes and "5.3" in codes


def test_it_lets_the_system_administrator_enter_values(scored: None, sysadmin: Any, unit_a: Any) -> None:
    assert save_value(login(sysadmin), unit_a, "6.3", "80").status_code == 302


# --- the API ------------------------------------------------------------------------------------------


def test_it_answers_the_ranking_and_a_units_scores_in_the_api(scored: None, leader: Any, unit_a: Any) -> None:
    client = login(leader)
    results = client.get("/api/v1/onestop/index/results", {"month": MONTH})
    assert results.status_code == 200
    body = results.json()
    assert body["max_total"] == "100.00" or D(body["max_total"]) == 100
    assert body["results"][0]["unit"]["id"] == unit_a.pk
    assert D(body["results"][0]["total"]) == D(21)
    unit = client.get(f"/api/v1/onestop/index/units/{unit_a.pk}", {"month": MONTH}).json()
    by_code = {i["code"]: i for i in unit["indicators"]}
    assert (D(by_code["2.1"]["points"]), by_code["2.1"]["origin"]) == (D(17), "computed")
    assert client.get("/api/v1/onestop/index/results", {"month": "March"}).status_code == 400


def test_it_guards_the_index_api(scored: None, focal_a: Any, clerk_b: Any, unit_a: Any) -> None:
    assert Client().get("/api/v1/onestop/index/results").status_code == 401
    assert login(focal_a).get("/api/v1/onestop/index/results").status_code == 403
    assert login(clerk_b).get(f"/api/v1/onestop/index/units/{unit_a.pk}").status_code == 404


def test_it_offers_a_dashboard_tile_and_a_navigation_entry(scored: None, leader: Any, focal_a: Any) -> None:
    tile = hooks.get_one(hooks.DASHBOARD_TILES, "onestop.service_index")
    assert tile.data(focal_a) is None
    assert tile.data(leader)["count"] >= 1
    item = hooks.get_one(hooks.NAVIGATION, "onestop:index_ranking")
    assert item.allowed(leader) and not item.allowed(focal_a)


def test_it_lets_a_unit_head_read_their_units_index(unit_a: Any, scored: None) -> None:
    head = user_with_role("head_idx", Role.UNIT_HEAD, unit_a)
    assert login(head).get(reverse("onestop:index_unit", args=[unit_a.pk])).status_code == 200
