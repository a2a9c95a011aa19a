"""The signed-in navigation: the NAVIGATION hook items the user is allowed to see."""

from typing import Any

from django.urls import reverse

from apps.core import hooks


def items_for(user: Any) -> list[dict[str, Any]]:
    """Every entry the user may see, flat, in order."""
    if not getattr(user, "is_authenticated", False):
        return []
    visible = [item for item in hooks.get(hooks.NAVIGATION) if item.allowed(user)]
    return [
        {"label": i.label, "url": reverse(i.url_name), "icon": i.icon, "name": i.url_name, "group": i.group}
        for i in visible
    ]


def menu_for(user: Any, current: str = "") -> list[dict[str, Any]]:
    """The menu bar: entries, and one entry per group (at its first member's place) holding the
    group's entries as `children`; a group with a single visible entry is that entry. `current` (the
    view name of the page) marks its entry, and its group, `active`."""
    menu: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    for item in items_for(user):
        item["active"] = item["name"] == current
        key = str(item["group"])
        if not key:
            menu.append(item)
        elif key in groups:
            groups[key]["children"].append(item)
            groups[key]["active"] = groups[key]["active"] or item["active"]
        else:
            groups[key] = {"label": item["group"], "icon": item["icon"], "children": [item], "active": item["active"]}
            menu.append(groups[key])
    return [entry["children"][0] if len(entry.get("children", [None, None])) == 1 else entry for entry in menu]
