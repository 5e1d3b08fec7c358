# Stage templates get a draft state (as the triage advice texts did in triage 0005_advice_drafts).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


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

    dependencies = [
        ("plans", "0005_reviews"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="stagetemplate",
            name="draft",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="stagetemplate",
            name="published_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="stagetemplate",
            name="published_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalstagetemplate",
            name="published_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="historicalstagetemplate",
            name="published_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(published_from_saved, migrations.RunPython.noop),
    ]
