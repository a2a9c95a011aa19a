"""The service index: the seeded Decision 766 definition, scores from metrics and entered values,
the ranking, the metrics this topic computes, and the definition's and values' services."""

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from apps.core import hooks
from apps.core.audit import verify_audit_chain
from apps.core.errors import ConflictError, VersionMissingError
from apps.core.metrics import DateWindow, Metric, compute
from apps.core.models import AuditEvent
from apps.onestop.models import IndexDefinition, IndexEnteredValue, IndexIndicator, OnlineMode
from apps.onestop.selectors import index as selectors
from apps.onestop.services import index as services
from apps.onestop.tests.factories import make_procedure

pytestmark = pytest.mark.django_db
D = Decimal
MARCH = date(2026, 3, 1)


class FakeMetric:
    """What the statistics work registers: values per unit, the same for every window."""

    def __init__(self, values: dict[int, Decimal]) -> None:
        self.values = values
        self.calls = 0

    def __call__(self, window: DateWindow, unit_ids: list[int]) -> dict[int, Decimal]:
        self.calls += 1
        return {k: v for k, v in self.values.items() if k in unit_ids}


OWN_METRICS = {"onestop.online_procedure_rate", "onestop.service_index"}


@pytest.fixture(autouse=True)
def registry() -> Iterator[dict[str, Any]]:
    """Only this topic's own metrics: the others (the statistics work's) are faked per test."""
    with hooks.isolated(discover=True) as registry:
        for key in list(registry[hooks.METRICS]):
            if key not in OWN_METRICS:
                del registry[hooks.METRICS][key]
        yield registry


def fake(registry: dict[str, Any], key: str, values: dict[int, Decimal]) -> FakeMetric:
    registry[hooks.METRICS].pop(key, None)  # the statistics work may already compute it
    metric = FakeMetric(values)
    hooks.register(hooks.METRICS, Metric(key=key, label=key, compute=metric))
    return metric


@pytest.fixture
def definition() -> IndexDefinition:
    return selectors.definition_in_force(MARCH)  # type: ignore[return-value]


def indicator(definition: IndexDefinition, code: str) -> IndexIndicator:
    return definition.indicators.get(code=code)


@pytest.fixture
def units(office: Any, procedure: Any, commune_office: Any) -> list[Any]:
    """The centre (a front office), unit A (the procedure's agency) and the commune (a front office)."""
    return list(selectors.index_units())


def test_it_seeds_decision_766_with_100_points_in_six_groups(definition: IndexDefinition) -> None:
    assert "766/QĐ-TTg" in definition.name
    assert selectors.max_total(definition) == D(100)
    assert [(g["name"], g["max"]) for g in selectors.groups_of(definition)] == [
        ("Công khai, minh bạch", 18),
        ("Tiến độ giải quyết", 20),
        ("Dịch vụ công trực tuyến", 12),
        ("Thanh toán trực tuyến", 10),
        ("Mức độ hài lòng", 18),
        ("Số hoá hồ sơ", 22),
    ]
    sources = {i.source for i in definition.indicators.all()} - {""}
    assert sources == {
        "onestop.synced_rate",
        "onestop.on_time_rate",
        "onestop.average_days",
        "onestop.online_rate",
        "onestop.online_procedure_rate",
        "onestop.paid_online_rate",
        "onestop.result_electronic_rate",
        "onestop.digitised_rate",
        "survey.dossier_satisfaction",
    }
    tracked = indicator(definition, "2.2")
    assert (tracked.formula, tracked.max_points) == ("tracked", 0)
    assert indicator(definition, "3.2").full_at == D("0.5")


def test_it_scores_computed_and_entered_rates(
    registry: dict[str, Any], definition: IndexDefinition, units: list[Any], unit_a: Any, secretariat: Any
) -> None:
    fake(registry, "onestop.on_time_rate", {unit_a.pk: D("0.85")})
    fake(registry, "onestop.online_rate", {unit_a.pk: D("0.25")})
    fake(registry, "onestop.average_days", {unit_a.pk: D("6.5")})
    services.index_value_enter(
        actor=secretariat, indicator=indicator(definition, "1.1"), unit=unit_a, month=date(2026, 3, 17), value=D("0.5")
    )
    score = selectors.month_scores(definition, MARCH, [unit_a])[0]
    by_code = {s.indicator.code: s for s in score.indicators}
    assert (by_code["2.1"].points, by_code["2.1"].origin) == (D("17.00"), "computed")
    assert by_code["3.2"].points == D("2.00")  # 25 % of dossiers, full points at 50 %
    assert (by_code["1.1"].points, by_code["1.1"].origin) == (D("3.00"), "entered")
    assert (by_code["2.2"].rate, by_code["2.2"].points) == (D("6.5"), 0)
    assert by_code["5.3"].origin == "missing"  # no survey module yet, nothing entered
    assert by_code["3.1"].points == D("4.00")  # the catalogue: unit A's one procedure is online
    assert score.total == D("26.00")
    # The month's entered value is the one of the month: April has none.
    april = selectors.month_scores(definition, date(2026, 4, 1), [unit_a])[0]
    assert {s.indicator.code: s.origin for s in april.indicators}["1.1"] == "missing"


def test_it_takes_computed_values_over_entered_ones(
    registry: dict[str, Any], definition: IndexDefinition, units: list[Any], unit_a: Any, secretariat: Any
) -> None:
    services.index_value_enter(
        actor=secretariat, indicator=indicator(definition, "5.3"), unit=unit_a, month=MARCH, value=D("0.45")
    )
    first = selectors.month_scores(definition, MARCH, [unit_a])[0]
    assert {s.indicator.code: s.points for s in first.indicators}["5.3"] == D("3.00")  # 45 % of the 90 % threshold
    fake(registry, "survey.dossier_satisfaction", {unit_a.pk: D("0.95")})
    later = selectors.month_scores(definition, MARCH, [unit_a])[0]
    assert {s.indicator.code: (s.points, s.origin) for s in later.indicators}["5.3"] == (D("6.00"), "computed")


def test_it_ranks_units_with_ties_and_leaves_units_without_values_unranked(
    registry: dict[str, Any], definition: IndexDefinition, units: list[Any], centre: Any, unit_a: Any, commune: Any
) -> None:
    # Unit A's one procedure is online (4 points); the centre resolves none.
    metric = fake(registry, "onestop.on_time_rate", {centre.pk: D("0.7"), unit_a.pk: D("0.5")})
    scores = selectors.month_scores(definition, MARCH, units)
    ranks = {s.unit_id: s.rank for s in scores}
    assert ranks[centre.pk] == ranks[unit_a.pk] == 1
    assert {s.unit_id: s.total for s in scores}[centre.pk] == D("14.00")
    # The commune's procedures (none) and dossiers (none) give it nothing: no rank.
    assert ranks[commune.pk] is None
    assert scores[-1].unit_id == commune.pk
    assert metric.calls == 1  # one call per source, whatever the number of units


def test_it_computes_the_share_of_procedures_offered_online(unit_a: Any, commune: Any, commune_office: Any) -> None:
    make_procedure(agency=unit_a, online_mode=OnlineMode.FULL)
    make_procedure(agency=unit_a, online_mode=OnlineMode.PARTIAL)
    make_procedure(agency=unit_a, online_mode=OnlineMode.NONE)
    make_procedure(agency=unit_a, online_mode=OnlineMode.NONE)
    make_procedure(agency=None, online_mode=OnlineMode.FULL)  # commune level: every commune resolves it
    window = DateWindow(MARCH, date(2026, 3, 31))
    assert compute("onestop.online_procedure_rate", window, [unit_a.pk, commune.pk]) == {
        unit_a.pk: D("0.5"),
        commune.pk: D(1),
    }


def test_it_gives_the_service_index_of_a_window_as_the_mean_of_its_months(
    definition: IndexDefinition, units: list[Any], unit_a: Any, centre: Any, secretariat: Any
) -> None:
    for month, rate in ((date(2026, 1, 1), "1"), (date(2026, 2, 1), "0.5")):
        services.index_value_enter(
            actor=secretariat, indicator=indicator(definition, "1.1"), unit=unit_a, month=month, value=D(rate)
        )
    # January 6 + 4 (its online procedure), February 3 + 4, March 4: the mean is 7.
    window = DateWindow(date(2026, 1, 1), date(2026, 3, 31))
    assert compute("onestop.service_index", window, [unit_a.pk]) == {unit_a.pk: D("7.00")}
    # A unit with no value in any month has none.
    assert compute("onestop.service_index", window, [centre.pk]) == {}


def test_it_enters_corrects_and_clears_a_rate_with_versions_and_audit(
    definition: IndexDefinition, units: list[Any], unit_a: Any, secretariat: Any
) -> None:
    target = indicator(definition, "1.2")
    row = services.index_value_enter(actor=secretariat, indicator=target, unit=unit_a, month=MARCH, value=D("0.8"))
    assert row is not None and row.version == 1
    with pytest.raises(VersionMissingError):
        services.index_value_enter(actor=secretariat, indicator=target, unit=unit_a, month=MARCH, value=D("0.9"))
    with pytest.raises(ConflictError):
        services.index_value_enter(
            actor=secretariat, indicator=target, unit=unit_a, month=MARCH, value=D("0.9"), version=7
        )
    fixed = services.index_value_enter(
        actor=secretariat, indicator=target, unit=unit_a, month=MARCH, value=D("0.9"), version=1
    )
    assert fixed is not None and (fixed.value, fixed.version) == (D("0.9"), 2)
    services.index_value_enter(actor=secretariat, indicator=target, unit=unit_a, month=MARCH, value=None, version=2)
    assert not IndexEnteredValue.objects.exists()
    events = AuditEvent.objects.filter(action="onestop.index.value_enter")
    assert events.count() == 3
    verify_audit_chain()


@pytest.mark.parametrize("value", ["-0.1", "1.0001", "0.12345"])
def test_it_refuses_a_rate_out_of_range_or_too_precise(
    definition: IndexDefinition, units: list[Any], unit_a: Any, secretariat: Any, value: str
) -> None:
    with pytest.raises(ValidationError):
        services.index_value_enter(
            actor=secretariat, indicator=indicator(definition, "1.1"), unit=unit_a, month=MARCH, value=D(value)
        )


def test_it_edits_an_indicator_under_the_definitions_version(definition: IndexDefinition, secretariat: Any) -> None:
    target = indicator(definition, "3.2")
    values = {
        "group": target.group,
        "code": "3.2",
        "name": target.name,
        "max_points": D("5"),
        "formula": "proportional",
        "full_at": D("0.6"),
        "source": "onestop.online_rate",
    }
    services.indicator_update(actor=secretariat, indicator=target, version=definition.version, **values)
    definition.refresh_from_db()
    target.refresh_from_db()
    assert (target.max_points, target.full_at, definition.version) == (D(5), D("0.6"), 2)
    assert selectors.max_total(selectors.definition_get(definition.pk)) == D(101)
    with pytest.raises(ConflictError):
        services.indicator_update(actor=secretariat, indicator=target, version=1, **values)
    event = AuditEvent.objects.get(action="onestop.index.indicator_update")
    assert (event.before["max_points"], event.after["max_points"]) == ("4.00", "5")


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("max_points", {"max_points": D(101)}),
        ("max_points", {"formula": "tracked"}),
        ("full_at", {"full_at": D("1.5")}),
        ("source", {"source": "not a key"}),
        ("code", {"code": "1.1"}),
        ("name", {"name": "  "}),
    ],
)
def test_it_refuses_a_bad_indicator(
    definition: IndexDefinition, secretariat: Any, field: str, change: dict[str, Any]
) -> None:
    target = indicator(definition, "3.2")
    values = {
        "group": target.group,
        "code": "3.2",
        "name": target.name,
        "max_points": D(4),
        "formula": "proportional",
        "full_at": None,
        "source": "",
        **change,
    }
    with pytest.raises(ValidationError) as caught:
        services.indicator_update(actor=secretariat, indicator=target, version=definition.version, **values)
    assert field in caught.value.message_dict


def test_it_adds_and_removes_an_indicator(definition: IndexDefinition, secretariat: Any) -> None:
    added = services.indicator_create(
        actor=secretariat,
        definition=definition,
        version=definition.version,
        group="Khác",
        code="7.1",
        name="Chỉ số thử",
        max_points=D(0),
        formula="tracked",
        full_at=None,
        source="",
    )
    assert added.order == 22
    services.indicator_delete(actor=secretariat, indicator=added, version=2)
    assert not IndexIndicator.objects.filter(code="7.1").exists()
    definition.refresh_from_db()
    assert definition.version == 3
