"""The audit trail page and its results fragment (system administrator only)."""

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django_htmx.http import push_url

from apps.core import hooks
from apps.core.models import AuditEvent
from apps.org.permissions import OrgAction, require
from apps.portal.forms.audit import AuditFilterForm
from apps.portal.selectors.audit import AuditDiff, audit_diff, audit_event_list

PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    diff: AuditDiff
    action_label: str = ""  # what the action code means (modules' AUDIT_ACTIONS hooks); the code when none


def _results_context(request: HttpRequest, form: AuditFilterForm) -> tuple[dict[str, Any], int]:
    """The results for a bound filter form, and the HTTP status (400 when the filter is invalid)."""
    if not form.is_valid():
        return {"form": form, "page_obj": None, "rows": []}, 400
    events = audit_event_list(user=request.user, filters=form.to_filter())
    page: Page[AuditEvent] = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    labels = hooks.audit_action_labels()
    rows = [
        AuditRow(event=event, diff=audit_diff(event.before, event.after), action_label=labels.get(event.action, ""))
        for event in page.object_list
    ]
    return {"form": form, "page_obj": page, "rows": rows}, 200


@require_safe
def audit_list(request: HttpRequest) -> HttpResponse:
    """The audit trail, filtered by unit, user, object, action and dates."""
    require(request.user, OrgAction.VIEW_AUDIT)
    context, status = _results_context(request, AuditFilterForm(request.GET))
    return render(request, "portal/audit/list.html", context, status=status)


@require_safe
def audit_results(request: HttpRequest) -> HttpResponse:
    """Only the results table: the filter form swaps it in with htmx."""
    require(request.user, OrgAction.VIEW_AUDIT)
    context, status = _results_context(request, AuditFilterForm(request.GET))
    response = render(request, "portal/audit/_results.html", context, status=status)
    return push_url(response, reverse("portal:audit") + _nonempty_query(request.GET))


def _nonempty_query(params: QueryDict) -> str:
    """The query string without the empty fields of the filter form, so the address bar stays readable."""
    kept = QueryDict(mutable=True)
    for key, values in params.lists():
        if nonempty := [value for value in values if value]:
            kept.setlist(key, nonempty)
    return f"?{kept.urlencode()}" if kept else ""
