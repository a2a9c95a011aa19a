"""One-stop pages under /mot-cua/ (namespace "onestop"), and the citizen's look-up under /tra-cuu-ho-so/
(namespace "onestop_public", mounted from config/urls.py)."""

from django.urls import URLPattern, path

from apps.onestop.views import catalogue, dossiers, forms, imports, index, lookup, stats

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
dossier_urls: list[URLPattern] = [
    path("", dossiers.onestop_home, name="home"),
    path("ho-so/", dossiers.inbox, name="inbox"),
    path("ho-so/ket-qua/", dossiers.inbox_results, name="inbox_results"),
    path("ho-so/tiep-nhan/", dossiers.dossier_receive, name="dossier_receive"),
    path("ho-so/<int:pk>/", dossiers.dossier_detail, name="dossier_detail"),
    *(
        path(f"ho-so/<int:pk>/{slug}/", dossiers.dossier_act, {"action": action.value}, name=f"dossier_{action.value}")
        for action, slug in dossiers.ACTION_SLUGS.items()
    ),
]

# --- the standard forms 01-07: print pages, Word files, the province's templates ------------------
form_urls: list[URLPattern] = [
    path("ho-so/<int:pk>/mau/<str:form>/in/", forms.form_print, name="form_print"),
    path("ho-so/<int:pk>/mau/<str:form>/word/", forms.form_docx, name="form_docx"),
    path("so-theo-doi/in/", forms.register_print, name="register_print"),
    path("so-theo-doi/word/", forms.register_docx, name="register_docx"),
    path("mau-bieu/", forms.form_templates, name="form_templates"),
    path("mau-bieu/<str:form>/tai-ve/", forms.form_template_download, name="form_template_download"),
    path("mau-bieu/<str:form>/tai-len/", forms.form_template_upload_view, name="form_template_upload"),
    path("mau-bieu/<str:form>/mac-dinh/", forms.form_template_reset_view, name="form_template_reset"),
]

# --- statistics ---------------------------------------------------------------------------------
stats_urls: list[URLPattern] = [
    path("thong-ke/", stats.stats, name="stats"),
    path("thong-ke/ket-qua/", stats.stats_results, name="stats_results"),
    path("thong-ke.xlsx", stats.stats_xlsx, name="stats_xlsx"),
]

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
import_urls: list[URLPattern] = [
    path("nhap-ho-so/", imports.import_list, name="import_list"),
    path("nhap-ho-so/ket-qua/", imports.import_list_results, name="import_list_results"),
    path("nhap-ho-so/tai-len/", imports.import_upload, name="import_upload"),
    path("nhap-ho-so/<int:pk>/", imports.import_detail, name="import_detail"),
    path("nhap-ho-so/<int:pk>/tien-do/", imports.import_progress, name="import_progress"),
    path("nhap-ho-so/<int:pk>/loi.csv", imports.import_errors_csv, name="import_errors_csv"),
]

urlpatterns = catalogue_urls + dossier_urls + form_urls + stats_urls + index_urls + import_urls

# --- the citizen's look-up (public, rate-limited) ------------------------------------------------
public_urls: list[URLPattern] = [
    path("", lookup.lookup, name="lookup"),
]
