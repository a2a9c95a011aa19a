from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from apps.core.errors import ConflictError


def check_version(obj: models.Model, version: int | None, what: str = "") -> None:
    """Refuse a stale edit: the client must send the version it read."""
    if version is not None and int(version) != obj.version:  # type: ignore[attr-defined]
        raise ConflictError(
            _("Someone else changed this %(what)s in the meantime. Reload the page and try again.")
            % {"what": what or _("item")}
        )


def locked(model: type[models.Model], pk: Any) -> Any:
    """Re-read a row under a lock, so concurrent writers queue instead of overwriting."""
    return model._default_manager.select_for_update().get(pk=pk)


def refuse(message: str, code: str = "invalid") -> None:
    raise ValidationError(message, code=code)
