from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from apps.core import (
            audit_nav,  # noqa: F401  (registers the audit trail entry)
            calendar_nav,  # noqa: F401  (registers the navigation entry)
        )
