"""Criteria-set pages under /chi-so-cchc/ (namespace "par")."""

from django.urls import URLPattern, path

from apps.par.views import criteria as views

urlpatterns: list[URLPattern] = [
    path("bo-tieu-chi/", views.criteria_list, name="criteria_list"),
    path("bo-tieu-chi/them/", views.criteria_create, name="criteria_create"),
    path("bo-tieu-chi/nhap-excel/", views.criteria_import, name="criteria_import"),
    path("bo-tieu-chi/<int:pk>/", views.criteria_detail, name="criteria_detail"),
    path("bo-tieu-chi/<int:pk>/sua/", views.criteria_edit, name="criteria_edit"),
    path("bo-tieu-chi/<int:pk>/nhan-ban/", views.criteria_clone, name="criteria_clone"),
    path("bo-tieu-chi/<int:pk>/xuat-excel/", views.criteria_export, name="criteria_export"),
    path("bo-tieu-chi/<int:pk>/them-tieu-chi/", views.criterion_add, name="criterion_add"),
    path("bo-tieu-chi/<int:pk>/tieu-chi-nam-truoc/", views.criteria_map, name="criteria_map"),
    path("bo-tieu-chi/<int:pk>/khong-ap-dung/", views.criteria_exclusions, name="criteria_exclusions"),
    path("tieu-chi/<int:pk>/sua/", views.criterion_edit, name="criterion_edit"),
    path("tieu-chi/<int:pk>/xoa/", views.criterion_delete, name="criterion_delete"),
    path("khong-ap-dung/<int:pk>/xoa/", views.criterion_exclusion_remove, name="criterion_exclusion_remove"),
]
