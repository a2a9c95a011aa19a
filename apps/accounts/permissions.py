"""What a signed-in user may do with their own account."""

from enum import StrEnum
from typing import Any

from django.db.models import QuerySet

from apps.core.policies import register_policy


class AccountAction(StrEnum):
    MANAGE_OWN_API_TOKENS = "manage_own_api_tokens"


class AccountPolicy:
    def can(self, user: Any, action: AccountAction, obj: Any) -> bool:
        match action:
            case AccountAction.MANAGE_OWN_API_TOKENS:
                return obj is None or getattr(obj, "user_id", None) == user.pk
        return False

    def scope(self, user: Any, action: AccountAction, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(user=user)


register_policy(AccountAction, AccountPolicy())
