from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from apps.core import hooks

        hooks.autodiscover()
        # The kernel's own contribution (its hooks.py is the registry itself): the health check.
        if hooks.get_one(hooks.PUBLIC_URLS, "core:healthz") is None:
            hooks.register(hooks.PUBLIC_URLS, hooks.PublicUrl("core:healthz"))
