from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from apps.core.models import AuditEvent
from apps.par.models import Assessment, Score, ScoringPeriod
from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def group_and_set(unit_a, unit_b):  # type: ignore[no-untyped-def]
    group = group_of(unit_a, unit_b)
    return group, build_set(group)


def form_data(group, criteria_set, **extra):  # type: ignore[no-untyped-def]
    data = {
        "year": "2025",
        "group": str(group.pk),
        "criteria_set": str(criteria_set.pk),
        "name": "Chỉ số CCHC năm 2025",
        "self_assessment_deadline": "15/01/2026",
        "appraisal_deadline": "15/02/2026",
        "explanation_deadline": "28/02/2026",
        "survey_points": "0",
        "bonus_cap": "2",
        "penalty_cap": "2",
        "band_label_0": "Xuất sắc",
        "band_min_0": "90",
        "band_label_1": "Tốt",
        "band_min_1": "80",
        "band_label_2": "Yếu",
        "band_min_2": "0",
    }
    data.update(extra)
    return data


def test_it_shows_the_open_form_with_default_bands(secretariat, group_and_set) -> None:  # type: ignore[no-untyped-def]
    response = client_for(secretariat).get(reverse("par:period_create"))
    assert response.status_code == 200
    assert "Xuất sắc" in response.content.decode() and 'value="90"' in response.content.decode()


def test_it_opens_a_period_with_one_assessment_per_unit(secretariat, group_and_set) -> None:  # type: ignore[no-untyped-def]
    group, criteria_set = group_and_set
    response = client_for(secretariat).post(reverse("par:period_create"), form_data(group, criteria_set))
    period = ScoringPeriod.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("par:period_progress", args=[period.pk])
    assert Assessment.objects.filter(period=period).count() == 2
    assert Score.objects.filter(assessment__period=period).count() == 2 * 7  # 7 leaves in SMALL_SET
    assert period.bands == [
        {"label": "Xuất sắc", "min": 90.0},
        {"label": "Tốt", "min": 80.0},
        {"label": "Yếu", "min": 0.0},
    ]
    assert period.self_assessment_deadline.isoformat() == "2026-01-15"
    assert AuditEvent.objects.filter(action="par.period.open").count() == 1


def test_it_refuses_deadlines_out_of_order(secretariat, group_and_set) -> None:  # type: ignore[no-untyped-def]
    group, criteria_set = group_and_set
    data = form_data(group, criteria_set, appraisal_deadline="10/01/2026")
    response = client_for(secretariat).post(reverse("par:period_create"), data)
    assert response.status_code == 400
    assert "Deadlines must follow each other" in response.content.decode()
    assert not ScoringPeriod.objects.exists()


def test_it_refuses_a_set_of_another_year_or_bad_bands(secretariat, group_and_set) -> None:  # type: ignore[no-untyped-def]
    group, criteria_set = group_and_set
    client = client_for(secretariat)
    assert client.post(reverse("par:period_create"), form_data(group, criteria_set, year="2024")).status_code == 400
    bad_bands = form_data(group, criteria_set, band_min_2="10")  # no band starts at 0 %
    response = client.post(reverse("par:period_create"), bad_bands)
    assert response.status_code == 400
    assert "lowest band must start at 0" in response.content.decode()
    assert not ScoringPeriod.objects.exists()


def test_it_refuses_a_second_period_for_the_same_group_and_year(secretariat, group_and_set) -> None:  # type: ignore[no-untyped-def]
    group, criteria_set = group_and_set
    open_period(group, criteria_set)
    response = client_for(secretariat).post(reverse("par:period_create"), form_data(group, criteria_set))
    assert response.status_code == 400
    assert ScoringPeriod.objects.count() == 1


def test_it_lets_only_the_secretariat_open_periods(focal_a, appraiser, leader, group_and_set) -> None:  # type: ignore[no-untyped-def]
    group, criteria_set = group_and_set
    for user in (focal_a, appraiser, leader):
        client = client_for(user)
        assert client.get(reverse("par:period_create")).status_code == 403
        assert client.post(reverse("par:period_create"), form_data(group, criteria_set)).status_code == 403
    assert not ScoringPeriod.objects.exists()


def test_it_refuses_other_methods(secretariat) -> None:  # type: ignore[no-untyped-def]
    client = client_for(secretariat)
    assert client.put(reverse("par:period_create")).status_code == 405
    assert client.post(reverse("par:period_list")).status_code == 405


def test_it_sends_anonymous_visitors_to_sign_in(citizen) -> None:  # type: ignore[no-untyped-def]
    response = citizen.get(reverse("par:period_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- Edit ---------------------------------------------------------------------------------------


def edit_data(period, **extra):  # type: ignore[no-untyped-def]
    data = {
        "name": "Chỉ số CCHC 2025 (sửa)",
        "self_assessment_deadline": "20/01/2026",
        "appraisal_deadline": "15/02/2026",
        "explanation_deadline": "28/02/2026",
        "survey_points": "20",
        "bonus_cap": "2",
        "penalty_cap": "2",
        "band_label_0": "A",
        "band_min_0": "90",
        "band_label_1": "B",
        "band_min_1": "0",
        "version": str(period.version),
    }
    data.update(extra)
    return data


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_edits_the_settings_and_refuses_a_stale_edit(secretariat, group_and_set) -> None:  # type: ignore[no-untyped-def]
    group, criteria_set = group_and_set
    period = open_period(group, criteria_set)
    client = client_for(secretariat)
    assert client.get(reverse("par:period_edit", args=[period.pk])).status_code == 200
    stale = edit_data(period)
    response = client.post(reverse("par:period_edit", args=[period.pk]), stale)
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.name == "Chỉ số CCHC 2025 (sửa)"
    assert str(period.survey_points) == "20.00"
    assert [b["label"] for b in period.bands] == ["A", "B"]
    response = client.post(reverse("par:period_edit", args=[period.pk]), {**stale, "name": "Lần hai"})
    assert response.status_code == 409
    assert "Someone else changed" in response.content.decode()
    period.refresh_from_db()
    assert period.name == "Chỉ số CCHC 2025 (sửa)"


def test_it_guards_the_edit_page(focal_a, leader, secretariat, group_and_set) -> None:  # type: ignore[no-untyped-def]
    group, criteria_set = group_and_set
    period = open_period(group, criteria_set)
    url = reverse("par:period_edit", args=[period.pk])
    assert client_for(focal_a).post(url, edit_data(period)).status_code == 403
    assert client_for(leader).post(url, edit_data(period)).status_code == 403
    assert client_for(secretariat).post(reverse("par:period_edit", args=[period.pk + 99]), {}).status_code == 404
    assert client_for(secretariat).delete(url).status_code == 405


def test_it_lists_the_periods_each_user_may_see(focal_a, focal_b, secretariat, unit_a, commune) -> None:  # type: ignore[no-untyped-def]
    group = group_of(unit_a)
    period = open_period(group, build_set(group))
    other_group = group_of(commune, code="xa-phuong")
    other = open_period(other_group, build_set(other_group))
    body = client_for(focal_a).get(reverse("par:period_list")).content.decode()
    assert period.name in body
    assert f'data-period="{other.pk}"' not in body
    own = Assessment.objects.get(period=period, unit=unit_a)
    assert reverse("par:assessment_detail", args=[own.pk]) in body
    assert f'data-period="{period.pk}"' not in client_for(focal_b).get(reverse("par:period_list")).content.decode()
    body = client_for(secretariat).get(reverse("par:period_list")).content.decode()
    assert f'data-period="{period.pk}"' in body and f'data-period="{other.pk}"' in body


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_refuses_an_edit_that_carries_no_version(secretariat, group_and_set) -> None:  # type: ignore[no-untyped-def]
    group, criteria_set = group_and_set
    period = open_period(group, criteria_set)
    data = edit_data(period, name="Không phiên bản")
    del data["version"]
    response = client_for(secretariat).post(reverse("par:period_edit", args=[period.pk]), data)
    assert response.status_code == 400
    period.refresh_from_db()
    assert period.name != "Không phiên bản"
