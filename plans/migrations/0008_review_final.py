# A PSFS rating can be the final one, at plan end.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0007_exercise_drawings"),
    ]

    operations = [
        migrations.AddField(
            model_name="review",
            name="final",
            field=models.BooleanField(default=False),
        ),
    ]
