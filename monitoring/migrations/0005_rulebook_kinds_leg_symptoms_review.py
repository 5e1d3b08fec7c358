
from django.db import migrations, models


def open_leg_flags_to_review(apps, schema_editor):
    """Leg symptoms are triage's "see a clinician" tier: an open leg flag becomes a review flag (the rulebook's
    FLAG_SEVERITY_OF_TIER). Closed flags keep the severity they were handled under."""
    Flag = apps.get_model("monitoring", "Flag")
    Flag.objects.filter(kind="leg_symptoms", status="open", severity="urgent").update(severity="review")


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0004_flag_v2'),
    ]

    operations = [
        migrations.AlterField(
            model_name='flag',
            name='kind',
            field=models.CharField(choices=[('emergency_symptoms', 'Emergency warning signs logged'), ('serious_cause_signs', 'Signs of a possible serious cause logged'), ('severe_pain', 'Severe pain'), ('leg_symptoms', 'Leg symptoms logged'), ('persistent_high_pain', 'Pain staying high'), ('not_improving', 'Pain not improving'), ('run_pain', 'Pain during or after runs'), ('night_pain', 'Night pain'), ('not_settling_24h', 'Pain not settling the day after a run'), ('worsening_week_on_week', 'Pain getting worse'), ('not_freeing_up', 'Back not freeing up'), ('load_spike', 'A much longer run while in pain')], max_length=32),
        ),
        migrations.RunPython(open_leg_flags_to_review, migrations.RunPython.noop),
    ]
