"""Dossier writes: receipt (with its code and appointment) and every transition of its lifecycle.

Each function is one unit of work: atomic, the dossier locked and its version checked, an event
(the dossier's history) and an audit record written in the same transaction, the rollups recounted.
Bulk imports write through `apps.onestop.services.imports`, not through here.
"""

from apps.onestop.services.dossiers._common import AUDITED, TEXT_MAX, normalise_phone, refuse
from apps.onestop.services.dossiers.receipt import dossier_receive, next_number
from apps.onestop.services.dossiers.transitions import (
    dossier_apologise,
    dossier_receive_supplement,
    dossier_refuse,
    dossier_request_supplement,
    dossier_resolve,
    dossier_return,
    dossier_stop,
    dossier_transfer,
    dossier_withdraw,
)

__all__ = [
    "AUDITED",
    "TEXT_MAX",
    "dossier_apologise",
    "dossier_receive",
    "dossier_receive_supplement",
    "dossier_refuse",
    "dossier_request_supplement",
    "dossier_resolve",
    "dossier_return",
    "dossier_stop",
    "dossier_transfer",
    "dossier_withdraw",
    "next_number",
    "normalise_phone",
    "refuse",
]
