"""Criteria marked not applicable to a unit (with a reason); the secretariat sets and removes them."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.core.web.responses import form_failure, refused
from apps.org.permissions import can, require
from apps.par.forms.criteria import ExclusionForm
from apps.par.permissions import ParAction, actor_of
from apps.par.selectors import (
    criteria_set_get_for_user,
    criteria_set_nodes,
    criteria_set_units,
    criterion_exclusion_list,
    exclusion_get_for_user,
)
from apps.par.services import criteria as svc


@require_http_methods(["GET", "POST"])
def criteria_exclusions(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = criteria_set_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        require(request.user, ParAction.MANAGE)
    nodes = criteria_set_nodes(criteria_set=criteria_set)
    unit_filter = request.GET.get("unit", "")
    context: dict[str, Any] = {
        "criteria_set": criteria_set,
        "exclusions": criterion_exclusion_list(criteria_set=criteria_set, unit_filter=unit_filter),
        "units": criteria_set_units(criteria_set=criteria_set),
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
        return form_failure(request, template, context)
    data = form.cleaned_data
    try:
        svc.criterion_exclusion_set(
            actor=actor_of(request), criterion=data["criterion"], unit=data["unit"], reason=data["reason"]
        )
    except ValidationError as exc:
        return form_failure(request, template, context, exc=exc)
    messages.success(
        request,
        _("%(code)s no longer applies to %(unit)s.") % {"code": data["criterion"].code, "unit": data["unit"]},
    )
    response = redirect("par:criteria_exclusions", pk=criteria_set.pk)
    response["Location"] += f"?unit={data['unit'].pk}"
    return response


@require_POST
def criterion_exclusion_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, ParAction.MANAGE)
    exclusion = exclusion_get_for_user(user=request.user, pk=pk)
    set_pk = exclusion.criterion.criteria_set_id
    try:
        svc.criterion_exclusion_remove(actor=actor_of(request), exclusion=exclusion)
    except ValidationError as exc:
        return refused(request, exc, reverse("par:criteria_exclusions", args=[set_pk]))
    messages.success(request, _("The criterion applies again."))
    return redirect("par:criteria_exclusions", pk=set_pk)
