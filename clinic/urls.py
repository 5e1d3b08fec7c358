from django.urls import path

from clinic import views

app_name = "clinic"

urlpatterns = [
    # Physios (ids in URLs are random UUIDs of the physio's own links and invitations)
    path("", views.caseload, name="caseload"),
    path("codes/", views.code_create, name="code_create"),
    path("invitations/<uuid:public_id>/accept/", views.invitation_accept, name="invitation_accept"),
    path("invitations/<uuid:public_id>/decline/", views.invitation_decline, name="invitation_decline"),
    path("clients/<uuid:public_id>/", views.client, name="client"),
    path("clients/<uuid:public_id>/history/", views.client_history, name="client_history"),
    path("clients/<uuid:public_id>/export.csv", views.client_export, name="client_export"),
    path("clients/<uuid:public_id>/export/<slug:name>.csv", views.client_export_extra, name="client_export_extra"),
    path("clients/<uuid:public_id>/report/", views.client_report, name="client_report"),
    path("clients/<uuid:public_id>/report.pdf", views.client_report_pdf, name="client_report_pdf"),
    path("clients/<uuid:public_id>/notes/", views.note_add, name="note_add"),
    path("clients/<uuid:public_id>/messages/", views.message_send, name="message_send"),
    path("clients/<uuid:public_id>/flags/<int:flag_id>/acknowledge/", views.flag_acknowledge, name="flag_acknowledge"),
    path("clients/<uuid:public_id>/flags/<int:flag_id>/resolve/", views.flag_resolve, name="flag_resolve"),
    # Runners
    path("care-team/", views.care_team, name="care_team"),
    path("care-team/invite/", views.invite, name="invite"),
    path("care-team/code/", views.code_redeem, name="code_redeem"),
    path("care-team/invitations/<uuid:public_id>/cancel/", views.invitation_cancel, name="invitation_cancel"),
    path("care-team/links/<uuid:public_id>/revoke/", views.link_revoke, name="link_revoke"),
    path("care-team/links/<uuid:public_id>/reply/", views.reply, name="reply"),
]
