"""Appraisal (two rounds), the unit's explanation, finalising and publishing."""

from django.urls import URLPattern, path

from apps.par.views import appraisal as views

urlpatterns: list[URLPattern] = [
    path("tham-dinh/", views.appraisal_queue, name="appraisal_queue"),
    path("tham-dinh/<int:pk>/", views.appraisal_detail, name="appraisal_detail"),
    path("tham-dinh/<int:pk>/ket-thuc-vong/", views.appraisal_conclude, name="appraisal_conclude"),
    path("tham-dinh/diem/<int:pk>/chap-nhan/", views.score_accept, name="score_accept"),
    path("tham-dinh/diem/<int:pk>/cham/", views.score_appraise, name="score_appraise"),
    path(
        "tham-dinh/diem/<int:pk>/yeu-cau-giai-trinh/",
        views.score_request_explanation,
        name="score_request_explanation",
    ),
    path("danh-gia/<int:pk>/giai-trinh/", views.explanation_form, name="explanation_form"),
    path("danh-gia/<int:pk>/hoan-tat/", views.assessment_finalise, name="assessment_finalise"),
    path("ky-danh-gia/<int:pk>/hoan-tat/", views.period_finalise, name="period_finalise"),
    path("ky-danh-gia/<int:pk>/hoan-tat/tat-ca/", views.period_finalise_all, name="period_finalise_all"),
    path("ky-danh-gia/<int:pk>/cong-bo/", views.period_publish, name="period_publish"),
]
