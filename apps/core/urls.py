from django.urls import path

from apps.core import health, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("trang-cua-toi/", views.start, name="start"),
]

# The working-day calendar (apps.core.calendar_views).
from apps.core import calendar_views  # noqa: E402

urlpatterns += [
    path("quan-tri/lich-lam-viec/", calendar_views.calendar, name="calendar"),
    path("quan-tri/lich-lam-viec/them/", calendar_views.calendar_override_add, name="calendar_override_add"),
    path("quan-tri/lich-lam-viec/<int:pk>/sua/", calendar_views.calendar_override_edit, name="calendar_override_edit"),
    path(
        "quan-tri/lich-lam-viec/<int:pk>/xoa/", calendar_views.calendar_override_remove, name="calendar_override_delete"
    ),
]

# The audit trail (apps.core.audit_views).
from apps.core import audit_views  # noqa: E402

urlpatterns += [
    path("quan-tri/nhat-ky/", audit_views.audit_list, name="audit"),
    path("quan-tri/nhat-ky/ket-qua/", audit_views.audit_results, name="audit_results"),
]
