"""Reads for the standard forms: a dossier a user may print, the register's dossiers, the units a
user may print a register for, the template in use for a form."""

import logging
from datetime import date, datetime, time, timedelta
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from apps.onestop.documents import FORMS
from apps.onestop.documents.contexts import REGISTER_LIMIT
from apps.onestop.documents.defaults import default_template
from apps.onestop.models import Dossier, DossierEvent, EventKind, FormTemplate
from apps.onestop.permissions import OnestopAction, officer_unit_ids
from apps.org.models import Unit
from apps.org.permissions import can, own_unit_ids

logger = logging.getLogger(__name__)


def dossier_for_forms(*, user: Any, pk: Any) -> Dossier:
    """The dossier with what its forms print, or 404 when the user may not see it."""
    try:
        dossier = Dossier.objects.select_related("procedure", "receiving_unit", "resolving_unit").get(pk=int(pk))
    except (Dossier.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    if not can(user, OnestopAction.VIEW_DOSSIER, dossier):
        raise Http404
    return dossier


FORM_EVENTS = {
    "02": EventKind.SUPPLEMENT_REQUEST,
    "03": EventKind.REFUSE,
    "04": EventKind.APOLOGISE,
    "05": EventKind.STOP,
}


def dossier_form_links(dossier: Dossier) -> list[dict[str, str]]:
    """The forms a dossier can print now (01 and 06 always; 02-05 once their event happened), with
    their print and Word URLs, for the dossier's page. One query."""
    kinds = set(
        DossierEvent.objects.filter(dossier=dossier, kind__in=FORM_EVENTS.values()).values_list("kind", flat=True)
    )
    return [
        {
            "code": code,
            "title": spec.title,
            "print_url": reverse("onestop:form_print", args=[dossier.pk, code]),
            "word_url": reverse("onestop:form_docx", args=[dossier.pk, code]),
        }
        for code, spec in FORMS.items()
        if spec.per_dossier and (code not in FORM_EVENTS or FORM_EVENTS[code] in kinds)
    ]


def register_units(user: Any) -> list[Unit]:
    """The units whose register the user may print: an officer's own units and their sub-units."""
    if not officer_unit_ids(user):
        return []
    return list(Unit.objects.filter(pk__in=own_unit_ids(user)).order_by("name"))


def register_dossiers(*, unit: Unit, start: date, end: date) -> list[Dossier]:
    """The dossiers the unit received from `start` to `end` (local days, both included), in order;
    at most REGISTER_LIMIT + 1 (the page says when there are more)."""
    zone = timezone.get_current_timezone()
    since = datetime.combine(start, time.min, tzinfo=zone)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    return list(
        Dossier.objects.filter(receiving_unit=unit, received_at__gte=since, received_at__lt=until)
        .select_related("procedure", "resolving_unit")
        .order_by("received_at", "pk")[: REGISTER_LIMIT + 1]
    )


def active_template(form: str) -> FormTemplate | None:
    return FormTemplate.objects.filter(form=form, is_active=True).order_by("-uploaded_at", "-pk").first()


def active_templates() -> dict[str, FormTemplate]:
    """Form -> the uploaded template in use (forms without one use the shipped default)."""
    chosen: dict[str, FormTemplate] = {}
    for template in (
        FormTemplate.objects.filter(is_active=True)
        .select_related("uploaded_by")
        .order_by("form", "-uploaded_at", "-pk")
    ):
        chosen.setdefault(template.form, template)
    return chosen


def template_bytes(form: str) -> bytes:
    """The Word template in use for a form: the province's upload, else the shipped default."""
    template = active_template(form)
    if template is None:
        return default_template(form)
    try:
        with template.file.open("rb") as handle:
            return bytes(handle.read())
    except OSError:  # the stored file is gone: print with the shipped template rather than fail
        logger.warning("onestop: template file of form %s (id %s) is missing", form, template.pk)
        return default_template(form)
