"""The article's two hip exercises (admins edit them afterwards): a walking lunge and a sumo squat
stretch, which take the hip towards the end of its range (article: "Should I run with lower back pain?")."""

from django.db import migrations

EXERCISES = [
    (
        "walking-lunge",
        "Walking lunge",
        "Stand tall, hands on hips.\n"
        "Take a long step forward and bend both knees until the back knee is just above the floor.\n"
        "Keep your trunk upright and feel the stretch at the front of the back hip.\n"
        "Push up and bring the back foot forward into the next step.\n"
        "Go slowly; stop short of pain.",
        2,
        10,
        0,
    ),
    (
        "sumo-squat-stretch",
        "Sumo squat stretch",
        "Stand with your feet wider than your shoulders, toes turned out.\n"
        "Sit down into a deep squat, keeping your heels on the floor.\n"
        "Press your knees gently outwards with your elbows, chest up.\n"
        "Hold, breathing slowly, then stand up.",
        3,
        0,
        30,
    ),
]


def load_exercises(apps, schema_editor):
    Exercise = apps.get_model("plans", "Exercise")
    for slug, title, steps, sets, reps, hold in EXERCISES:
        Exercise.objects.get_or_create(
            slug=slug,
            defaults={"title": title, "steps": steps, "sets": sets, "reps": reps, "hold_seconds": hold, "for_stiff_hip": True},
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0003_exercises")]

    operations = [migrations.RunPython(load_exercises, migrations.RunPython.noop)]
