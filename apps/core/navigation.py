"""The signed-in navigation: the NAVIGATION hook items the user is allowed to see."""

from typing import Any

from django.urls import reverse

from apps.core import hooks


def items_for(user: Any) -> list[dict[str, Any]]:
    if not getattr(user, "is_authenticated", False):
        return []
    visible = [item for item in hooks.get(hooks.NAVIGATION) if item.allowed(user)]
    return [{"label": i.label, "url": reverse(i.url_name), "icon": i.icon, "name": i.url_name} for i in visible]
