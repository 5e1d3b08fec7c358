# Exercises get a drawing: one of the SVG files under static/plans/exercises/, or none. The seeded
# exercises get theirs.

from django.db import migrations, models

import plans.models

DRAWINGS = {
    "walking-lunge": "walking-lunge.svg",
    "sumo-squat-stretch": "sumo-squat-stretch.svg",
}


def set_drawings(apps, schema_editor):
    Exercise = apps.get_model("plans", "Exercise")
    for slug, drawing in DRAWINGS.items():
        Exercise.objects.filter(slug=slug, drawing="").update(drawing=drawing)


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0006_stage_drafts"),
    ]

    operations = [
        migrations.AddField(
            model_name="exercise",
            name="drawing",
            field=models.CharField(
                blank=True,
                choices=plans.models.drawing_choices,
                help_text="A line drawing shown next to the steps (files under static/plans/exercises/), or none.",
                max_length=80,
            ),
        ),
        migrations.AddField(
            model_name="historicalexercise",
            name="drawing",
            field=models.CharField(
                blank=True,
                choices=plans.models.drawing_choices,
                help_text="A line drawing shown next to the steps (files under static/plans/exercises/), or none.",
                max_length=80,
            ),
        ),
        migrations.RunPython(set_drawings, migrations.RunPython.noop),
    ]
