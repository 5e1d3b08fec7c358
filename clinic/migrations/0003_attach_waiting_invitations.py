"""Once, at deploy: invitations waiting by email address for a physio who has since verified it are given
to that physio (until now the caseload attached them on every view; now sign-in and verification do)."""

from django.db import migrations


def attach(apps, schema_editor):
    Invitation = apps.get_model("clinic", "Invitation")
    EmailAddress = apps.get_model("account", "EmailAddress")
    waiting = Invitation.objects.filter(physio__isnull=True, status="pending")
    for invitation in waiting.iterator():
        owner = (
            EmailAddress.objects.filter(email__iexact=invitation.email, verified=True, user__role="physio")
            .values_list("user_id", flat=True)
            .first()
        )
        if owner is not None:
            Invitation.objects.filter(pk=invitation.pk).update(physio_id=owner)


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0002_keep_conversation_when_physio_leaves"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(attach, migrations.RunPython.noop)]
