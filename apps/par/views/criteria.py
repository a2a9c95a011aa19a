"""Criteria-set pages: every signed-in user reads a set (units need the guidance); the secretariat
(ParAction.MANAGE) builds it: nodes, methods, clone, Excel, last year's mapping, not-applicable marks."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.core.errors import ConflictError
from apps.core.input_bounds import MAX_DB_INT
from apps.core.web.forms import apply_service_errors
from apps.org.permissions import can, require
from apps.par import excel_criteria
from apps.par.forms.criteria import (
    CloneForm,
    CriteriaSetForm,
    CriterionForm,
    ExclusionForm,
    ImportForm,
    describe_method,
)
from apps.par.models import CriteriaSet, Criterion, CriterionExclusion, PeriodStatus, ScoringPeriod
from apps.par.permissions import ParAction
from apps.par.selectors import criteria_set_get_for_user, criterion_get_for_user, exclusion_get_for_user
from apps.par.services import criteria as svc

INDENT = {1: "", 2: "ps-3", 3: "ps-4"}


def _manage(request: HttpRequest) -> None:
    require(request.user, ParAction.MANAGE)


def _problem(request: HttpRequest, exc: Exception, back: str) -> HttpResponse:
    """A refused POST from a button (no form to re-render): 400 with the reason, 409 when stale."""
    status = 409 if isinstance(exc, ConflictError) else 400
    errors = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
    return render(request, "par/criteria/problem.html", {"errors": errors, "back": back}, status=status)


def _form_failure(
    request: HttpRequest, template: str, context: dict[str, Any], exc: Exception | None = None
) -> HttpResponse:
    form = context["form"]
    status = 400
    if isinstance(exc, ConflictError):
        form.add_error(None, str(exc))
        status = 409
    elif isinstance(exc, ValidationError):
        apply_service_errors(form, exc)
    return render(request, template, context, status=status)


# --- sets -------------------------------------------------------------------------------------------


@require_safe
def criteria_list(request: HttpRequest) -> HttpResponse:
    periods = ScoringPeriod.objects.filter(criteria_set=OuterRef("pk"))
    sets = list(
        CriteriaSet.objects.select_related("group")
        .annotate(
            node_count=Count("nodes"),
            in_open_period=Exists(periods.filter(status=PeriodStatus.OPEN)),
            in_published_period=Exists(periods.filter(status=PeriodStatus.PUBLISHED)),
        )
        .order_by("-year", "group__name")
    )
    years: dict[int, list[CriteriaSet]] = {}
    for criteria_set in sets:
        years.setdefault(criteria_set.year, []).append(criteria_set)
    return render(
        request,
        "par/criteria/list.html",
        {"years": sorted(years.items(), reverse=True), "can_manage": can(request.user, ParAction.MANAGE)},
    )


@require_http_methods(["GET", "POST"])
def criteria_create(request: HttpRequest) -> HttpResponse:
    _manage(request)
    template = "par/criteria/set_form.html"
    if request.method == "GET":
        return render(request, template, {"form": CriteriaSetForm(), "criteria_set": None})
    form = CriteriaSetForm(request.POST)
    context: dict[str, Any] = {"form": form, "criteria_set": None}
    if not form.is_valid():
        return _form_failure(request, template, context)
    data = form.cleaned_data
    try:
        criteria_set = svc.criteria_set_create(
            actor=request.user,
            year=data["year"],
            group=data["group"],
            name=data["name"],
            legal_reference=data["legal_reference"],
        )
    except ValidationError as exc:
        return _form_failure(request, template, context, exc)
    messages.success(request, _("Criteria set created. Add its areas and criteria, or import them from Excel."))
    return redirect("par:criteria_detail", pk=criteria_set.pk)


@require_http_methods(["GET", "POST"])
def criteria_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _manage(request)
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
        return _form_failure(request, template, context)
    try:
        svc.criteria_set_update(
            actor=request.user,
            criteria_set=criteria_set,
            version=form.cleaned_data["version"],
            name=form.cleaned_data["name"],
            legal_reference=form.cleaned_data["legal_reference"],
        )
    except (ValidationError, ConflictError) as exc:
        return _form_failure(request, template, context, exc)
    messages.success(request, _("Criteria set saved."))
    return redirect("par:criteria_detail", pk=criteria_set.pk)


@require_safe
def criteria_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The tree, in a fixed number of queries whatever the number of nodes."""
    criteria_set = criteria_set_get_for_user(user=request.user, pk=pk)
    nodes = svc.tree_order(criteria_set.nodes.select_related("predecessor"))
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
            "clone_form": CloneForm(initial={"year": criteria_set.year + 1}),
        },
    )


@require_POST
def criteria_clone(request: HttpRequest, pk: int) -> HttpResponse:
    _manage(request)
    source = criteria_set_get_for_user(user=request.user, pk=pk)
    back = reverse("par:criteria_detail", args=[source.pk])
    form = CloneForm(request.POST)
    if not form.is_valid():
        return _problem(request, ValidationError([e for errs in form.errors.values() for e in errs]), back)
    try:
        clone = svc.criteria_set_clone(
            actor=request.user, source=source, year=form.cleaned_data["year"], name=form.cleaned_data["name"]
        )
    except ValidationError as exc:
        return _problem(request, exc, back)
    messages.success(
        request, _("The set was copied to %(year)s; each criterion remembers last year's.") % {"year": clone.year}
    )
    return redirect("par:criteria_detail", pk=clone.pk)


@require_safe
def criteria_export(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = criteria_set_get_for_user(user=request.user, pk=pk)
    response = HttpResponse(excel_criteria.export_workbook(criteria_set), content_type=excel_criteria.XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{excel_criteria.export_filename(criteria_set)}"'
    return response


@require_http_methods(["GET", "POST"])
def criteria_import(request: HttpRequest) -> HttpResponse:
    _manage(request)
    template = "par/criteria/import.html"
    if request.method == "GET":
        initial = {"target": request.GET.get("into")} if request.GET.get("into", "").isdigit() else {}
        return render(request, template, {"form": ImportForm(initial=initial)})
    form = ImportForm(request.POST, request.FILES)
    context: dict[str, Any] = {"form": form}
    if not form.is_valid():
        return _form_failure(request, template, context)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            criteria_set = data["target"] or svc.criteria_set_create(
                actor=request.user,
                year=data["year"],
                group=data["group"],
                name=data["name"],
                legal_reference=data["legal_reference"],
            )
            count = excel_criteria.import_workbook(actor=request.user, criteria_set=criteria_set, uploaded=data["file"])
    except ValidationError as exc:
        return _form_failure(request, template, context, exc)
    messages.success(request, _("%(count)d criteria imported.") % {"count": count})
    return redirect("par:criteria_detail", pk=criteria_set.pk)


# --- nodes ------------------------------------------------------------------------------------------


def _node_of_set(criteria_set: CriteriaSet, pk: Any) -> Criterion:
    """A node given in a query string must belong to the set of the page."""
    try:
        return criteria_set.nodes.get(pk=int(pk))
    except (Criterion.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


@require_http_methods(["GET", "POST"])
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    _manage(request)
    criteria_set = criteria_set_get_for_user(user=request.user, pk=pk)
    parent_pk = request.GET.get("parent") or request.POST.get("parent_id")
    parent = _node_of_set(criteria_set, parent_pk) if parent_pk else None
    template = "par/criteria/criterion_form.html"
    context: dict[str, Any] = {"criteria_set": criteria_set, "parent": parent, "node": None}
    if request.method == "GET":
        siblings = criteria_set.nodes.filter(parent=parent).count()
        code = f"{parent.code}.{siblings + 1}" if parent else str(siblings + 1)
        initial = {"code": code, "kind": parent.kind if parent else "normal"}
        form = CriterionForm(initial=initial, criteria_set=criteria_set)
        return render(request, template, {**context, "form": form})
    form = CriterionForm(request.POST, criteria_set=criteria_set)
    context["form"] = form
    if not form.is_valid():
        return _form_failure(request, template, context)
    data = form.cleaned_data
    try:
        svc.criterion_create(
            actor=request.user,
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
        return _form_failure(request, template, context, exc)
    messages.success(request, _("Criterion added."))
    return redirect("par:criteria_detail", pk=criteria_set.pk)


@require_http_methods(["GET", "POST"])
def criterion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _manage(request)
    node = criterion_get_for_user(user=request.user, pk=pk)
    criteria_set = node.criteria_set
    has_children = node.children.exists()
    template = "par/criteria/criterion_form.html"
    context: dict[str, Any] = {"criteria_set": criteria_set, "parent": node.parent, "node": node}
    kwargs = {"criteria_set": criteria_set, "node": node, "has_children": has_children}
    if request.method == "GET":
        form = CriterionForm(initial=CriterionForm.initial_for(node), **kwargs)  # type: ignore[arg-type]
        return render(request, template, {**context, "form": form})
    form = CriterionForm(request.POST, require_version=True, **kwargs)  # type: ignore[arg-type]
    context["form"] = form
    if not form.is_valid():
        return _form_failure(request, template, context)
    data = form.cleaned_data
    fields = {
        key: data[key]
        for key in ("code", "name", "max_points", "method", "guidance", "evidence_required", "kind", "parent")
    }
    if data.get("sort_order") is not None:
        fields["sort_order"] = data["sort_order"]
    try:
        svc.criterion_update(actor=request.user, criterion=node, version=data["version"], **fields)
    except (ValidationError, ConflictError) as exc:
        return _form_failure(request, template, context, exc)
    messages.success(request, _("Criterion saved."))
    return redirect("par:criteria_detail", pk=criteria_set.pk)


@require_POST
def criterion_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _manage(request)
    node = criterion_get_for_user(user=request.user, pk=pk)
    back = reverse("par:criteria_detail", args=[node.criteria_set_id])
    try:
        svc.criterion_delete(actor=request.user, criterion=node)
    except ValidationError as exc:
        return _problem(request, exc, back)
    messages.success(request, _("Criterion %(code)s deleted.") % {"code": node.code})
    return redirect("par:criteria_detail", pk=node.criteria_set_id)


# --- last year's criteria ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def criteria_map(request: HttpRequest, pk: int) -> HttpResponse:
    """Each node of the set with a select of last year's nodes of the same group; saved all at once."""
    criteria_set = criteria_set_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        _manage(request)
    previous = svc.previous_set(criteria_set)
    nodes = svc.tree_order(criteria_set.nodes.all())
    old_nodes = svc.tree_order(previous.nodes.all()) if previous else []
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
    changed = 0
    try:
        with transaction.atomic():
            for node in nodes:
                new = chosen[node.pk]
                if (new.pk if new else None) != node.predecessor_id:
                    svc.criterion_map_predecessor(actor=request.user, criterion=node, predecessor=new)
                    changed += 1
    except ValidationError as exc:
        context["errors"] = exc.messages
        return render(request, "par/criteria/map.html", context, status=400)
    messages.success(request, _("Last year's criteria saved (%(count)d changed).") % {"count": changed})
    return redirect("par:criteria_detail", pk=criteria_set.pk)


# --- not-applicable criteria ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def criteria_exclusions(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = criteria_set_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        _manage(request)
    nodes = list(criteria_set.nodes.all())
    exclusions = CriterionExclusion.objects.filter(criterion__criteria_set=criteria_set).select_related(
        "criterion", "unit"
    )
    unit_filter = request.GET.get("unit", "")
    if unit_filter.isdigit():  # a number too large to be an id matches no unit, like any unknown id
        exclusions = (
            exclusions.filter(unit_id=int(unit_filter)) if int(unit_filter) <= MAX_DB_INT else exclusions.none()
        )
    context: dict[str, Any] = {
        "criteria_set": criteria_set,
        "exclusions": sorted(
            exclusions, key=lambda e: (e.unit.sort_order, e.unit.name, svc.code_sort_key(e.criterion.code))
        ),
        "units": list(criteria_set.group.units.all()),
        "unit_filter": unit_filter,
        "can_manage": can(request.user, ParAction.MANAGE),
    }
    template = "par/criteria/exclusions.html"
    if request.method == "GET":
        initial = {"unit": unit_filter} if unit_filter.isdigit() else {}
        form = ExclusionForm(initial=initial, criteria_set=criteria_set, nodes=nodes)
        return render(request, template, {**context, "form": form})
    form = ExclusionForm(request.POST, criteria_set=criteria_set, nodes=nodes)
    context["form"] = form
    if not form.is_valid():
        return _form_failure(request, template, context)
    data = form.cleaned_data
    try:
        svc.criterion_exclusion_set(
            actor=request.user, criterion=data["criterion"], unit=data["unit"], reason=data["reason"]
        )
    except ValidationError as exc:
        return _form_failure(request, template, context, exc)
    messages.success(
        request,
        _("%(code)s no longer applies to %(unit)s.") % {"code": data["criterion"].code, "unit": data["unit"]},
    )
    response = redirect("par:criteria_exclusions", pk=criteria_set.pk)
    response["Location"] += f"?unit={data['unit'].pk}"
    return response


@require_POST
def criterion_exclusion_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _manage(request)
    exclusion = exclusion_get_for_user(user=request.user, pk=pk)
    set_pk = exclusion.criterion.criteria_set_id
    try:
        svc.criterion_exclusion_remove(actor=request.user, exclusion=exclusion)
    except ValidationError as exc:
        return _problem(request, exc, reverse("par:criteria_exclusions", args=[set_pk]))
    messages.success(request, _("The criterion applies again."))
    return redirect("par:criteria_exclusions", pk=set_pk)
