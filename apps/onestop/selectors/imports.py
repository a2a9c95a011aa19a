"""Reads for imports and the integration API: a dossier by its code for a user, import batches."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from apps.onestop.models import Dossier, DossierEvent, ImportBatch, IntegrationCall
from apps.onestop.permissions import OnestopAction
from apps.org.permissions import require, scope


def dossier_by_code_for_user(*, user: Any, code: str, action: OnestopAction = OnestopAction.VIEW_DOSSIER) -> Dossier:
    """The dossier, 404 when the user may not see it, 403 when they may see it but not do `action`."""
    dossier = (
        scope(user, OnestopAction.VIEW_DOSSIER, Dossier.objects.all())
        .select_related("procedure", "receiving_unit__onestop_office")
        .filter(code=code[:60])
        .first()
    )
    if dossier is None:
        raise Http404
    if action != OnestopAction.VIEW_DOSSIER:
        require(user, action, dossier)
    return dossier


def dossier_events(dossier: Dossier) -> QuerySet[DossierEvent]:
    return dossier.events.order_by("at", "pk")


def integration_call(key: str) -> IntegrationCall | None:
    return IntegrationCall.objects.filter(key=key).first()


def batch_list_for_user(*, user: Any) -> QuerySet[ImportBatch]:
    require(user, OnestopAction.IMPORT)
    return ImportBatch.objects.select_related("uploaded_by").defer("errors").order_by("-created_at", "-pk")


def batch_get_for_user(*, user: Any, pk: Any) -> ImportBatch:
    require(user, OnestopAction.IMPORT)
    try:
        return ImportBatch.objects.select_related("uploaded_by").get(pk=int(pk))
    except (ImportBatch.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
