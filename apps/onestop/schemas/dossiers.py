"""API schemas: dossiers pushed by another system (the integration API). Every write carries an
`Idempotency-Key` header; a transition carries the `version` the caller read (stale: 409)."""

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema

from apps.core.api_schemas import InputSchema


class DocumentIn(InputSchema):
    name: str = Field(max_length=300)
    kind: Literal["original", "certified_copy", "copy"] = "original"
    quantity: int = Field(1, ge=1, le=99)


class DossierIn(InputSchema):
    """A dossier received by the calling system: it gets its code and appointment here."""

    office: str = Field(max_length=40, description="The receiving office's agency code (QCVN 102).")
    procedure: str = Field(max_length=40, description="The procedure's national code.")
    applicant_name: str = Field(max_length=200)
    applicant_phone: str = Field("", max_length=30)
    applicant_email: str = Field("", max_length=254)
    applicant_address: str = Field("", max_length=300)
    channel: Literal["in_person", "online", "postal"] = "in_person"
    result_delivery: Literal["counter", "postal", "online"] = "counter"
    documents: list[DocumentIn] = Field(default_factory=list, max_length=100)
    sets: int = Field(1, ge=1, le=99)
    received_at: datetime | None = Field(None, description="When it was received; now when empty.")
    note: str = Field("", max_length=5000)
    paid_online: bool = False
    digitised: bool = False
    synced: bool = False
    result_electronic: bool = False


class TransitionIn(InputSchema):
    """One step of the dossier's lifecycle. `reason` is required to request a supplement, apologise,
    refuse and stop; `new_date` to apologise; `delivery` to return the result."""

    action: Literal[
        "transfer",
        "request_supplement",
        "receive_supplement",
        "apologise",
        "refuse",
        "stop",
        "resolve",
        "return",
        "withdraw",
    ]
    version: int = Field(ge=1)
    at: datetime | None = Field(None, description="When it happened; now when empty.")
    note: str = Field("", max_length=5000)
    reason: str = Field("", max_length=5000)
    new_date: date | None = None
    confirm_late: bool = False
    delivery: Literal["counter", "postal", "online"] | None = None
    items: list[DocumentIn] = Field(default_factory=list, max_length=100)


class DossierEventOut(Schema):
    kind: str
    at: datetime
    state_after: str
    note: str
    data: dict[str, Any]


class DossierOut(Schema):
    code: str
    procedure: str
    receiving_office: str
    resolving_unit_id: int
    current_unit_id: int
    channel: str
    result_delivery: str
    state: str
    received_at: datetime
    start_day: date
    due_date: date
    original_due_date: date
    supplement_count: int
    paused_days: int
    apologised_at: datetime | None
    resolved_at: datetime | None
    returned_at: datetime | None
    finished_at: datetime | None
    timing: str
    resolution_days: int | None
    source: str
    version: int
    events: list[DossierEventOut]
