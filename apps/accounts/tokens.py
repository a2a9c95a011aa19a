"""API tokens: a random secret shown once, stored as its SHA-256."""

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import ApiToken
from apps.core.actors import Actor
from apps.core.audit import audit_record

TOKEN_PREFIX = "cchc_"  # noqa: S105 - a public marker, not a secret


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, user: Any, name: str, expires_at: Any = None) -> tuple[ApiToken, str]:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name.strip()[:100], prefix=raw[:12], token_hash=_digest(raw), expires_at=expires_at
    )
    token.full_clean()
    token.save()
    audit_record(actor=user, action="api_token.create", obj=token, after={"name": token.name, "prefix": token.prefix})
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor, action="api_token.revoke", obj=token, before={"revoked": False}, after={"revoked": True}
        )
    return token


def api_token_authenticate(raw: str) -> Any:
    """The active user behind a raw token, or None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=_digest(raw), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
