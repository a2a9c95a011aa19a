from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The pages that show the whole platform: home, role start pages, audit, calendar, notifications,
    dashboards. It reads every hook registry and may show every module; no module imports it."""

    name = "apps.portal"
    label = "portal"
    verbose_name = "Portal"
