"""Bounds on input that the database cannot hold: an id or number too large is a 4xx, never a 500."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_DB_INT = 2**63 - 1  # the largest integer (and id) SQLite and PostgreSQL bigint columns hold
MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000_000  # far beyond any province's rows


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """Ninja's limit/offset pagination, with a limit or offset out of bounds refused (422)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
