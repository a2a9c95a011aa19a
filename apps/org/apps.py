from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "apps.org"
    label = "org"
    verbose_name = "Organisation"

    def ready(self) -> None:
        from apps.org.nav import register_nav_items

        register_nav_items()
