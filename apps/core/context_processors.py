from typing import Any

from django.http import HttpRequest

from apps.core.navigation import items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"nav_items": items_for(request.user)}
