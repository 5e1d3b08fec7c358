from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from config import views

admin.site.site_header = "Backtrack administration"
admin.site.site_title = "Backtrack admin"
# The admin's own login form would skip two-factor and allauth's rate limits: it sends to allauth's instead.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("triage/", include("triage.urls")),
    path("api/", include("triage.api_urls")),
    path("journal/", include("journal.urls")),
    path("flags/", include("monitoring.urls")),
    path("plans/", include("plans.urls")),
    path("clinic/", include("clinic.urls")),
]
