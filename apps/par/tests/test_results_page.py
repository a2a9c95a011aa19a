from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.org.tests.factories import UnitFactory
from apps.par.reports import results_table
from apps.par.tests.test_results_support import publish, scaled_period, simple_period, small_scenario
from conftest import client_for

D = Decimal
pytestmark = pytest.mark.django_db


def url(period) -> str:  # type: ignore[no-untyped-def]
    return reverse("par:results", args=[period.pk])


def test_it_computes_the_hand_computed_figures(unit_a, unit_b):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    table = results_table(period)
    a, b = table.rows  # an open period: the unit further along first (A appraised, B still in draft)
    assert (b.unit_id, b.rank, b.index, b.band) == (unit_b.pk, 1, D("80.00"), "Tốt")
    assert (a.unit_id, a.rank, a.band) == (unit_a.pk, 2, "Khá")
    assert a.self_points == D("12.00")
    assert a.appraised_points == D("8.50")
    assert a.measured_points == D("2.70")
    assert (a.bonus_points, a.penalty_points) == (D("1.00"), D("0.50"))
    assert (a.total_points, a.max_points, a.index) == (D("11.70"), D("15.00"), D("78.00"))
    area1, area2 = table.normal_areas
    assert a.area_index[area1.id] == D("65.00")  # 6.5 of 10
    assert a.area_index[area2.id] == D("94.00")  # 4.7 of 5
    assert b.area_index[area2.id] == D("40.00")
    assert a.area_list == [D("65.00"), D("94.00")]


def test_it_shows_the_results_page(unit_a, unit_b, secretariat):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    response = client_for(secretariat).get(url(period))
    assert response.status_code == 200
    html = response.content.decode()
    assert "78.00" in html and "80.00" in html and "11.70" in html
    assert "1. Công tác chỉ đạo," in html  # short area header
    assert 'data-chart="ranking"' in html and 'id="chart-ranking"' in html
    assert "<script>" not in html  # no inline scripts; data goes in application/json tags
    rows = response.context["table"].rows
    assert [r.unit_id for r in rows] == [unit_a.pk, unit_b.pk]  # stage first while the period is open


def test_it_sorts_by_rank_both_ways(unit_a, unit_b, secretariat):  # type: ignore[no-untyped-def]
    period = publish(small_scenario(unit_a, unit_b))
    client = client_for(secretariat)
    rows = client.get(url(period), {"sort": "-rank"}).context["table"].rows
    assert [r.rank for r in rows] == [2, 1]
    assert client.get(url(period), {"sort": "bogus"}).status_code == 400


def test_it_ranks_ties_with_shared_places(province):  # type: ignore[no-untyped-def]
    units = [UnitFactory(parent=province) for _ in range(4)]
    period = simple_period(units, ["9", "8", "8", "7"])
    table = results_table(period)
    assert [r.rank for r in table.rows] == [1, 2, 2, 4]
    assert [r.index for r in table.rows] == [D("90.00"), D("80.00"), D("80.00"), D("70.00")]
    assert [r.band for r in table.rows] == ["Xuất sắc", "Tốt", "Tốt", "Khá"]


def test_it_compares_with_last_year_through_a_predecessor(province, unit_a, secretariat):  # type: ignore[no-untyped-def]
    from datetime import date

    from apps.par.tests.factories import group_of

    old = UnitFactory(parent=province, name="Sở Kế hoạch và Đầu tư")
    group = group_of(unit_a, old)
    last = simple_period([unit_a, old], ["6", "9"], year=2024, group=group)
    publish(last)
    old.valid_to = date(2025, 3, 1)
    old.save()
    new = UnitFactory(parent=province, name="Sở Tài chính (mới)")
    new.predecessors.add(old)
    group.units.add(new)
    period = publish(simple_period([unit_a, new], ["8", "7"], year=2025, group=group))

    table = results_table(period)
    assert table.previous_period == last
    a, merged = table.rows
    assert (a.unit_id, a.rank, a.previous_rank, a.rank_change, a.index_change) == (unit_a.pk, 1, 2, 1, D("20.00"))
    assert a.compared_with == ""
    assert (merged.unit_id, merged.previous_index, merged.index_change) == (new.pk, D("90.00"), D("-20.00"))
    assert merged.rank_change == -1
    assert merged.compared_with == "Sở Kế hoạch và Đầu tư"

    html = client_for(secretariat).get(url(period)).content.decode()
    assert "+20.00" in html and "-20.00" in html


def test_it_ignores_an_unpublished_last_year(province):  # type: ignore[no-untyped-def]
    units = [UnitFactory(parent=province) for _ in range(2)]
    from apps.par.tests.factories import group_of

    group = group_of(*units)
    simple_period(units, ["5", "6"], year=2024, group=group)  # not published
    period = simple_period(units, ["8", "7"], year=2025, group=group)
    table = results_table(period)
    assert table.previous_period is None
    assert all(r.index_change is None for r in table.rows)


def test_it_refuses_unpublished_results_to_a_unit_member(unit_a, unit_b, focal_b):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    assert client_for(focal_b).get(url(period)).status_code == 403
    assert client_for(focal_b).get(reverse("par:results_xlsx", args=[period.pk])).status_code == 403


def test_it_refuses_unpublished_results_to_an_appraiser(unit_a, unit_b, appraiser, leader):  # type: ignore[no-untyped-def]
    # Unpublished results are computed from drafts too (both units here are drafts); appraisers
    # never read a draft, so neither the table, its export, the analysis nor the API is theirs.
    period = small_scenario(unit_a, unit_b)
    client = client_for(appraiser)
    assert client.get(url(period)).status_code == 403
    assert client.get(reverse("par:results_xlsx", args=[period.pk])).status_code == 403
    assert client.get(reverse("par:analysis", args=[period.pk]), {"don_vi": unit_b.pk}).status_code == 403
    assert client.get(f"/api/v1/par/periods/{period.pk}/results").status_code == 403
    assert client_for(leader).get(url(period)).status_code == 200
    assert client.get(url(publish(period))).status_code == 200


def test_it_shows_published_results_to_a_unit_member(unit_a, unit_b, focal_b):  # type: ignore[no-untyped-def]
    period = publish(small_scenario(unit_a, unit_b))
    assert client_for(focal_b).get(url(period)).status_code == 200


def test_it_answers_404_for_a_missing_period_and_405_for_post(unit_a, unit_b, secretariat):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    client = client_for(secretariat)
    assert client.get(reverse("par:results", args=[99999])).status_code == 404
    assert client.post(url(period)).status_code == 405


def test_it_sends_anonymous_visitors_to_sign_in(unit_a, unit_b, citizen):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    response = citizen.get(url(period))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_it_lists_the_periods_with_their_links(unit_a, unit_b, secretariat, focal_b):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    html = client_for(secretariat).get(reverse("par:results_periods")).content.decode()
    assert url(period) in html and reverse("par:decision_docx", args=[period.pk]) in html
    html = client_for(focal_b).get(reverse("par:results_periods")).content.decode()
    assert url(period) not in html  # unpublished: no results link for a unit member
    assert reverse("par:decision_docx", args=[period.pk]) not in html


def _count(client, path: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_it_runs_a_fixed_number_of_queries(province, secretariat, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    small, large = scaled_period(province, 3), scaled_period(province, 30)
    client = client_for(secretariat)
    client.get(url(small))  # warm the session and caches
    assert _count(client, url(small)) == _count(client, url(large))
    with django_assert_max_num_queries(12):
        client.get(url(large))
