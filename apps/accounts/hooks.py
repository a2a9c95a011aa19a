"""What the accounts app contributes to the platform (apps.core.hooks)."""

from django.utils.translation import gettext_lazy as _

from apps.core import hooks

hooks.register(hooks.PUBLIC_URLS, hooks.PublicUrl("accounts:login"))

hooks.register(
    hooks.START_CARDS,
    hooks.StartCard(
        "accounts.api_tokens",
        "system_admin",  # apps.org.models.Role.SYSTEM_ADMIN (accounts sits below org)
        _("API tokens"),
        _("Tokens for systems that call the CCHC API."),
        "accounts:api_tokens",
        "key",
        order=82,
    ),
)
