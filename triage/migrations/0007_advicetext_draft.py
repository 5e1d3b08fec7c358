# Advice texts keep their draft the way plan stages do (core.publishing): one JSON draft of the edited values
# that differ from the published ones. 0008 moves the drafts there; 0009 drops the old columns. (Three
# migrations: PostgreSQL refuses to alter a table with pending trigger events in the same transaction.)

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("triage", "0006_advice_texts_issue19")]

    operations = [
        migrations.AddField(
            model_name="advicetext",
            name="draft",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
