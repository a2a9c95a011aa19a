"""One-stop pages under /mot-cua/ (namespace "onestop"), and the citizen's look-up under /tra-cuu-ho-so/
(namespace "onestop_public", mounted from config/urls.py)."""

from django.urls import URLPattern, path

from apps.onestop.views import catalogue, dossiers, forms, imports, index, lookup, stats  # noqa: F401

app_name = "onestop"

# --- the procedure catalogue and the front offices -------------------------------------------------
catalogue_urls: list[URLPattern] = [
    path("thu-tuc/", catalogue.procedure_list, name="procedure_list"),
    path("thu-tuc/ket-qua/", catalogue.procedure_results, name="procedure_results"),
    path("thu-tuc/tim/", catalogue.procedure_search, name="procedure_search"),
    path("thu-tuc/them/", catalogue.procedure_create, name="procedure_create"),
    path("thu-tuc/excel/", catalogue.procedure_export, name="procedure_export"),
    path("thu-tuc/nhap-excel/", catalogue.procedure_import, name="procedure_import"),
    path("thu-tuc/<int:pk>/", catalogue.procedure_detail, name="procedure_detail"),
    path("thu-tuc/<int:pk>/sua/", catalogue.procedure_edit, name="procedure_edit"),
    path("thu-tuc/<int:pk>/hieu-luc/", catalogue.procedure_set_active, name="procedure_set_active"),
    path("bo-phan-mot-cua/", catalogue.office_list, name="office_list"),
    path("bo-phan-mot-cua/ket-qua/", catalogue.office_results, name="office_results"),
    path("bo-phan-mot-cua/them/", catalogue.office_create, name="office_create"),
    path("bo-phan-mot-cua/<int:pk>/sua/", catalogue.office_edit, name="office_edit"),
]

# --- receipt, inbox, a dossier and its lifecycle -------------------------------------------------
dossier_urls: list[URLPattern] = []

# --- the standard forms 01-07: print pages, Word files, the province's templates ------------------
form_urls: list[URLPattern] = []

# --- statistics ---------------------------------------------------------------------------------
stats_urls: list[URLPattern] = []

# --- the real-time service index (Decision 766) --------------------------------------------------
index_urls: list[URLPattern] = []

# --- imports from another one-stop system -------------------------------------------------------
import_urls: list[URLPattern] = []

urlpatterns = catalogue_urls + dossier_urls + form_urls + stats_urls + index_urls + import_urls

# --- the citizen's look-up (public, rate-limited) ------------------------------------------------
public_urls: list[URLPattern] = []
