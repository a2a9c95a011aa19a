from django.apps import AppConfig


class ParConfig(AppConfig):
    name = "apps.par"
    label = "par"
    verbose_name = "PAR Index"
