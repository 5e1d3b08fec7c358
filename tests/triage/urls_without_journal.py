"""The project's URLs without any journal "save triage result" view (as before the journal lands)."""

from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [pattern for pattern in project_urlpatterns if getattr(pattern, "namespace", None) != "journal"]
