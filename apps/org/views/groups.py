from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from apps.accounts.requests import AuthenticatedHttpRequest
from apps.core.errors import ConflictError
from apps.core.web.responses import form_failure
from apps.org import selectors, services
from apps.org.forms import UnitGroupForm
from apps.org.permissions import OrgAction, can, require


@require_safe
def group_list(request: HttpRequest) -> HttpResponse:
    """Groups, like units, are readable by every signed-in user."""
    return render(
        request,
        "org/group_list.html",
        {"groups": list(selectors.unit_group_list()), "can_manage": can(request.user, OrgAction.MANAGE_ORG)},
    )


@require_safe
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = selectors.unit_group_get(pk=pk)
    return render(
        request,
        "org/group_detail.html",
        {"group": group, "units": list(group.units.all()), "can_manage": can(request.user, OrgAction.MANAGE_ORG)},
    )


def _failure(
    request: HttpRequest, context: dict[str, Any], form: UnitGroupForm, exc: Exception | None = None
) -> HttpResponse:
    return form_failure(request, "org/group_form.html", context, form, exc)


@require_http_methods(["GET", "POST"])
def group_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, OrgAction.MANAGE_ORG)
    context: dict[str, Any] = {"group": None}
    if request.method == "GET":
        return render(request, "org/group_form.html", {**context, "form": UnitGroupForm()})
    form = UnitGroupForm(request.POST)
    if not form.is_valid():
        return _failure(request, context, form)
    data = form.cleaned_data
    try:
        group = services.unit_group_create(
            actor=request.user,
            code=data["code"],
            name=data["name"],
            description=data["description"],
            units=list(data["units"]),
        )
    except ValidationError as exc:
        return _failure(request, context, form, exc)
    messages.success(request, _("Group created."))
    return redirect("org:group_detail", pk=group.pk)


@require_http_methods(["GET", "POST"])
def group_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require(request.user, OrgAction.MANAGE_ORG)
    group = selectors.unit_group_get(pk=pk)
    context: dict[str, Any] = {"group": group}
    if request.method == "GET":
        initial = {
            "code": group.code,
            "name": group.name,
            "description": group.description,
            "units": [u.pk for u in group.units.all()],
            "version": group.version,
        }
        return render(request, "org/group_form.html", {**context, "form": UnitGroupForm(initial=initial)})
    form = UnitGroupForm(request.POST, require_version=True)
    if not form.is_valid():
        return _failure(request, context, form)
    data = form.cleaned_data
    try:
        services.unit_group_update(
            actor=request.user,
            group=group,
            version=data["version"],
            code=data["code"],
            name=data["name"],
            description=data["description"],
            units=list(data["units"]),
        )
    except (ValidationError, ConflictError) as exc:
        return _failure(request, context, form, exc)
    messages.success(request, _("Group saved."))
    return redirect("org:group_detail", pk=group.pk)
