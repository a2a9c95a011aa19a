"""The nodes of a criteria set (areas, criteria, sub-criteria) and their link to last year's criteria."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.core.errors import ConflictError
from apps.core.web.responses import form_failure, refused
from apps.org.permissions import can, require
from apps.par.forms.criteria import CriterionForm
from apps.par.models import Criterion
from apps.par.permissions import ParAction, actor_of
from apps.par.selectors import (
    criteria_map_nodes,
    criteria_set_get_for_user,
    criterion_children_count,
    criterion_get_for_user,
    criterion_has_children,
    criterion_of_set,
)
from apps.par.services import criteria as svc


@require_http_methods(["GET", "POST"])
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, ParAction.MANAGE)
    criteria_set = criteria_set_get_for_user(user=request.user, pk=pk)
    parent_pk = request.GET.get("parent") or request.POST.get("parent_id")
    parent = criterion_of_set(criteria_set=criteria_set, pk=parent_pk) if parent_pk else None
    template = "par/criteria/criterion_form.html"
    context: dict[str, Any] = {"criteria_set": criteria_set, "parent": parent, "node": None}
    if request.method == "GET":
        siblings = criterion_children_count(criteria_set=criteria_set, parent=parent)
        code = f"{parent.code}.{siblings + 1}" if parent else str(siblings + 1)
        initial = {"code": code, "kind": parent.kind if parent else "normal"}
        form = CriterionForm(initial=initial, criteria_set=criteria_set)
        return render(request, template, {**context, "form": form})
    form = CriterionForm(request.POST, criteria_set=criteria_set)
    context["form"] = form
    if not form.is_valid():
        return form_failure(request, template, context)
    data = form.cleaned_data
    try:
        svc.criterion_create(
            actor=actor_of(request),
            criteria_set=criteria_set,
            parent=parent,
            code=data["code"],
            name=data["name"],
            max_points=data["max_points"],
            method=data["method"],
            guidance=data["guidance"],
            evidence_required=data["evidence_required"],
            kind=data["kind"],
            sort_order=data.get("sort_order"),
        )
    except ValidationError as exc:
        return form_failure(request, template, context, exc=exc)
    messages.success(request, _("Criterion added."))
    return redirect("par:criteria_detail", pk=criteria_set.pk)


@require_http_methods(["GET", "POST"])
def criterion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, ParAction.MANAGE)
    node = criterion_get_for_user(user=request.user, pk=pk)
    criteria_set = node.criteria_set
    has_children = criterion_has_children(criterion=node)
    template = "par/criteria/criterion_form.html"
    context: dict[str, Any] = {"criteria_set": criteria_set, "parent": node.parent, "node": node}
    kwargs = {"criteria_set": criteria_set, "node": node, "has_children": has_children}
    if request.method == "GET":
        form = CriterionForm(initial=CriterionForm.initial_for(node), **kwargs)  # type: ignore[arg-type]
        return render(request, template, {**context, "form": form})
    form = CriterionForm(request.POST, require_version=True, **kwargs)  # type: ignore[arg-type]
    context["form"] = form
    if not form.is_valid():
        return form_failure(request, template, context)
    data = form.cleaned_data
    fields = {
        key: data[key]
        for key in ("code", "name", "max_points", "method", "guidance", "evidence_required", "kind", "parent")
    }
    if data.get("sort_order") is not None:
        fields["sort_order"] = data["sort_order"]
    try:
        svc.criterion_update(actor=actor_of(request), criterion=node, version=data["version"], **fields)
    except (ValidationError, ConflictError) as exc:
        return form_failure(request, template, context, exc=exc)
    messages.success(request, _("Criterion saved."))
    return redirect("par:criteria_detail", pk=criteria_set.pk)


@require_POST
def criterion_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, ParAction.MANAGE)
    node = criterion_get_for_user(user=request.user, pk=pk)
    back = reverse("par:criteria_detail", args=[node.criteria_set_id])
    try:
        svc.criterion_delete(actor=actor_of(request), criterion=node)
    except ValidationError as exc:
        return refused(request, exc, back)
    messages.success(request, _("Criterion %(code)s deleted.") % {"code": node.code})
    return redirect("par:criteria_detail", pk=node.criteria_set_id)


# --- last year's criteria ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def criteria_map(request: HttpRequest, pk: int) -> HttpResponse:
    """Each node of the set with a select of last year's nodes of the same group; saved all at once."""
    criteria_set = criteria_set_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        require(request.user, ParAction.MANAGE)
    previous, nodes, old_nodes = criteria_map_nodes(criteria_set=criteria_set)
    old_by_id = {n.pk: n for n in old_nodes}
    context: dict[str, Any] = {
        "criteria_set": criteria_set,
        "previous": previous,
        "nodes": nodes,
        "old_nodes": old_nodes,
        "can_manage": can(request.user, ParAction.MANAGE),
        "errors": [],
    }
    if request.method == "GET":
        return render(request, "par/criteria/map.html", context)
    chosen: dict[int, Criterion | None] = {}
    for node in nodes:
        raw = request.POST.get(f"pred-{node.pk}", "")
        if raw == "":
            chosen[node.pk] = None
        elif raw.isdigit() and int(raw) in old_by_id:
            chosen[node.pk] = old_by_id[int(raw)]
        else:
            context["errors"].append(_("%(code)s: choose a criterion of last year's set.") % {"code": node.code})
    if context["errors"]:
        return render(request, "par/criteria/map.html", context, status=400)
    try:
        changed = svc.criteria_set_map_predecessors(actor=actor_of(request), criteria_set=criteria_set, mapping=chosen)
    except ValidationError as exc:
        context["errors"] = exc.messages
        return render(request, "par/criteria/map.html", context, status=400)
    messages.success(request, _("Last year's criteria saved (%(count)d changed).") % {"count": changed})
    return redirect("par:criteria_detail", pk=criteria_set.pk)
