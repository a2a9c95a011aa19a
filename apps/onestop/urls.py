"""One-stop pages under /mot-cua/ (namespace "onestop"), and the citizen's look-up under /tra-cuu-ho-so/
(namespace "onestop_public", mounted from config/urls.py)."""

from django.urls import URLPattern, path

from apps.onestop.views import catalogue, dossiers, forms, imports, index, lookup, stats  # noqa: F401

app_name = "onestop"

# --- the procedure catalogue and the front offices -------------------------------------------------
catalogue_urls: list[URLPattern] = []

# --- receipt, inbox, a dossier and its lifecycle -------------------------------------------------
dossier_urls: list[URLPattern] = []

# --- the standard forms 01-07: print pages, Word files, the province's templates ------------------
form_urls: list[URLPattern] = []

# --- statistics ---------------------------------------------------------------------------------
stats_urls: list[URLPattern] = []

# --- the real-time service index (Decision 766) --------------------------------------------------
index_urls: list[URLPattern] = [
    path("chi-so-phuc-vu/", index.index_ranking, name="index_ranking"),
    path("chi-so-phuc-vu/ket-qua/", index.index_ranking_results, name="index_ranking_results"),
    path("chi-so-phuc-vu/don-vi/<int:pk>/", index.index_unit, name="index_unit"),
    path("chi-so-phuc-vu/bo-chi-so/", index.index_definition, name="index_definition"),
    path("chi-so-phuc-vu/bo-chi-so/them/", index.index_indicator_add, name="index_indicator_add"),
    path("chi-so-phuc-vu/chi-so/<int:pk>/sua/", index.index_indicator_edit, name="index_indicator_edit"),
    path("chi-so-phuc-vu/chi-so/<int:pk>/xoa/", index.index_indicator_delete, name="index_indicator_delete"),
    path("chi-so-phuc-vu/nhap-so-lieu/", index.index_values, name="index_values"),
    path("chi-so-phuc-vu/nhap-so-lieu/luu/", index.index_value_save, name="index_value_save"),
]

# --- imports from another one-stop system -------------------------------------------------------
import_urls: list[URLPattern] = []

urlpatterns = catalogue_urls + dossier_urls + form_urls + stats_urls + index_urls + import_urls

# --- the citizen's look-up (public, rate-limited) ------------------------------------------------
public_urls: list[URLPattern] = [
    path("", lookup.lookup, name="lookup"),
]
