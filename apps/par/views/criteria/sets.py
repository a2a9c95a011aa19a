"""Criteria sets: the list, creating and editing a set, the tree of a set, cloning it to a new year.

Every signed-in user reads a set (units need the guidance); the secretariat (ParAction.MANAGE) builds it."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.core.errors import ConflictError
from apps.core.web.responses import form_failure, refused
from apps.org.permissions import can, require
from apps.par.forms.criteria import CloneForm, CriteriaSetForm, describe_method
from apps.par.models import CriteriaSet
from apps.par.permissions import ParAction, actor_of
from apps.par.selectors import criteria_set_get_for_user, criteria_set_list, criteria_set_nodes
from apps.par.services import criteria as svc

INDENT = {1: "", 2: "ps-3", 3: "ps-4"}


@require_safe
def criteria_list(request: HttpRequest) -> HttpResponse:
    years: dict[int, list[CriteriaSet]] = {}
    for criteria_set in criteria_set_list():
        years.setdefault(criteria_set.year, []).append(criteria_set)
    return render(
        request,
        "par/criteria/list.html",
        {"years": sorted(years.items(), reverse=True), "can_manage": can(request.user, ParAction.MANAGE)},
    )


@require_http_methods(["GET", "POST"])
def criteria_create(request: HttpRequest) -> HttpResponse:
    require(request.user, ParAction.MANAGE)
    template = "par/criteria/set_form.html"
    if request.method == "GET":
        return render(request, template, {"form": CriteriaSetForm(), "criteria_set": None})
    form = CriteriaSetForm(request.POST)
    context: dict[str, Any] = {"form": form, "criteria_set": None}
    if not form.is_valid():
        return form_failure(request, template, context)
    data = form.cleaned_data
    try:
        criteria_set = svc.criteria_set_create(
            actor=actor_of(request),
            year=data["year"],
            group=data["group"],
            name=data["name"],
            legal_reference=data["legal_reference"],
        )
    except ValidationError as exc:
        return form_failure(request, template, context, exc=exc)
    messages.success(request, _("Criteria set created. Add its areas and criteria, or import them from Excel."))
    return redirect("par:criteria_detail", pk=criteria_set.pk)


@require_http_methods(["GET", "POST"])
def criteria_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, ParAction.MANAGE)
    criteria_set = criteria_set_get_for_user(user=request.user, pk=pk)
    template = "par/criteria/set_form.html"
    if request.method == "GET":
        initial = {
            "name": criteria_set.name,
            "legal_reference": criteria_set.legal_reference,
            "version": criteria_set.version,
        }
        form = CriteriaSetForm(initial=initial, editing=True)
        return render(request, template, {"form": form, "criteria_set": criteria_set})
    form = CriteriaSetForm(request.POST, editing=True, require_version=True)
    context: dict[str, Any] = {"form": form, "criteria_set": criteria_set}
    if not form.is_valid():
        return form_failure(request, template, context)
    try:
        svc.criteria_set_update(
            actor=actor_of(request),
            criteria_set=criteria_set,
            version=form.cleaned_data["version"],
            name=form.cleaned_data["name"],
            legal_reference=form.cleaned_data["legal_reference"],
        )
    except (ValidationError, ConflictError) as exc:
        return form_failure(request, template, context, exc=exc)
    messages.success(request, _("Criteria set saved."))
    return redirect("par:criteria_detail", pk=criteria_set.pk)


@require_safe
def criteria_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The tree, in a fixed number of queries whatever the number of nodes."""
    criteria_set = criteria_set_get_for_user(user=request.user, pk=pk)
    nodes = criteria_set_nodes(criteria_set=criteria_set, with_predecessor=True)
    parents = {n.parent_id for n in nodes if n.parent_id}
    usage = svc.set_usage(criteria_set)
    rows = [
        {
            "node": n,
            "is_leaf": n.pk not in parents,
            "method_text": describe_method(n.method),
            "indent": INDENT.get(n.depth, "ps-5"),
            "needs_method": n.pk not in parents and (n.method or {}).get("type") == "sum",
        }
        for n in nodes
    ]
    roots = [n for n in nodes if n.parent_id is None]
    return render(
        request,
        "par/criteria/detail.html",
        {
            "criteria_set": criteria_set,
            "rows": rows,
            "total_max": sum((n.max_points for n in roots if n.kind == "normal"), 0),
            "leaf_count": sum(1 for r in rows if r["is_leaf"]),
            "usage": usage,
            "can_manage": can(request.user, ParAction.MANAGE),
            "clone_form": CloneForm(initial={"year": criteria_set.year + 1}, auto_id="clone-%s"),
        },
    )


@require_POST
def criteria_clone(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, ParAction.MANAGE)
    source = criteria_set_get_for_user(user=request.user, pk=pk)
    back = reverse("par:criteria_detail", args=[source.pk])
    form = CloneForm(request.POST)
    if not form.is_valid():
        return refused(request, ValidationError([e for errs in form.errors.values() for e in errs]), back)
    try:
        clone = svc.criteria_set_clone(
            actor=actor_of(request), source=source, year=form.cleaned_data["year"], name=form.cleaned_data["name"]
        )
    except ValidationError as exc:
        return refused(request, exc, back)
    messages.success(
        request, _("The set was copied to %(year)s; each criterion remembers last year's.") % {"year": clone.year}
    )
    return redirect("par:criteria_detail", pk=clone.pk)
