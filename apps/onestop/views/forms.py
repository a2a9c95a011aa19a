"""One-stop pages: the standard forms 01-07 (a print-ready A4 page and a Word file each) and the
province's Word templates of them."""

import logging
from datetime import date
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from apps.accounts.requests import AuthenticatedHttpRequest
from apps.core.web.forms import apply_service_errors
from apps.onestop.documents import (
    DOCX_CONTENT_TYPE,
    FORMS,
    FormUnavailable,
    TemplateError,
    dossier_context,
    word_file,
)
from apps.onestop.documents.common import qr_data_uri
from apps.onestop.documents.contexts import REGISTER_LIMIT, form07
from apps.onestop.documents.defaults import default_template
from apps.onestop.permissions import OnestopAction
from apps.onestop.selectors.forms import (
    active_templates,
    dossier_for_forms,
    register_dossiers,
    register_units,
    template_bytes,
)
from apps.onestop.services.templates import form_template_reset, form_template_upload
from apps.org.permissions import can, require

logger = logging.getLogger(__name__)
DOSSIER_FORMS = ("01", "02", "03", "04", "05", "06")
REGISTER_MAX_DAYS = 366


def download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _dossier_form(request: HttpRequest, pk: int, form: str) -> tuple[Any, dict[str, Any]]:
    if form not in DOSSIER_FORMS:
        raise Http404
    dossier = dossier_for_forms(user=request.user, pk=pk)
    try:
        context = dossier_context(form, dossier)
    except FormUnavailable as exc:
        raise Http404 from exc
    if not can(request.user, OnestopAction.VIEW_APPLICANT, dossier):  # a leader reads, without contacts
        context.update(applicant_phone="", applicant_email="", applicant_address="")
    return dossier, context


@require_safe
def form_print(request: HttpRequest, pk: int, form: str) -> HttpResponse:
    dossier, context = _dossier_form(request, pk, form)
    if form == "01":
        context["qr_src"] = qr_data_uri(context["lookup_url"])
        context["slots"] = [
            {**slot, "qr_src": qr_data_uri(slot["url"]) if slot["url"] else ""} for slot in context["slots"]
        ]
    page = {
        "f": context,
        "spec": FORMS[form],
        "dossier": dossier,
        "form_code": form,
    }
    return render(request, f"onestop/forms/print_{form}.html", page)


@require_safe
def form_docx(request: HttpRequest, pk: int, form: str) -> HttpResponse:
    dossier, context = _dossier_form(request, pk, form)
    return download(_word(form, context), f"{FORMS[form].filename}-{dossier.code}.docx")


def _word(form: str, context: dict[str, Any]) -> bytes:
    """The Word file from the template in use; from the shipped one if the province's fails (logged)."""
    try:
        return word_file(form, template_bytes(form), context)
    except TemplateError:
        logger.exception("onestop: the uploaded template of form %s failed; the shipped one is used", form)
        return word_file(form, default_template(form), context)


class RegisterForm(django_forms.Form):
    """The register's unit and period; the query's names are unit, from, to."""

    unit = django_forms.TypedChoiceField(label=gettext_lazy("Unit"), coerce=int)

    def __init__(self, data: Any, units: list[Any]) -> None:
        super().__init__(data)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]  # type: ignore[attr-defined]
        for name, label in (("from", gettext_lazy("From")), ("to", gettext_lazy("To"))):
            self.fields[name] = django_forms.DateField(
                label=label, widget=django_forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start and end:
            if end < start:
                self.add_error("to", _("The end date must not come before the start date."))
            elif (end - start).days >= REGISTER_MAX_DAYS:
                self.add_error("to", _("Choose a period of at most one year."))
        return data


def _register(request: HttpRequest) -> tuple[RegisterForm, dict[str, Any] | None, bool]:
    """The register's form and, when valid, its context and whether the list was cut at the limit."""
    require(request.user, OnestopAction.VIEW_INBOX)
    units = register_units(request.user)
    if not units:
        raise Http404
    today = timezone.localdate()
    data = {
        "unit": request.GET.get("unit") or str(units[0].pk),
        "from": request.GET.get("from") or date(today.year, today.month, 1).isoformat(),
        "to": request.GET.get("to") or today.isoformat(),
    }
    if data["unit"].isdigit() and int(data["unit"]) not in {u.pk for u in units}:
        raise Http404
    form = RegisterForm(data, units)
    if not form.is_valid():
        return form, None, False
    unit = next(u for u in units if u.pk == form.cleaned_data["unit"])
    start, end = form.cleaned_data["from"], form.cleaned_data["to"]
    dossiers = register_dossiers(unit=unit, start=start, end=end)
    cut = len(dossiers) > REGISTER_LIMIT
    return form, form07(unit, start, end, dossiers[:REGISTER_LIMIT]), cut


@require_safe
def register_print(request: HttpRequest) -> HttpResponse:
    form, context, cut = _register(request)
    page: dict[str, Any] = {"form": form, "f": context, "spec": FORMS["07"], "cut": cut, "limit": REGISTER_LIMIT}
    if context is not None:
        page["word_query"] = request.GET.urlencode()
    return render(request, "onestop/forms/print_07.html", page, status=200 if context is not None else 400)


@require_safe
def register_docx(request: HttpRequest) -> HttpResponse:
    form, context, _cut = _register(request)
    if context is None:
        return render(
            request, "onestop/forms/print_07.html", {"form": form, "f": None, "spec": FORMS["07"]}, status=400
        )
    content = _word("07", context)
    return download(
        content, f"so-theo-doi-ho-so-{form.cleaned_data['from'].isoformat()}-{form.cleaned_data['to'].isoformat()}.docx"
    )


# --- the province's templates -----------------------------------------------------------------


class TemplateUploadForm(django_forms.Form):
    file = django_forms.FileField(label=gettext_lazy("Word template (.docx)"))


def _templates_page(
    request: HttpRequest, errors: dict[str, TemplateUploadForm] | None = None, status: int = 200
) -> HttpResponse:
    active = active_templates()
    rows = [
        {
            "spec": spec,
            "active": active.get(code),
            "form": (errors or {}).get(code) or TemplateUploadForm(auto_id=f"id_{code}_%s"),
            "placeholders": sorted(spec.placeholders.items()),
        }
        for code, spec in FORMS.items()
    ]
    return render(request, "onestop/forms/templates.html", {"rows": rows}, status=status)


@require_safe
def form_templates(request: HttpRequest) -> HttpResponse:
    require(request.user, OnestopAction.MANAGE_CATALOGUE)
    return _templates_page(request)


@require_safe
def form_template_download(request: HttpRequest, form: str) -> HttpResponse:
    require(request.user, OnestopAction.MANAGE_CATALOGUE)
    if form not in FORMS:
        raise Http404
    return download(template_bytes(form), f"mau-{form}-{FORMS[form].filename}.docx")


@require_POST
def form_template_upload_view(request: AuthenticatedHttpRequest, form: str) -> HttpResponse:
    require(request.user, OnestopAction.MANAGE_CATALOGUE)
    if form not in FORMS:
        raise Http404
    upload_form = TemplateUploadForm(request.POST, request.FILES, auto_id=f"id_{form}_%s")
    if upload_form.is_valid():
        try:
            form_template_upload(actor=request.user, form=form, upload=upload_form.cleaned_data["file"])
        except ValidationError as exc:
            apply_service_errors(upload_form, exc)
        else:
            messages.success(request, _("The new template of form %(form)s is in use.") % {"form": form})
            return redirect("onestop:form_templates")
    return _templates_page(request, {form: upload_form}, status=400)


@require_POST
def form_template_reset_view(request: AuthenticatedHttpRequest, form: str) -> HttpResponse:
    require(request.user, OnestopAction.MANAGE_CATALOGUE)
    if form not in FORMS:
        raise Http404
    form_template_reset(actor=request.user, form=form)
    messages.success(request, _("Form %(form)s uses the shipped template again.") % {"form": form})
    return redirect("onestop:form_templates")
