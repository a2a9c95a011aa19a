"""Scoring periods (secretariat) and the units' self-assessment."""

from django.urls import URLPattern, path

from apps.par.views import periods, self_assessment

urlpatterns: list[URLPattern] = [
    path("ky-danh-gia/", periods.period_list, name="period_list"),
    path("ky-danh-gia/mo/", periods.period_create, name="period_create"),
    path("ky-danh-gia/<int:pk>/sua/", periods.period_edit, name="period_edit"),
    path("ky-danh-gia/<int:pk>/tien-do/", periods.period_progress, name="period_progress"),
    path("ky-danh-gia/<int:pk>/nhac-nho/", periods.period_remind, name="period_remind"),
    path("ky-danh-gia/<int:pk>/so-lieu-do-luong/", periods.period_measured, name="period_measured"),
    path("ky-danh-gia/<int:pk>/so-lieu-do-luong/luu/", periods.measured_set, name="measured_set"),
    path("ky-danh-gia/<int:pk>/so-lieu-do-luong/cap-nhat/", periods.metrics_refresh, name="metrics_refresh"),
    path("danh-gia/<int:pk>/", self_assessment.assessment_detail, name="assessment_detail"),
    path("danh-gia/<int:pk>/gui/", self_assessment.assessment_submit, name="assessment_submit"),
    path("danh-gia/<int:pk>/tra-lai/", self_assessment.assessment_return, name="assessment_return"),
    path("diem/<int:pk>/luu/", self_assessment.score_save, name="score_save"),
    path("diem/<int:pk>/tai-lieu/", self_assessment.score_evidence, name="score_evidence"),
    path("diem/<int:pk>/tai-len/", self_assessment.score_upload, name="score_upload"),
    path("tai-lieu/<int:pk>/", self_assessment.evidence_file, name="evidence_file"),
]
