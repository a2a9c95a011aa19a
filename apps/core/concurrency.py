"""Optimistic concurrency, one way for every app: lock the row, re-read it, compare the version.

Every versioned write goes through `lock_and_check`; a write without a version is refused, a stale
one raises `ConflictError` (409 in the API, a message on the page), so two edits never overwrite
each other silently.
"""

from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext as _

from apps.core.errors import ConflictError, VersionMissingError

M = TypeVar("M", bound=models.Model)


def lock(obj: M) -> M:
    """Lock the object's row for the rest of the transaction and reload the object from it."""
    type(obj)._default_manager.select_for_update().filter(pk=obj.pk).values_list("pk", flat=True).first()
    obj.refresh_from_db()
    return obj


def locked(model: type[M], pk: Any) -> M:
    """Read a row under a lock, so concurrent writers queue instead of overwriting."""
    return model._default_manager.select_for_update().get(pk=pk)


def check_version(obj: models.Model, version: int | str | None, what: str = "") -> None:
    """Refuse a missing version (400) and a stale one (409)."""
    if version is None or version == "":
        raise VersionMissingError(
            {"version": _("This form is out of date (it carries no version). Reload the page and try again.")},
            code="version_missing",
        )
    try:
        sent = int(version)
    except (TypeError, ValueError):
        raise VersionMissingError({"version": _("The version sent is not a number.")}, code="version_invalid") from None
    if sent != obj.version:  # type: ignore[attr-defined]
        raise ConflictError(
            _("Someone else changed this %(what)s in the meantime. Reload the page and try again.")
            % {"what": what or _("item")}
        )


def lock_and_check(obj: M, version: int | str | None, what: str = "") -> M:
    """Lock and reload `obj`, then refuse a missing or stale version. Call inside `transaction.atomic`."""
    lock(obj)
    check_version(obj, version, what)
    return obj


def bump(obj: models.Model) -> None:
    """Advance the version of an object about to be saved (include "version" in update_fields)."""
    obj.version = obj.version + 1  # type: ignore[attr-defined]
