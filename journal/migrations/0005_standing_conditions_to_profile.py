"""Standing conditions ticked in old daily entries move to the runner's profile (issue 19).

Before issue 19 the daily entry asked every day about a history of cancer, osteoporosis or long-term
steroids, and a weakened immune system. Those now live once, in ``User.standing_conditions``; this copies
any the runner ever ticked into the profile, so monitoring and the check keep knowing them. The entries
keep what they recorded (the journal is the runner's history).
"""

from django.db import migrations

STANDING = ("cancer_history", "fracture_risk", "infection_risk")  # rulebook.STANDING_CONDITIONS on this day


def copy_to_profiles(apps, schema_editor):
    Entry = apps.get_model("journal", "Entry")
    User = apps.get_model("accounts", "User")
    found: dict[int, set[str]] = {}
    for runner_id, symptoms in Entry.objects.exclude(symptoms=[]).values_list("runner_id", "symptoms").iterator():
        codes = {code for code in symptoms or [] if code in STANDING}
        if codes:
            found.setdefault(runner_id, set()).update(codes)
    for user in User.objects.filter(pk__in=found):
        merged = sorted(set(user.standing_conditions or []) | found[user.pk])
        if merged != sorted(user.standing_conditions or []):
            user.standing_conditions = merged
            user.save(update_fields=["standing_conditions"])


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0004_import_jobs"),
        ("accounts", "0010_user_standing_conditions"),
    ]

    operations = [migrations.RunPython(copy_to_profiles, migrations.RunPython.noop)]
