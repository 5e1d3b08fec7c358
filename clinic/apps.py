from django.apps import AppConfig
from django.urls import reverse

from plans.workspace import ClientPages, register_client_pages


def plan_page_links(link):
    """The workspace pages around a client's plan page (plans shows them without naming the clinic)."""
    return ClientPages(
        caseload=reverse("clinic:caseload"),
        client=reverse("clinic:client", args=[link.public_id]),
        report=reverse("clinic:client_report", args=[link.public_id]),
    )


class ClinicConfig(AppConfig):
    name = "clinic"
    label = "clinic"
    verbose_name = "Physio workspace"

    def ready(self) -> None:
        from allauth.account.models import EmailAddress
        from allauth.account.signals import email_confirmed
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        from clinic import panels, signals
        from journal.panels import Panel, register_panel
        from monitoring.signals import flag_opened, flag_worse

        register_client_pages(plan_page_links)
        register_panel(
            Panel(slot="side", template="clinic/_messages_panel.html", order=20, context=panels.messages_context)
        )
        # A physio's unanswered message leads the dashboard, after the safety status; the thread stays below.
        register_panel(
            Panel(slot="status", template="clinic/_message_notice.html", order=20, context=panels.notice_context)
        )
        # Invitations sent to an address before its physio had an account (or had verified it) reach them
        # when that can have changed (see clinic/signals.py): not on every page view.
        email_confirmed.connect(signals.attach_invitations_on_confirm, dispatch_uid="clinic-invitations-confirm")
        post_save.connect(
            signals.attach_invitations_on_address_saved, sender=EmailAddress, dispatch_uid="clinic-invitations-address"
        )
        post_save.connect(
            signals.attach_invitations_on_account_saved, sender=get_user_model(), dispatch_uid="clinic-invitations-user"
        )
        # The physio's mail about a client's urgent flag is the clinic's: monitoring only announces the flag.
        flag_opened.connect(signals.mail_physios_on_flag_opened, dispatch_uid="clinic-flag-opened")
        flag_worse.connect(signals.mail_physios_on_flag_worse, dispatch_uid="clinic-flag-worse")
