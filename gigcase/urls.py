from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("casework.api.urls")),
    path("api/v1/", include("casework.api.schema")),
    path("api/v1/", include("disputes.api_urls")),
    path("api/v1/", include("realtime.api")),
    path("api/v1/", include("rooms.api")),
    path("", include("disputes.urls")),
    path("", include("enforcement.urls")),
    path("", include("casework.urls")),
    path("", include("rooms.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.STATIC_URL, document_root=settings.STATICFILES_DIRS[0])

handler404 = "gigcase.not_found.not_found"
