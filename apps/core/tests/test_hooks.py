"""The plug-in contract: typed contributions by kind, unique keys, discovered once."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from apps.core import hooks
from apps.core.metrics import DateWindow, Metric, compute


def test_it_returns_contributions_in_their_order() -> None:
    with hooks.isolated():
        hooks.register(hooks.NAVIGATION, hooks.NavItem(label="B", url_name="b", order=20))
        hooks.register(hooks.NAVIGATION, hooks.NavItem(label="A", url_name="a", order=10))
        assert [item.url_name for item in hooks.get(hooks.NAVIGATION)] == ["a", "b"]


def test_it_refuses_a_duplicate_key_within_a_kind() -> None:
    with hooks.isolated():
        hooks.register(hooks.PUBLIC_URLS, hooks.PublicUrl("par_public:index"))
        with pytest.raises(ImproperlyConfigured, match="Duplicate public_urls hook key 'par_public:index'"):
            hooks.register(hooks.PUBLIC_URLS, hooks.PublicUrl("par_public:index"))


def test_it_allows_the_same_key_in_different_kinds() -> None:
    with hooks.isolated():
        hooks.register(hooks.METRICS, Metric(key="x", label="X"))
        hooks.register(hooks.NOTIFICATION_KINDS, hooks.NotificationKind(key="x", label="X"))
        assert len(hooks.get(hooks.METRICS)) == len(hooks.get(hooks.NOTIFICATION_KINDS)) == 1


def test_it_refuses_an_unknown_kind() -> None:
    with pytest.raises(ImproperlyConfigured):
        hooks.register("menu", hooks.NavItem(label="A", url_name="a"))


def test_it_discovers_every_installed_apps_hooks_once() -> None:
    with hooks.isolated(discover=True):
        keys = {item.key for item in hooks.get(hooks.NAVIGATION)}
        assert {"org:unit_list", "par:period_list"} <= keys
        hooks.autodiscover()  # a second call imports nothing again, so registers no duplicate
        assert {item.key for item in hooks.get(hooks.NAVIGATION)} == keys


def test_it_fails_start_up_when_two_apps_claim_one_key() -> None:
    """Discovery re-imports nothing; registering an installed app's key again is what a second app would do."""
    with hooks.isolated(discover=True), pytest.raises(ImproperlyConfigured, match="Duplicate navigation hook key"):
        hooks.register(hooks.NAVIGATION, hooks.NavItem(label="Mine", url_name="par:period_list"))


def test_it_computes_a_metric_by_key_for_the_units_asked() -> None:
    from datetime import date
    from decimal import Decimal

    def on_time(window: DateWindow, unit_ids: list[int]) -> dict[int, Decimal]:
        return {1: Decimal("0.9"), 2: Decimal("0.5"), 3: Decimal(1)}

    window = DateWindow(date(2025, 1, 1), date(2025, 12, 31))
    with hooks.isolated():
        hooks.register(hooks.METRICS, Metric(key="test.on_time", label="On time", compute=on_time))
        assert compute("test.on_time", window, [1, 2]) == {1: Decimal("0.9"), 2: Decimal("0.5")}
        assert compute("test.unknown", window, [1]) is None
