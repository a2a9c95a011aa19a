"""PAR pages under /chi-so-cchc/. Each part of the module keeps its own url list."""

from django.urls import include, path

app_name = "par"
urlpatterns = [
    path("", include("apps.par.urls_criteria")),
    path("", include("apps.par.urls_assessment")),
    path("", include("apps.par.urls_appraisal")),
    path("", include("apps.par.urls_results")),
]
