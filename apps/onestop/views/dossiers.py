"""One-stop pages: the inbox (and its htmx results), receiving a dossier, a dossier's page and its actions."""

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.core.actors import Actor
from apps.core.errors import ConflictError
from apps.core.web.forms import VersionedForm, apply_service_errors
from apps.core.web.responses import form_failure, status_for
from apps.onestop import engine
from apps.onestop.engine import Action
from apps.onestop.forms import dossiers as f
from apps.onestop.models import Channel, Dossier, DossierState, Office
from apps.onestop.permissions import OnestopAction
from apps.onestop.selectors import dossiers as selectors
from apps.onestop.selectors.forms import dossier_form_links
from apps.onestop.services import dossiers as services
from apps.org.models import Role, Unit
from apps.org.permissions import can, member_unit_ids, require


def _actor(request: HttpRequest) -> Actor:
    """The signed-in user acting on the request (called after the access check)."""
    if not getattr(request.user, "is_authenticated", False):
        raise PermissionDenied
    return cast(Actor, request.user)


# --- the inbox ----------------------------------------------------------------------------------

TABS = [
    (selectors.Tab.OPEN, _("All open")),
    (selectors.Tab.DUE_TODAY, _("Due today")),
    (selectors.Tab.DUE_SOON, _("Due soon")),
    (selectors.Tab.OVERDUE, _("Overdue")),
    (selectors.Tab.SUPPLEMENT, _("Waiting for supplement")),
    (selectors.Tab.READY, _("Ready to return")),
]


def _inbox_context(request: HttpRequest) -> dict[str, Any]:
    require(request.user, OnestopAction.VIEW_INBOX)
    units = selectors.inbox_units(user=request.user)
    form = f.InboxFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    unit_ids = [u.pk for u in units]
    chosen = data.get("unit")
    if chosen in unit_ids:
        unit_ids = [chosen]
    tab = data.get("tab") or selectors.Tab.OPEN
    query = selectors.InboxQuery(
        unit_ids=unit_ids,
        tab=tab,
        q=(data.get("q") or "").strip(),
        procedure_id=data.get("procedure"),
        channel=data.get("channel") or "",
        state=data.get("state") or "",
        after=selectors.parse_cursor(data.get("after") or ""),
    )
    page = selectors.inbox_page(query)
    params = request.GET.copy()
    params.pop("after", None)
    if page.next_cursor:
        params["after"] = page.next_cursor
    return {
        "form": form,
        "units": units,
        "tab": tab,
        "tabs": TABS,
        "page": page,
        "rows": page.rows,
        "next_query": params.urlencode() if page.next_cursor else "",
        "is_next_page": bool(query.after),
        "filtered": bool(query.q or query.procedure_id or query.channel or query.state),
        "can_receive": can(request.user, OnestopAction.RECEIVE),
    }


@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    context = _inbox_context(request)
    context["procedures"] = list(selectors.procedures_for_filter()[:500])
    context["channels"] = Channel.choices
    context["states"] = DossierState.choices
    return render(request, "onestop/dossiers/inbox.html", context)


@require_safe
def inbox_results(request: HttpRequest) -> HttpResponse:
    return render(request, "onestop/dossiers/_inbox_results.html", _inbox_context(request))


# --- receipt ------------------------------------------------------------------------------------


def _offices(user: Any) -> list[Any]:
    ids = member_unit_ids(user, Role.ONESTOP_OFFICER)
    return [o.unit for o in Office.objects.filter(unit_id__in=ids, is_active=True).select_related("unit")]


@require_http_methods(["GET", "POST"])
def dossier_receive(request: HttpRequest) -> HttpResponse:
    require(request.user, OnestopAction.RECEIVE)
    offices = _offices(request.user)
    if not offices:  # an officer of a unit not (or no longer) set up as a front office: say so
        units = list(Unit.objects.filter(pk__in=member_unit_ids(request.user, Role.ONESTOP_OFFICER)))
        return render(request, "onestop/dossiers/no_office.html", {"units": units})
    template = "onestop/dossiers/receive.html"
    if request.method == "GET":
        return render(request, template, {"form": f.ReceiveForm(offices=offices), "kinds": f.DOCUMENT_KINDS})
    form = f.ReceiveForm(request.POST, offices=offices)
    context: dict[str, Any] = {"kinds": f.DOCUMENT_KINDS}
    if not form.is_valid():
        return form_failure(request, template, context, form)
    data = form.cleaned_data
    office = next(u for u in offices if u.pk == data["office_unit"])
    try:
        dossier = services.dossier_receive(
            actor=_actor(request),
            office_unit=office,
            procedure=data["procedure"],
            applicant_name=data["applicant_name"],
            applicant_phone=data["applicant_phone"],
            applicant_email=data["applicant_email"],
            applicant_address=data["applicant_address"],
            channel=data["channel"],
            result_delivery=data["result_delivery"],
            documents=form.documents(),
            sets=data["sets"],
            note=data["note"],
        )
    except ValidationError as exc:
        return form_failure(request, template, context, form, exc)
    messages.success(
        request,
        _("Dossier %(code)s received; appointment on %(date)s.")
        % {"code": dossier.code, "date": date_format(dossier.due_date, "SHORT_DATE_FORMAT")},
    )
    return redirect("onestop:dossier_detail", pk=dossier.pk)


# --- a dossier and its actions -------------------------------------------------------------------


def _call(action: Action) -> tuple[type[VersionedForm], Callable[..., Dossier]]:
    def note(fn: Callable[..., Dossier]) -> Callable[..., Dossier]:
        return lambda form, **kw: fn(note=form.cleaned_data["note"], **kw)

    def reason(fn: Callable[..., Dossier]) -> Callable[..., Dossier]:
        return lambda form, **kw: fn(reason=form.cleaned_data["reason"], **kw)

    table: dict[Action, tuple[type[VersionedForm], Callable[..., Dossier]]] = {
        Action.TRANSFER: (f.NoteForm, note(services.dossier_transfer)),
        Action.REQUEST_SUPPLEMENT: (
            f.SupplementForm,
            lambda form, **kw: services.dossier_request_supplement(
                reason=form.cleaned_data["reason"], items=form.item_list(), **kw
            ),
        ),
        Action.RECEIVE_SUPPLEMENT: (f.NoteForm, note(services.dossier_receive_supplement)),
        Action.APOLOGISE: (
            f.ApologyForm,
            lambda form, **kw: services.dossier_apologise(
                reason=form.cleaned_data["reason"],
                new_date=form.cleaned_data["new_date"],
                confirm_late=form.cleaned_data["confirm_late"],
                **kw,
            ),
        ),
        Action.REFUSE: (f.ReasonForm, reason(services.dossier_refuse)),
        Action.STOP: (f.ReasonForm, reason(services.dossier_stop)),
        Action.RESOLVE: (f.NoteForm, note(services.dossier_resolve)),
        Action.RETURN: (
            f.ReturnForm,
            lambda form, **kw: services.dossier_return(
                delivery=form.cleaned_data["delivery"], note=form.cleaned_data["note"], **kw
            ),
        ),
        Action.WITHDRAW: (f.OptionalReasonForm, reason(services.dossier_withdraw)),
    }
    return table[action]


# URL path segment of each action (Vietnamese, like every path of the site).
ACTION_SLUGS: dict[Action, str] = {
    Action.TRANSFER: "chuyen",
    Action.REQUEST_SUPPLEMENT: "yeu-cau-bo-sung",
    Action.RECEIVE_SUPPLEMENT: "nhan-bo-sung",
    Action.APOLOGISE: "xin-loi",
    Action.REFUSE: "tu-choi",
    Action.STOP: "dung",
    Action.RESOLVE: "giai-quyet",
    Action.RETURN: "tra-ket-qua",
    Action.WITHDRAW: "rut",
}


def _action_forms(dossier: Dossier, bound: tuple[Action, forms.Form] | None = None) -> list[dict[str, Any]]:
    actions = engine.allowed_actions(dossier.state, apologised=dossier.apologised_at is not None)
    result = []
    for action in actions:
        form_class, _fn = _call(action)
        if bound and bound[0] == action:
            form = bound[1]
        else:
            initial: dict[str, Any] = {"version": dossier.version}
            if action == Action.RETURN:
                initial["delivery"] = dossier.result_delivery
            form = form_class(initial=initial, prefix=action.value)
        result.append(
            {
                "action": action.value,
                "label": engine.TRANSITIONS[action].label,
                "form": form,
                "url_name": f"onestop:dossier_{action.value}",
                "open": bool(bound and bound[0] == action),
                "danger": action in (Action.REFUSE, Action.STOP, Action.WITHDRAW),
            }
        )
    return result


def _detail_context(request: HttpRequest, dossier: Dossier, bound: tuple[Action, forms.Form] | None = None) -> dict:
    can_process = can(request.user, OnestopAction.PROCESS, dossier)
    actions = _action_forms(dossier, bound) if can_process else []
    refusal: list[str] = []
    if bound and not any(item["open"] for item in actions):  # the action is no longer offered
        refusal = [str(m) for errors in bound[1].errors.values() for m in errors]
    return {
        "refusal": refusal,
        "dossier": dossier,
        "timeline": selectors.dossier_timeline(dossier=dossier),
        "steps": selectors.dossier_steps(dossier=dossier),
        "show_applicant": can(request.user, OnestopAction.VIEW_APPLICANT, dossier),
        "can_process": can_process,
        "actions": actions,
        "final": dossier.state in engine.FINAL_STATES,
        "form_links": dossier_form_links(dossier),
    }


@require_safe
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.dossier_get_for_user(user=request.user, pk=pk)
    return render(request, "onestop/dossiers/detail.html", _detail_context(request, dossier))


@require_POST
def dossier_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One lifecycle action from the dossier page: 404 unseen, 403 not the user's to act on."""
    step = Action(action)
    dossier = selectors.dossier_get_for_user(user=request.user, pk=pk, action=OnestopAction.PROCESS)
    form_class, call = _call(step)
    form = form_class(request.POST, prefix=step.value, require_version=True)
    template = "onestop/dossiers/detail.html"
    if not form.is_valid():
        return render(request, template, _detail_context(request, dossier, (step, form)), status=400)
    try:
        call(form, actor=_actor(request), dossier=dossier, version=form.cleaned_data["version"])
    except (ValidationError, ConflictError) as exc:
        if isinstance(exc, ConflictError):
            form.add_error(None, str(exc))
        else:
            apply_service_errors(form, exc)
        dossier.refresh_from_db()
        return render(request, template, _detail_context(request, dossier, (step, form)), status=status_for(exc))
    messages.success(request, _("Done: %(action)s.") % {"action": engine.TRANSITIONS[step].label})
    return redirect("onestop:dossier_detail", pk=dossier.pk)


@require_safe
def onestop_home(request: HttpRequest) -> HttpResponse:
    """/mot-cua/: the first one-stop page the user may open (inbox, statistics, procedures)."""
    for action, url_name in (
        (OnestopAction.VIEW_INBOX, "onestop:inbox"),
        (OnestopAction.VIEW_STATS, "onestop:stats"),
        (OnestopAction.READ_CATALOGUE, "onestop:procedure_list"),
    ):
        if can(request.user, action):
            return redirect(url_name)
    raise PermissionDenied
