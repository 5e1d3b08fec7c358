from django.urls import path

from triage.api_views import triage_api

app_name = "triage_api"

urlpatterns = [
    path("triage/", triage_api, name="triage"),
]
