"""A person's notifications: the inbox page (and its htmx results), mark as read, e-mail choices.

Everything here is the signed-in user's own: another person's notification answers 404."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.core.notifications import inbox
from apps.core.notifications.render import title

PAGE_SIZE = 20


def _local(url: Any, request: HttpRequest) -> str:
    """`url` when it is a path on this site, else "" (never an open redirect)."""
    url = str(url or "")
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _results_context(request: HttpRequest) -> dict[str, Any]:
    unread_only = request.GET.get("unread") == "1"
    rows = inbox.inbox_for_user(user=request.user, unread_only=unread_only)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    items = [
        {
            "row": row,
            "notification": row.notification,
            "title": title(row.notification),
            "url": _local(row.notification.context.get("url"), request),
        }
        for row in page
    ]
    return {"page_obj": page, "items": items, "unread_only": unread_only}


@require_safe
def notification_list(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/notifications/list.html", _results_context(request))


@require_safe
def notification_results(request: HttpRequest) -> HttpResponse:
    """The list part of the notifications page, for paging and the unread filter (htmx)."""
    return render(request, "portal/notifications/_results.html", _results_context(request))


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read; then go to `next` (the notification's page, or back to the list)."""
    inbox.notification_mark_read(user=request.user, notification_id=pk)
    return redirect(_local(request.POST.get("next"), request) or "portal:notifications")


@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = inbox.notifications_mark_all_read(user=request.user)
    if count:
        text = ngettext("%(count)d notification marked as read.", "%(count)d notifications marked as read.", count)
        messages.success(request, text % {"count": count})
    return redirect("portal:notifications")


@require_http_methods(["GET", "POST"])
def notification_preferences(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        inbox.email_preferences_set(user=request.user, email_kinds=set(request.POST.getlist("email")))
        messages.success(request, _("Your notification settings are saved."))
        return redirect("portal:notification_preferences")
    rows = [{"kind": kind, "email": email} for kind, email in inbox.email_preferences(user=request.user)]
    return render(request, "portal/notifications/preferences.html", {"rows": rows})
