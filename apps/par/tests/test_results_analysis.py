from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.par.models import Assessment, CriterionExclusion
from apps.par.reports import province_losses, unit_losses
from apps.par.services.results import results_recompute
from apps.par.tests.test_results_support import publish, scaled_period, small_scenario
from conftest import client_for

D = Decimal
pytestmark = pytest.mark.django_db


def url(period) -> str:  # type: ignore[no-untyped-def]
    return reverse("par:analysis", args=[period.pk])


def test_it_lists_a_units_losses_largest_first_with_reasons(unit_a, unit_b):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    a = Assessment.objects.get(period=period, unit=unit_a)
    losses = unit_losses(period, a.pk, unit_a.pk)
    assert [(x.code, x.lost, x.final_points) for x in losses] == [
        ("1.1", D("2.00"), D("2")),
        ("1.3", D("1.50"), D("1.5")),
        ("2.1", D("0.30"), D("2.70")),
    ]
    assert losses[0].reason == "Kế hoạch ban hành muộn"
    assert losses[1].reason == "Kiểm tra chưa đủ đơn vị"  # the second round's reason wins
    assert losses[2].reason == ""


def test_it_skips_excluded_criteria(unit_a, unit_b):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    b = Assessment.objects.get(period=period, unit=unit_b)
    criterion = period.criteria_set.nodes.get(code="2.1")
    CriterionExclusion.objects.create(criterion=criterion, unit=unit_b, reason="Không giải quyết TTHC")
    results_recompute(period=period)
    assert unit_losses(period, b.pk, unit_b.pk) == []
    by_code = {x.code: x for x in province_losses(period)}
    assert (by_code["2.1"].units_counted, by_code["2.1"].units_losing) == (1, 1)


def test_it_ranks_criteria_by_points_lost_across_units(unit_a, unit_b):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    losses = province_losses(period)
    # 2.1: A 0.3 + B 3 = 3.3; 1.1: A 2; 1.3: A 1.5.
    assert [(x.code, x.total_lost, x.average_lost, x.units_losing) for x in losses] == [
        ("2.1", D("3.30"), D("1.65"), 2),
        ("1.1", D("2.00"), D("1.00"), 1),
        ("1.3", D("1.50"), D("0.75"), 1),
    ]


def test_it_shows_the_analysis_page(unit_a, unit_b, secretariat):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    response = client_for(secretariat).get(url(period), {"don_vi": unit_a.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert [x.code for x in response.context["losses"]] == ["1.1", "1.3", "2.1"]
    assert "Kế hoạch ban hành muộn" in html and "Kiểm tra chưa đủ đơn vị" in html
    assert html.index('data-code="1.1"') < html.index('data-code="1.3"')
    for kind in ("radar", "trend", "heatmap"):
        assert f'data-chart="{kind}"' in html
    heat = response.context["heatmap_chart"]
    assert heat["units"] == ["Sở Tư pháp", "Sở Y tế"]  # the open period's order: stage first
    assert [0, 0, 65.0] in heat["values"] and [1, 0, 94.0] in heat["values"]
    radar = response.context["radar_chart"]
    assert radar["series"][0]["values"] == [65.0, 94.0]
    assert radar["series"][1]["values"] == [82.5, 67.0]  # group average: (65+100)/2, (94+40)/2


def test_it_defaults_to_the_users_own_unit(unit_a, unit_b, focal_a):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    response = client_for(focal_a).get(url(period))
    assert response.status_code == 200
    assert response.context["row"].unit_id == unit_a.pk
    # Before publication a unit sees only itself: no province ranking, heat map or group average.
    assert response.context["province"] == []
    assert "heatmap_chart" not in response.context
    assert len(response.context["radar_chart"]["series"]) == 1
    assert "Sở Y tế" not in response.content.decode()


def test_it_refuses_another_units_analysis_before_publication(unit_a, unit_b, focal_b):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    assert client_for(focal_b).get(url(period), {"don_vi": unit_a.pk}).status_code == 403


def test_it_offers_the_analysis_only_where_it_opens(unit_a, unit_b, appraiser, focal_a):  # type: ignore[no-untyped-def]
    """An appraiser reads no unit's figures before publication: no link that would answer 403."""
    period = small_scenario(unit_a, unit_b)
    listing = reverse("par:results_periods")
    assert url(period) not in client_for(appraiser).get(listing).content.decode()
    assert client_for(appraiser).get(url(period)).status_code == 403
    assert url(period) in client_for(focal_a).get(listing).content.decode()
    publish(period)
    assert url(period) in client_for(appraiser).get(listing).content.decode()


def test_it_allows_any_unit_once_published(unit_a, unit_b, focal_b):  # type: ignore[no-untyped-def]
    period = publish(small_scenario(unit_a, unit_b))
    response = client_for(focal_b).get(url(period), {"don_vi": unit_a.pk})
    assert response.status_code == 200
    assert response.context["province"]


def test_it_answers_bad_input(unit_a, unit_b, secretariat, commune):  # type: ignore[no-untyped-def]
    period = small_scenario(unit_a, unit_b)
    client = client_for(secretariat)
    assert client.get(url(period), {"don_vi": "abc"}).status_code == 400
    assert client.get(url(period), {"don_vi": commune.pk}).status_code == 404  # not in the period
    assert client.get(reverse("par:analysis", args=[99999])).status_code == 404
    assert client.post(url(period)).status_code == 405


def test_it_refuses_users_outside_the_period(unit_a, unit_b, commune):  # type: ignore[no-untyped-def]
    from apps.org.models import Role
    from apps.org.tests.factories import user_with_role

    period = small_scenario(unit_a, unit_b)
    outsider = user_with_role("xa", Role.FOCAL_POINT, commune)
    assert client_for(outsider).get(url(period)).status_code == 404  # the period is not theirs to see


def test_it_runs_a_fixed_number_of_queries(province, secretariat, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    small, large = scaled_period(province, 3), scaled_period(province, 30)
    client = client_for(secretariat)
    client.get(url(small))
    counts = []
    for period in (small, large):
        unit_id = Assessment.objects.filter(period=period).first().unit_id  # type: ignore[union-attr]
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(period), {"don_vi": unit_id}).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(20):
        client.get(url(large), {"don_vi": unit_id})
