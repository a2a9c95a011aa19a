from functools import cache
from typing import Any

from django.http import HttpRequest

from apps.core.navigation import items_for
from apps.core.notifications.inbox import unread_count


def navigation(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"nav_items": items_for(request.user)}
    user = request.user
    if user.is_authenticated:
        # Counted (one query) only when a template shows the bell, once per response.
        context["notifications_unread"] = cache(lambda: unread_count(user=user))
    return context
