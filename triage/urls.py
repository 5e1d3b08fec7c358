from django.urls import path

from triage import views

app_name = "triage"

urlpatterns = [
    path("", views.triage_form, name="form"),
    path("result/", views.triage_result, name="result"),
    path("background/", views.health_background, name="background"),
]
