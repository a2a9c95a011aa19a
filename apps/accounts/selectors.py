"""Reads of accounts, scoped to the user asking."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from apps.accounts.models import ApiToken


def api_token_list_for_user(*, user: Any) -> QuerySet[ApiToken]:
    """The user's own API tokens, newest first."""
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")


def api_token_get_for_user(*, user: Any, pk: Any) -> ApiToken:
    """One of the user's own tokens, or 404 (someone else's token looks the same as a missing one)."""
    try:
        return api_token_list_for_user(user=user).get(pk=int(pk))
    except (ApiToken.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
