from django.urls import path

from journal import views

app_name = "journal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("today/pain/", views.quick_pain, name="quick_pain"),
    path("today/pain/undo/", views.quick_pain_undo, name="quick_pain_undo"),
    path("history/", views.history, name="history"),
    path("entries/", views.entries, name="entries"),
    path("entries/older/", views.entries_older, name="entries_older"),
    path("entries/new/", views.entry_new, name="entry_new"),
    path("entries/<str:day>/", views.entry_edit, name="entry_edit"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:pk>/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/delete/", views.session_delete, name="session_delete"),
    path("triage/save/", views.save_triage, name="save_triage"),
    path("data/", views.your_data, name="your_data"),
    path("export/entries.csv", views.export_entries_csv, name="export_entries"),
    path("export/sessions.csv", views.export_sessions_csv, name="export_sessions"),
    path("export/journal.json", views.export_json, name="export_json"),
    path("export/<slug:name>.csv", views.export_extra_csv, name="export_extra"),
    path("import/csv/", views.import_csv, name="import_csv"),
    path("import/watch/", views.import_watch, name="import_watch"),
    path("import/jobs/<uuid:public_id>/", views.import_job, name="import_job"),
]
