"""The menu bar: a module's entries share one menu (`NavItem.group`); a lone entry stands alone."""

from typing import Any

import pytest

from apps.core import hooks
from apps.core.navigation import menu_for

pytestmark = pytest.mark.django_db


def test_it_groups_a_modules_entries_at_the_place_of_the_first(sysadmin: Any) -> None:
    with hooks.isolated():
        hooks.register(
            hooks.NAVIGATION,
            hooks.NavItem("Units", "org:unit_list", order=10),
            hooks.NavItem("Inbox", "portal:start", order=20, group="One-stop"),
            hooks.NavItem("Audit", "portal:audit", order=30),
            hooks.NavItem("Calendar", "portal:calendar", order=40, group="One-stop"),
        )
        menu = menu_for(sysadmin, current="portal:calendar")
    assert [entry["label"] for entry in menu] == ["Units", "One-stop", "Audit"]
    group = menu[1]
    assert [child["name"] for child in group["children"]] == ["portal:start", "portal:calendar"]
    assert group["active"] and group["children"][1]["active"] and not menu[0]["active"]


def test_it_shows_a_group_the_user_sees_one_entry_of_as_that_entry(focal_a: Any) -> None:
    with hooks.isolated():
        hooks.register(
            hooks.NAVIGATION,
            hooks.NavItem("Inbox", "portal:start", order=20, group="One-stop"),
            hooks.NavItem("Calendar", "portal:calendar", order=40, group="One-stop", allowed=lambda user: False),
        )
        menu = menu_for(focal_a)
    assert menu == [
        {
            "label": "Inbox",
            "url": "/trang-cua-toi/",
            "icon": "circle",
            "name": "portal:start",
            "group": "One-stop",
            "active": False,
        }
    ]
