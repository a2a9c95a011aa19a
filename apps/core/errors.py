"""The errors every layer shares. Views map them with `apps.core.web`, the API with one envelope."""

from django.core.exceptions import ValidationError


class ConflictError(Exception):
    """A stale edit: the object changed since the client read it (HTTP 409)."""


class VersionMissingError(ValidationError):
    """A versioned write arrived without the version the client read (HTTP 400, never a silent overwrite)."""


__all__ = ["ConflictError", "ValidationError", "VersionMissingError"]
