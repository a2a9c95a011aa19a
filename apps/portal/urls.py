from django.urls import path

from apps.portal.views import audit, calendar, home, notifications, start

app_name = "portal"
urlpatterns = [
    path("", home.home, name="home"),
    path("trang-cua-toi/", start.start, name="start"),
    # The working-day calendar.
    path("quan-tri/lich-lam-viec/", calendar.calendar, name="calendar"),
    path("quan-tri/lich-lam-viec/them/", calendar.calendar_override_add, name="calendar_override_add"),
    path("quan-tri/lich-lam-viec/<int:pk>/sua/", calendar.calendar_override_edit, name="calendar_override_edit"),
    path("quan-tri/lich-lam-viec/<int:pk>/xoa/", calendar.calendar_override_remove, name="calendar_override_delete"),
    # The audit trail.
    path("quan-tri/nhat-ky/", audit.audit_list, name="audit"),
    path("quan-tri/nhat-ky/ket-qua/", audit.audit_results, name="audit_results"),
    # Notifications.
    path("thong-bao/", notifications.notification_list, name="notifications"),
    path("thong-bao/ket-qua/", notifications.notification_results, name="notification_results"),
    path("thong-bao/<int:pk>/da-doc/", notifications.notification_read, name="notification_read"),
    path("thong-bao/da-doc-tat-ca/", notifications.notifications_read_all, name="notifications_read_all"),
    path("thong-bao/cai-dat/", notifications.notification_preferences, name="notification_preferences"),
]
