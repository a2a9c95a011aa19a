from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.accounts.models import User
from apps.accounts.requests import AuthenticatedHttpRequest
from apps.core.errors import ConflictError
from apps.core.web.forms import apply_service_errors
from apps.core.web.responses import form_failure
from apps.org import selectors, services
from apps.org.forms import (
    MembershipForm,
    SetPasswordForm,
    UserCreateForm,
    UserFilterForm,
    UserForm,
)
from apps.org.permissions import OrgAction, can, require

PAGE_SIZE = 50


def _results_context(request: HttpRequest) -> dict[str, Any]:
    form = UserFilterForm(request.GET or None, units=selectors.unit_choices_for_user(user=request.user))
    q, unit_id, role = "", None, ""
    if form.is_bound and form.is_valid():
        q = form.cleaned_data["q"].strip()
        unit_id = form.cleaned_data["unit"].pk if form.cleaned_data["unit"] else None
        role = form.cleaned_data["role"]
    people = selectors.user_list_for_user(user=request.user, q=q, unit_id=unit_id, role=role)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return {"filter_form": form, "page_obj": page, "people": page.object_list, "filtering": bool(q or unit_id or role)}


@require_safe
def user_list(request: HttpRequest) -> HttpResponse:
    require(request.user, OrgAction.VIEW_PEOPLE)
    context = _results_context(request)
    context["can_manage"] = can(request.user, OrgAction.MANAGE_ORG)
    return render(request, "org/user_list.html", context)


@require_safe
def user_list_results(request: HttpRequest) -> HttpResponse:
    """The results part of the people list, for live search (htmx)."""
    require(request.user, OrgAction.VIEW_PEOPLE)
    return render(request, "org/_user_results.html", _results_context(request))


def _detail(
    request: HttpRequest,
    person: User,
    *,
    membership_form: MembershipForm | None = None,
    password_form: SetPasswordForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_manage = can(request.user, OrgAction.MANAGE_ORG)
    memberships = list(person.memberships.all())
    context = {
        "person": person,
        "memberships": [m for m in memberships if m.is_active],
        "past_memberships": [m for m in memberships if not m.is_active],
        "can_manage": can_manage,
        "is_self": person.pk == request.user.pk,
        "has_password": person.has_usable_password(),
    }
    if can_manage:
        context["membership_form"] = membership_form or MembershipForm()
        context["password_form"] = password_form or SetPasswordForm()
    return render(request, "org/user_detail.html", context, status=status)


@require_safe
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, OrgAction.VIEW_PEOPLE)
    person = selectors.user_get_for_user(user=request.user, pk=pk)
    return _detail(request, person)


@require_http_methods(["GET", "POST"])
def user_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, OrgAction.MANAGE_ORG)
    context: dict[str, Any] = {"person": None}
    if request.method == "GET":
        return render(request, "org/user_form.html", {**context, "form": UserCreateForm()})
    form = UserCreateForm(request.POST)
    if not form.is_valid():
        return form_failure(request, "org/user_form.html", context, form)
    try:
        person = services.user_create(
            actor=request.user, password=form.cleaned_data["password1"] or None, **form.service_fields()
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "password" in exc.error_dict:
            exc.error_dict["password1"] = exc.error_dict.pop("password")
        return form_failure(request, "org/user_form.html", context, form, exc)
    messages.success(request, _("Person created. Add their roles below."))
    return redirect("org:user_detail", pk=person.pk)


@require_http_methods(["GET", "POST"])
def user_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require(request.user, OrgAction.MANAGE_ORG)
    person = selectors.user_get_for_user(user=request.user, pk=pk)
    context: dict[str, Any] = {"person": person}
    if request.method == "GET":
        initial = {name: getattr(person, name) for name in ("username", "full_name", "email", "position", "phone")}
        form = UserForm(initial={**initial, "version": person.version})
        return render(request, "org/user_form.html", {**context, "form": form})
    form = UserForm(request.POST, require_version=True)
    if not form.is_valid():
        return form_failure(request, "org/user_form.html", context, form)
    try:
        services.user_update(
            actor=request.user, user=person, version=form.cleaned_data["version"], **form.service_fields()
        )
    except (ValidationError, ConflictError) as exc:
        return form_failure(request, "org/user_form.html", context, form, exc)
    messages.success(request, _("Person saved."))
    return redirect("org:user_detail", pk=person.pk)


@require_POST
def membership_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require(request.user, OrgAction.MANAGE_ORG)
    person = selectors.user_get_for_user(user=request.user, pk=pk)
    form = MembershipForm(request.POST)
    if not form.is_valid():
        return _detail(request, person, membership_form=form, status=400)
    try:
        services.membership_add(
            actor=request.user, user=person, unit=form.cleaned_data["unit"], role=form.cleaned_data["role"]
        )
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return _detail(request, person, membership_form=form, status=400)
    messages.success(request, _("Role added."))
    return redirect("org:user_detail", pk=person.pk)


@require_POST
def membership_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require(request.user, OrgAction.MANAGE_ORG)
    membership = selectors.membership_get(pk=pk)
    services.membership_remove(actor=request.user, membership=membership)
    messages.success(request, _("Role ended."))
    return redirect("org:user_detail", pk=membership.user_id)


@require_POST
def user_deactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require(request.user, OrgAction.MANAGE_ORG)
    person = selectors.user_get_for_user(user=request.user, pk=pk)
    try:
        services.user_deactivate(actor=request.user, user=person)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _detail(request, person, status=400)
    messages.success(request, _("Account deactivated: this person can no longer sign in."))
    return redirect("org:user_detail", pk=person.pk)


@require_POST
def user_reactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require(request.user, OrgAction.MANAGE_ORG)
    person = selectors.user_get_for_user(user=request.user, pk=pk)
    services.user_reactivate(actor=request.user, user=person)
    messages.success(request, _("Account reactivated."))
    return redirect("org:user_detail", pk=person.pk)


@require_POST
def user_set_password(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require(request.user, OrgAction.MANAGE_ORG)
    person = selectors.user_get_for_user(user=request.user, pk=pk)
    form = SetPasswordForm(request.POST)
    if not form.is_valid():
        return _detail(request, person, password_form=form, status=400)
    try:
        services.user_set_password(actor=request.user, user=person, password=form.cleaned_data["password1"])
    except ValidationError as exc:
        form.add_error("password1", exc.messages)
        return _detail(request, person, password_form=form, status=400)
    if person.pk == request.user.pk:
        update_session_auth_hash(request, person)  # an administrator resetting their own password stays signed in
    messages.success(request, _("New password set. Give it to the person through a safe channel."))
    return redirect("org:user_detail", pk=person.pk)
