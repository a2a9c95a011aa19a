"""One-stop dossiers (Một cửa, Decree 118/2025/NĐ-CP, Circular 03/2025/TT-VPCP), by topic."""

from apps.onestop.models.dossiers import (
    Channel,
    DailyCounter,
    Dossier,
    DossierEvent,
    DossierState,
    DossierStep,
    EventKind,
    ResultDelivery,
    Source,
    Timing,
)
from apps.onestop.models.imports import ImportBatch, IntegrationCall
from apps.onestop.models.index import IndexDefinition, IndexEnteredValue, IndexIndicator
from apps.onestop.models.procedures import Office, OnlineMode, Procedure, ProcedureLevel, ProcedureStep
from apps.onestop.models.stats import DossierRollup
from apps.onestop.models.templates import FormTemplate

__all__ = [
    "Channel",
    "DailyCounter",
    "Dossier",
    "DossierEvent",
    "DossierRollup",
    "DossierState",
    "DossierStep",
    "EventKind",
    "FormTemplate",
    "ImportBatch",
    "IndexDefinition",
    "IndexEnteredValue",
    "IndexIndicator",
    "IntegrationCall",
    "Office",
    "OnlineMode",
    "Procedure",
    "ProcedureLevel",
    "ProcedureStep",
    "ResultDelivery",
    "Source",
    "Timing",
]
