from django.urls import path

from apps.org.views import groups, people, units

app_name = "org"
urlpatterns = [
    path("don-vi/", units.unit_list, name="unit_list"),
    path("don-vi/ket-qua/", units.unit_list_results, name="unit_list_results"),
    path("don-vi/them/", units.unit_create, name="unit_create"),
    path("don-vi/<int:pk>/", units.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/sua/", units.unit_edit, name="unit_edit"),
    path("nhom-don-vi/", groups.group_list, name="group_list"),
    path("nhom-don-vi/them/", groups.group_create, name="group_create"),
    path("nhom-don-vi/<int:pk>/", groups.group_detail, name="group_detail"),
    path("nhom-don-vi/<int:pk>/sua/", groups.group_edit, name="group_edit"),
    path("nguoi-dung/", people.user_list, name="user_list"),
    path("nguoi-dung/ket-qua/", people.user_list_results, name="user_list_results"),
    path("nguoi-dung/them/", people.user_create, name="user_create"),
    path("nguoi-dung/<int:pk>/", people.user_detail, name="user_detail"),
    path("nguoi-dung/<int:pk>/sua/", people.user_edit, name="user_edit"),
    path("nguoi-dung/<int:pk>/vai-tro/", people.membership_add, name="membership_add"),
    path("nguoi-dung/<int:pk>/khoa/", people.user_deactivate, name="user_deactivate"),
    path("nguoi-dung/<int:pk>/mo-khoa/", people.user_reactivate, name="user_reactivate"),
    path("nguoi-dung/<int:pk>/mat-khau/", people.user_set_password, name="user_set_password"),
    path("vai-tro/<int:pk>/ket-thuc/", people.membership_remove, name="membership_remove"),
]
