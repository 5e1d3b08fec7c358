from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    # The runner's own plan
    path("start/", views.start, name="start"),
    path("log/", views.log, name="log"),
    path("decision/", views.apply_decision, name="apply"),
    path("cleared/", views.cleared, name="cleared"),
    path("end/", views.end, name="end"),
    path("exercises/<int:pk>/done/", views.tick, name="tick"),
    path("review/", views.review, name="review"),
    path("report.pdf", views.report, name="report"),
    # A physio's client (ids are the physio's own link ids)
    path("clients/<uuid:public_id>/", views.client_plan, name="client"),
    path("clients/<uuid:public_id>/start/", views.client_start, name="client_start"),
    path("clients/<uuid:public_id>/edit/", views.client_edit, name="client_edit"),
    path("clients/<uuid:public_id>/pause/", views.client_pause, name="client_pause"),
    path("clients/<uuid:public_id>/resume/", views.client_resume, name="client_resume"),
    path("clients/<uuid:public_id>/end/", views.client_end, name="client_end"),
    path("clients/<uuid:public_id>/exercises/", views.client_exercise, name="client_exercise"),
    path(
        "clients/<uuid:public_id>/exercises/<int:pk>/remove/",
        views.client_exercise_remove,
        name="client_exercise_remove",
    ),
]
