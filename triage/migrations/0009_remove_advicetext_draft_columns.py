# The draft columns, now empty of anything 0008 did not carry into the JSON draft.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("triage", "0008_advice_drafts_to_json")]

    operations = [
        migrations.RemoveField(model_name="advicetext", name="draft_body"),
        migrations.RemoveField(model_name="advicetext", name="draft_title"),
    ]
