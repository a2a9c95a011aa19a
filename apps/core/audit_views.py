"""The audit trail page and its results fragment (system administrator only)."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django_htmx.http import push_url

from apps.core.audit_selectors import AuditDiff, AuditFilter, audit_diff, audit_event_list
from apps.core.models import AuditEvent
from apps.org.models import Unit
from apps.org.permissions import OrgAction, require

PAGE_SIZE = 50
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
# Checked by the browser before htmx sends the form; the server checks again.
DATE_PATTERN = r"\s*(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})\s*"


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy.")},
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": "dd/mm/yyyy", "pattern": DATE_PATTERN, "inputmode": "text"}
        ),
    )


class AuditFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.order_by("sort_order", "name"),
        required=False,
        empty_label=_("All units"),
        error_messages={"invalid_choice": _("This unit does not exist.")},
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    user = forms.CharField(
        label=_("User"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("Username or name")}),
    )
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "user.login"}),
    )
    object_type = forms.CharField(
        label=_("Object type"),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "accounts.user"}),
    )
    object_id = forms.CharField(
        label=_("Object id"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    date_from = _date_field(_("From"))
    date_to = _date_field(_("To"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def to_filter(self) -> AuditFilter:
        data = self.cleaned_data
        unit = data.get("unit")
        return AuditFilter(
            unit_id=unit.pk if unit is not None else None,
            user=data.get("user") or "",
            object_type=data.get("object_type") or "",
            object_id=data.get("object_id") or "",
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    diff: AuditDiff


def _results_context(request: HttpRequest, form: AuditFilterForm) -> tuple[dict[str, Any], int]:
    """The results for a bound filter form, and the HTTP status (400 when the filter is invalid)."""
    if not form.is_valid():
        return {"form": form, "page_obj": None, "rows": []}, 400
    events = audit_event_list(user=request.user, filters=form.to_filter())
    page: Page[AuditEvent] = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [AuditRow(event=event, diff=audit_diff(event.before, event.after)) for event in page.object_list]
    return {"form": form, "page_obj": page, "rows": rows}, 200


@require_safe
def audit_list(request: HttpRequest) -> HttpResponse:
    """The audit trail, filtered by unit, user, object, action and dates."""
    require(request.user, OrgAction.VIEW_AUDIT)
    context, status = _results_context(request, AuditFilterForm(request.GET))
    return render(request, "core/audit/list.html", context, status=status)


@require_safe
def audit_results(request: HttpRequest) -> HttpResponse:
    """Only the results table: the filter form swaps it in with htmx."""
    require(request.user, OrgAction.VIEW_AUDIT)
    context, status = _results_context(request, AuditFilterForm(request.GET))
    response = render(request, "core/audit/_results.html", context, status=status)
    return push_url(response, reverse("core:audit") + _nonempty_query(request.GET))


def _nonempty_query(params: QueryDict) -> str:
    """The query string without the empty fields of the filter form, so the address bar stays readable."""
    kept = QueryDict(mutable=True)
    for key, values in params.lists():
        if nonempty := [value for value in values if value]:
            kept.setlist(key, nonempty)
    return f"?{kept.urlencode()}" if kept else ""
