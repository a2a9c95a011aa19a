"""Results, analysis and exports (namespace par, under /chi-so-cchc/)."""

from django.urls import path

from apps.par.views import results

urlpatterns = [
    path("ket-qua/", results.results_periods, name="results_periods"),
    path("ky-danh-gia/<int:pk>/ket-qua/", results.results, name="results"),
    path("ky-danh-gia/<int:pk>/ket-qua.xlsx", results.results_xlsx, name="results_xlsx"),
    path("ky-danh-gia/<int:pk>/phan-tich/", results.analysis, name="analysis"),
    path("ky-danh-gia/<int:pk>/du-thao-quyet-dinh.docx", results.decision_docx, name="decision_docx"),
    path("danh-gia/<int:pk>/bao-cao-tu-danh-gia.docx", results.assessment_report_docx, name="assessment_report_docx"),
]
