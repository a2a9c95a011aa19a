"""Before publication the results say each unit's stage and rank a unit only against the units at
the same stage (a unit still self-assessing is not ranked, nor compared with last year's rank);
once published, the ranking is the final one."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apps.org.tests.factories import UnitFactory
from apps.par.models import Assessment, AssessmentStatus
from apps.par.reports import Stage, ranking_chart, results_table, stage_of
from apps.par.tests.factories import group_of
from apps.par.tests.test_results_support import publish, simple_period
from conftest import client_for

pytestmark = pytest.mark.django_db
D = Decimal


def test_it_maps_every_status_to_a_stage() -> None:
    assert stage_of(AssessmentStatus.DRAFT) == Stage.SELF_ASSESSING
    assert stage_of(AssessmentStatus.SUBMITTED) == Stage.SELF_ASSESSED
    assert stage_of(AssessmentStatus.EXPLANATION_REQUESTED) == Stage.ROUND1
    assert stage_of(AssessmentStatus.EXPLAINED) == Stage.ROUND1
    assert stage_of(AssessmentStatus.APPRAISED) == Stage.APPRAISED
    assert stage_of(AssessmentStatus.FINALISED) == Stage.FINAL
    assert {stage_of(s) for s in AssessmentStatus.values} == set(Stage)


@pytest.fixture
def mixed(province):  # type: ignore[no-untyped-def]
    """Five units: final 70, submitted 80 and 85, self-assessing 95, finalised 60."""
    names = ["Final 70", "Submitted 80", "Submitted 85", "Draft 95", "Final 60"]
    units = [UnitFactory(parent=province, name=name) for name in names]
    last_year = simple_period(units, ["9", "8", "7", "6", "5"], year=2024, group=group_of(*units, code="g"))
    publish(last_year)
    period = simple_period(units, ["7", "8", "8.5", "9.5", "6"], year=2025, group=last_year.group)
    statuses = ["finalised", "submitted", "submitted", "draft", "finalised"]
    for unit, status in zip(units, statuses, strict=True):
        Assessment.objects.filter(period=period, unit=unit).update(status=status)
    return period


def test_it_ranks_units_only_within_their_stage(mixed) -> None:  # type: ignore[no-untyped-def]
    table = results_table(mixed)
    assert table.provisional and table.mixed_stages
    shown = [(r.unit_name, r.stage, r.shown_rank) for r in table.rows]
    assert shown == [
        ("Final 70", Stage.FINAL, 1),
        ("Final 60", Stage.FINAL, 2),
        ("Submitted 85", Stage.SELF_ASSESSED, 1),
        ("Submitted 80", Stage.SELF_ASSESSED, 2),
        ("Draft 95", Stage.SELF_ASSESSING, None),
    ]
    assert [r.rank for r in table.rows] == [4, 5, 2, 3, 1]  # the computed rank over everyone is kept


def test_it_compares_no_provisional_rank_with_last_year(mixed) -> None:  # type: ignore[no-untyped-def]
    table = results_table(mixed)
    assert all(r.rank_change is None for r in table.rows)
    draft = next(r for r in table.rows if r.stage == Stage.SELF_ASSESSING)
    assert draft.previous_index == D("60.00") and draft.index_change is None
    final = table.rows[0]
    assert final.index_change == D("-20.00")


def test_it_counts_the_units_per_stage(mixed) -> None:  # type: ignore[no-untyped-def]
    labels = [(str(label), count) for label, count in results_table(mixed).stages]
    assert [count for _label, count in labels] == [2, 2, 1]


def test_it_ranks_everyone_once_published(mixed) -> None:  # type: ignore[no-untyped-def]
    table = results_table(publish(mixed))
    assert not table.provisional and not table.mixed_stages
    assert [(r.unit_name, r.shown_rank) for r in table.rows][:2] == [("Draft 95", 1), ("Submitted 85", 2)]
    assert all(r.shown_rank == r.rank for r in table.rows)
    assert table.rows[0].rank_change == 3  # 4th last year, 1st now


def test_it_shows_the_stage_column_on_an_open_period(mixed, secretariat, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "vi"
    html = client_for(secretariat).get(reverse("par:results", args=[mixed.pk])).content.decode()
    assert 'data-col="stage"' in html and 'data-testid="provisional-note"' in html
    assert "Hạng trong giai đoạn" in html and "Đang tự đánh giá" in html and "chính thức" in html
    # the phone cards say it too: three units each "1" must not read as three first places
    assert html.count("Hạng trong giai đoạn") >= 1 + len(mixed.assessments.all())
    assert "giảm" not in html and "tăng" not in html  # no rank change against last year yet


def test_it_drops_the_stage_column_once_published(mixed, secretariat) -> None:  # type: ignore[no-untyped-def]
    html = client_for(secretariat).get(reverse("par:results", args=[publish(mixed).pk])).content.decode()
    assert 'data-col="stage"' not in html and 'data-testid="provisional-note"' not in html


def test_it_orders_the_ranking_chart_like_the_table_and_names_each_stage(mixed, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "vi"
    table = results_table(mixed)
    chart = ranking_chart(table)
    assert chart["units"] == [r.unit_name for r in table.rows]
    assert chart["ranks"] == [1, 2, 1, 2, None]
    assert len(chart["stages"]) == 5 and chart["stages"][0] == table.rows[0].stage_label
    assert ranking_chart(results_table(publish(mixed)))["stages"] == []
