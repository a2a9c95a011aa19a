"""The base of every API input schema: text with a NUL character is refused (422), as on the pages.

PostgreSQL cannot store NUL; SQLite can, so without this a value accepted in development would
fail in production. Every `XIn` schema derives from `InputSchema`.
"""

from typing import Any

from ninja import Schema
from pydantic import field_validator


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple | set):
        return any(_has_nul(v) for v in value)
    return False


class InputSchema(Schema):
    @field_validator("*", mode="before")
    @classmethod
    def _refuse_nul(cls, value: Any) -> Any:
        if _has_nul(value):
            raise ValueError("Null characters are not allowed.")
        return value
