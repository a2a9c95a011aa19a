from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from apps.accounts.requests import AuthenticatedHttpRequest
from apps.core.errors import ConflictError
from apps.core.web.responses import form_failure
from apps.org import selectors, services
from apps.org.forms import UnitFilterForm, UnitForm
from apps.org.models import Unit
from apps.org.permissions import OrgAction, can, require


def _results_context(request: HttpRequest) -> dict[str, Any]:
    """The tree when nothing is filtered; a flat list of matches when searching or filtering by kind."""
    form = UnitFilterForm(request.GET or None)
    q = kind = ""
    if form.is_bound and form.is_valid():
        q, kind = form.cleaned_data["q"].strip(), form.cleaned_data["kind"]
    today = timezone.localdate()
    context: dict[str, Any] = {"filter_form": form, "q": q, "kind": kind, "searching": bool(q or kind)}
    if context["searching"]:
        context["results"] = [
            selectors.UnitNode(unit=u, active=selectors.unit_is_active(u, on=today))
            for u in selectors.unit_list(q=q, kind=kind)
        ]
    else:
        context["tree"] = selectors.unit_tree(on=today)
    return context


@require_safe
def unit_list(request: HttpRequest) -> HttpResponse:
    """Every signed-in user may read the tree of units (sign-in is enforced by the middleware)."""
    context = _results_context(request)
    context["can_manage"] = can(request.user, OrgAction.MANAGE_ORG)
    return render(request, "org/unit_list.html", context)


@require_safe
def unit_list_results(request: HttpRequest) -> HttpResponse:
    """The results part of the unit list, for live search (htmx)."""
    return render(request, "org/_unit_results.html", _results_context(request))


@require_safe
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get(pk=pk)
    people = None
    if can(request.user, OrgAction.VIEW_UNIT_PRIVATE, unit):
        people = list(selectors.unit_memberships_for_user(user=request.user, unit=unit))
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "active": selectors.unit_is_active(unit),
            "children": list(selectors.unit_children(unit=unit)),
            "predecessors": list(unit.predecessors.all()),
            "successors": list(unit.successors.all()),
            "groups": list(selectors.unit_groups_of(unit=unit)),
            "people": people,
            "can_manage": can(request.user, OrgAction.MANAGE_ORG),
        },
    )


@require_http_methods(["GET", "POST"])
def unit_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, OrgAction.MANAGE_ORG)
    context: dict[str, Any] = {"unit": None}
    if request.method == "GET":
        form = UnitForm(initial={"parent": request.GET.get("parent"), "sort_order": 0})
        return render(request, "org/unit_form.html", {**context, "form": form})
    form = UnitForm(request.POST)
    if not form.is_valid():
        return form_failure(request, "org/unit_form.html", context, form)
    fields = form.service_fields()
    try:
        predecessors = list(fields.pop("predecessors"))
        unit = services.unit_create(actor=request.user, predecessors=predecessors, **fields)
    except ValidationError as exc:
        return form_failure(request, "org/unit_form.html", context, form, exc)
    messages.success(request, _("Unit created."))
    return redirect("org:unit_detail", pk=unit.pk)


@require_http_methods(["GET", "POST"])
def unit_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require(request.user, OrgAction.MANAGE_ORG)
    unit = selectors.unit_get(pk=pk)
    context: dict[str, Any] = {"unit": unit}
    if request.method == "GET":
        form = UnitForm(initial=UnitForm.initial_for(unit), unit=unit)
        return render(request, "org/unit_form.html", {**context, "form": form})
    form = UnitForm(request.POST, unit=unit, require_version=True)
    if not form.is_valid():
        return form_failure(request, "org/unit_form.html", context, form)
    fields = form.service_fields()
    predecessors: list[Unit] = list(fields.pop("predecessors"))
    try:
        services.unit_update(
            actor=request.user,
            unit=unit,
            version=form.cleaned_data["version"],
            predecessors=predecessors,
            **fields,
        )
    except (ValidationError, ConflictError) as exc:
        return form_failure(request, "org/unit_form.html", context, form, exc)
    messages.success(request, _("Unit saved."))
    return redirect("org:unit_detail", pk=unit.pk)
