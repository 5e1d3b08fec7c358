# Each advice text's draft columns become core.publishing's draft: only what differs from the published text
# (an empty draft title always meant "keep the title"). Backwards, the columns get the draft over the text.

from django.db import migrations


def drafts_to_json(apps, schema_editor):
    AdviceText = apps.get_model("triage", "AdviceText")
    for text in AdviceText.objects.all():
        draft = {}
        if text.draft_title and text.draft_title != text.title:
            draft["title"] = text.draft_title
        if text.draft_body != text.body:
            draft["body"] = text.draft_body
        AdviceText.objects.filter(pk=text.pk).update(draft=draft)


def drafts_to_columns(apps, schema_editor):
    AdviceText = apps.get_model("triage", "AdviceText")
    for text in AdviceText.objects.all():
        values = {"title": text.title, "body": text.body, **(text.draft or {})}
        AdviceText.objects.filter(pk=text.pk).update(draft_title=values["title"], draft_body=values["body"])


class Migration(migrations.Migration):
    dependencies = [("triage", "0007_advicetext_draft")]

    operations = [migrations.RunPython(drafts_to_json, drafts_to_columns)]
