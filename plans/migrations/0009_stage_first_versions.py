# The data half of 0006_stage_drafts, on its own: in one migration with the new fields' indexes,
# PostgreSQL refused ("cannot CREATE INDEX ... because it has pending trigger events").

from django.db import migrations

FIELDS = ("session_type", "minutes", "run_minutes", "walk_minutes", "days", "note", "number", "name", "advice")


def published_from_saved(apps, schema_editor):
    """Every stage starts with no draft, published when it was last saved, and with a first version in its
    history (the initial stages were loaded without one), so that an admin can revert to it."""
    StageTemplate = apps.get_model("plans", "StageTemplate")
    HistoricalStageTemplate = apps.get_model("plans", "HistoricalStageTemplate")
    for stage in StageTemplate.objects.all():
        StageTemplate.objects.filter(pk=stage.pk).update(draft={}, published_at=stage.updated_at)
        if not HistoricalStageTemplate.objects.filter(id=stage.pk).exists():
            HistoricalStageTemplate.objects.create(
                id=stage.pk,
                **{name: getattr(stage, name) for name in FIELDS},
                updated_at=stage.updated_at,
                published_at=stage.updated_at,
                history_date=stage.updated_at,
                history_type="+",
                history_change_reason="Loaded with the initial stages",
            )



class Migration(migrations.Migration):

    dependencies = [("plans", "0008_review_final")]

    operations = [migrations.RunPython(published_from_saved, migrations.RunPython.noop)]
