from django.apps import AppConfig


class ParConfig(AppConfig):
    name = "apps.par"
    label = "par"
    verbose_name = "PAR Index"

    def ready(self) -> None:
        from apps.par import nav_appraisal, nav_assessment, nav_criteria, nav_results

        for module in (nav_criteria, nav_assessment, nav_appraisal, nav_results):
            module.register_nav_items()
