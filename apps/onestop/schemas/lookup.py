"""Schemas of the citizen's look-up operation: nothing personal beyond the applicant's initials."""

from datetime import date, datetime

from ninja import Field, Schema

from apps.core.api_schemas import InputSchema


class LookupIn(InputSchema):
    code: str = Field(max_length=60, description="The dossier code printed on the receipt.")
    secret: str = Field(
        max_length=12,
        description="The last 4 digits of the phone given at receipt, or the receipt's PIN when no phone was given.",
    )


class LookupStepOut(Schema):
    kind: str
    label: str
    at: datetime


class LookupApologyOut(Schema):
    reason: str
    new_date: date | None
    previous_date: date | None


class LookupOut(Schema):
    code: str
    procedure: str
    initials: str
    state: str
    state_label: str
    received_at: datetime
    due_date: date
    apology: LookupApologyOut | None
    steps: list[LookupStepOut]
