from django.urls import URLPattern, path  # noqa: F401

app_name = "par_public"
urlpatterns: list[URLPattern] = []
