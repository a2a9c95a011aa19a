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
stats_urls: list[URLPattern] = [
    path("thong-ke/", stats.stats, name="stats"),
    path("thong-ke/ket-qua/", stats.stats_results, name="stats_results"),
    path("thong-ke.xlsx", stats.stats_xlsx, name="stats_xlsx"),
]

# --- the real-time service index (Decision 766) --------------------------------------------------
index_urls: list[URLPattern] = []

# --- imports from another one-stop system -------------------------------------------------------
import_urls: list[URLPattern] = []

urlpatterns = catalogue_urls + dossier_urls + form_urls + stats_urls + index_urls + import_urls

# --- the citizen's look-up (public, rate-limited) ------------------------------------------------
public_urls: list[URLPattern] = []
