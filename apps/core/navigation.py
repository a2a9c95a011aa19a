"""The signed-in navigation. Each app registers its entries; each entry says who may see it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    allowed: Callable[[Any], bool]
    icon: str = "circle"
    order: int = 100


_REGISTRY: list[NavItem] = []


def register(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _REGISTRY):
        _REGISTRY.append(item)


def items_for(user: Any) -> list[dict[str, Any]]:
    if not getattr(user, "is_authenticated", False):
        return []
    visible = [item for item in sorted(_REGISTRY, key=lambda i: i.order) if item.allowed(user)]
    return [{"label": i.label, "url": reverse(i.url_name), "icon": i.icon, "name": i.url_name} for i in visible]
