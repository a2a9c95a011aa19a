from functools import cache
from typing import Any

from django.http import HttpRequest

from apps.core.navigation import menu_for
from apps.core.notifications.inbox import unread_count


def navigation(request: HttpRequest) -> dict[str, Any]:
    match = getattr(request, "resolver_match", None)
    context: dict[str, Any] = {"nav_items": menu_for(request.user, match.view_name if match else "")}
    user = request.user
    if user.is_authenticated:
        # Counted (one query) only when a template shows the bell, once per response.
        context["notifications_unread"] = cache(lambda: unread_count(user=user))
    return context
