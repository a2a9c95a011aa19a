"""PAR's pages: the signed-in ones under /chi-so-cchc/ (namespace "par") and the public results under
/cong-khai/chi-so-cchc/ (namespace "par_public", mounted from config/urls.py)."""

from django.urls import URLPattern, path

from apps.par.views import appraisal, periods, public, results, self_assessment
from apps.par.views.criteria import excel, exclusions, nodes, sets

app_name = "par"

criteria_urls: list[URLPattern] = [
    path("bo-tieu-chi/", sets.criteria_list, name="criteria_list"),
    path("bo-tieu-chi/them/", sets.criteria_create, name="criteria_create"),
    path("bo-tieu-chi/nhap-excel/", excel.criteria_import, name="criteria_import"),
    path("bo-tieu-chi/<int:pk>/", sets.criteria_detail, name="criteria_detail"),
    path("bo-tieu-chi/<int:pk>/sua/", sets.criteria_edit, name="criteria_edit"),
    path("bo-tieu-chi/<int:pk>/nhan-ban/", sets.criteria_clone, name="criteria_clone"),
    path("bo-tieu-chi/<int:pk>/xuat-excel/", excel.criteria_export, name="criteria_export"),
    path("bo-tieu-chi/<int:pk>/them-tieu-chi/", nodes.criterion_add, name="criterion_add"),
    path("bo-tieu-chi/<int:pk>/tieu-chi-nam-truoc/", nodes.criteria_map, name="criteria_map"),
    path("bo-tieu-chi/<int:pk>/khong-ap-dung/", exclusions.criteria_exclusions, name="criteria_exclusions"),
    path("tieu-chi/<int:pk>/sua/", nodes.criterion_edit, name="criterion_edit"),
    path("tieu-chi/<int:pk>/xoa/", nodes.criterion_delete, name="criterion_delete"),
    path("khong-ap-dung/<int:pk>/xoa/", exclusions.criterion_exclusion_remove, name="criterion_exclusion_remove"),
]

period_urls: list[URLPattern] = [
    path("ky-danh-gia/", periods.period_list, name="period_list"),
    path("ky-danh-gia/mo/", periods.period_create, name="period_create"),
    path("ky-danh-gia/<int:pk>/sua/", periods.period_edit, name="period_edit"),
    path("ky-danh-gia/<int:pk>/tien-do/", periods.period_progress, name="period_progress"),
    path("ky-danh-gia/<int:pk>/nhac-nho/", periods.period_remind, name="period_remind"),
    path("ky-danh-gia/<int:pk>/so-lieu-do-luong/", periods.period_measured, name="period_measured"),
    path("ky-danh-gia/<int:pk>/so-lieu-do-luong/luu/", periods.measured_set, name="measured_set"),
    path("ky-danh-gia/<int:pk>/so-lieu-do-luong/cap-nhat/", periods.metrics_refresh, name="metrics_refresh"),
]

self_assessment_urls: list[URLPattern] = [
    path("danh-gia/<int:pk>/", self_assessment.assessment_detail, name="assessment_detail"),
    path("danh-gia/<int:pk>/gui/", self_assessment.assessment_submit, name="assessment_submit"),
    path("danh-gia/<int:pk>/tra-lai/", self_assessment.assessment_return, name="assessment_return"),
    path("diem/<int:pk>/luu/", self_assessment.score_save, name="score_save"),
    path("diem/<int:pk>/xem-truoc/", self_assessment.score_preview, name="score_preview"),
    path("diem/<int:pk>/tai-lieu/", self_assessment.score_evidence, name="score_evidence"),
    path("diem/<int:pk>/tai-len/", self_assessment.score_upload, name="score_upload"),
    path("tai-lieu/<int:pk>/", self_assessment.evidence_file, name="evidence_file"),
]

appraisal_urls: list[URLPattern] = [
    path("tham-dinh/", appraisal.appraisal_queue, name="appraisal_queue"),
    path("tham-dinh/<int:pk>/", appraisal.appraisal_detail, name="appraisal_detail"),
    path("tham-dinh/<int:pk>/ket-thuc-vong/", appraisal.appraisal_conclude, name="appraisal_conclude"),
    path(
        "tham-dinh/<int:pk>/chap-nhan-con-lai/", appraisal.appraisal_accept_remaining, name="appraisal_accept_remaining"
    ),
    path("tham-dinh/diem/<int:pk>/chap-nhan/", appraisal.score_accept, name="score_accept"),
    path("tham-dinh/diem/<int:pk>/cham/", appraisal.score_appraise, name="score_appraise"),
    path(
        "tham-dinh/diem/<int:pk>/yeu-cau-giai-trinh/",
        appraisal.score_request_explanation,
        name="score_request_explanation",
    ),
    path("danh-gia/<int:pk>/giai-trinh/", appraisal.explanation_form, name="explanation_form"),
    path("danh-gia/<int:pk>/hoan-tat/", appraisal.assessment_finalise, name="assessment_finalise"),
    path(
        "danh-gia/<int:pk>/hoan-tat/xac-nhan/",
        appraisal.assessment_finalise_confirm,
        name="assessment_finalise_confirm",
    ),
    path("ky-danh-gia/<int:pk>/hoan-tat/", appraisal.period_finalise, name="period_finalise"),
    path("ky-danh-gia/<int:pk>/hoan-tat/tat-ca/", appraisal.period_finalise_all, name="period_finalise_all"),
    path("ky-danh-gia/<int:pk>/cong-bo/", appraisal.period_publish, name="period_publish"),
]

results_urls: list[URLPattern] = [
    path("ket-qua/", results.results_periods, name="results_periods"),
    path("ky-danh-gia/<int:pk>/ket-qua/", results.results, name="results"),
    path("ky-danh-gia/<int:pk>/ket-qua.xlsx", results.results_xlsx, name="results_xlsx"),
    path("ky-danh-gia/<int:pk>/phan-tich/", results.analysis, name="analysis"),
    path("ky-danh-gia/<int:pk>/du-thao-quyet-dinh.docx", results.decision_docx, name="decision_docx"),
    path(
        "danh-gia/<int:pk>/bao-cao-tu-danh-gia.docx",
        results.assessment_report_docx,
        name="assessment_report_docx",
    ),
]

urlpatterns: list[URLPattern] = [*criteria_urls, *period_urls, *self_assessment_urls, *appraisal_urls, *results_urls]

# Published results, open to everyone: config/urls.py mounts them as include((public_urls, "par_public")).
public_urls: list[URLPattern] = [
    path("", public.index, name="index"),
    path("<int:pk>/", public.period, name="period"),
    path("<int:pk>/don-vi/<int:unit_pk>/", public.unit, name="unit"),
    path("<int:pk>/ket-qua.xlsx", public.results_xlsx, name="results_xlsx"),
]
