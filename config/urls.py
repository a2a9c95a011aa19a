from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from apps.core.public import public_page
from apps.onestop.urls import public_urls as onestop_public_urls
from apps.par.urls import public_urls as par_public_urls
from config.api import api

urlpatterns = [
    path("", include("apps.core.urls")),
    path("", include("apps.accounts.urls")),
    path("", include("apps.portal.urls")),
    path("quan-tri/", include("apps.org.urls")),
    path("chi-so-cchc/", include("apps.par.urls")),
    path("cong-khai/chi-so-cchc/", include((par_public_urls, "par_public"))),
    path("mot-cua/", include("apps.onestop.urls")),
    path("tra-cuu-ho-so/", include((onestop_public_urls, "onestop_public"))),
    path("api/v1/", api.urls),
    path("i18n/setlang/", public_page()(set_language), name="set_language"),
    path("jsi18n/", public_page(rate_limited=False)(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("django-admin/", admin.site.urls),
]
