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

hooks.register(
    hooks.AUDIT_ACTIONS,
    *(
        hooks.AuditAction(key, label)
        for key, label in (
            ("user.create", _("Account created")),
            ("user.update", _("Account changed")),
            ("user.deactivate", _("Account deactivated")),
            ("user.reactivate", _("Account reactivated")),
            ("user.set_password", _("Password set by an administrator")),
            ("user.password_change", _("Password changed")),
            ("user.login", _("Signed in")),
            ("user.logout", _("Signed out")),
            ("api_token.create", _("API token created")),
            ("api_token.revoke", _("API token revoked")),
        )
    ),
)
