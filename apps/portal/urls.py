from django.urls import path

from apps.portal.views import notifications

app_name = "portal"

urlpatterns = [
    path("thong-bao/", notifications.notification_list, name="notifications"),
    path("thong-bao/ket-qua/", notifications.notification_results, name="notification_results"),
    path("thong-bao/<int:pk>/da-doc/", notifications.notification_read, name="notification_read"),
    path("thong-bao/da-doc-tat-ca/", notifications.notifications_read_all, name="notifications_read_all"),
    path("thong-bao/cai-dat/", notifications.notification_preferences, name="notification_preferences"),
]
