from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.flag_list, name="list"),
    path("<int:pk>/dismiss/", views.flag_dismiss, name="dismiss"),
    path("<int:pk>/assessed/", views.flag_assessed, name="assessed"),
    path("checkins/<int:pk>/", views.checkin_detail, name="checkin"),
    path("checkins/<int:pk>/answer/", views.checkin_answer, name="checkin_answer"),
]
