"""Public pages of published PAR results, mounted at /cong-khai/chi-so-cchc/ (namespace par_public)."""

from django.urls import path

from apps.par.views import public

app_name = "par_public"
urlpatterns = [
    path("", public.index, name="index"),
    path("<int:pk>/", public.period, name="period"),
    path("<int:pk>/don-vi/<int:unit_pk>/", public.unit, name="unit"),
    path("<int:pk>/ket-qua.xlsx", public.results_xlsx, name="results_xlsx"),
]
