"""The initial plan stages, from walking back to normal training (admins edit them afterwards).

Built from the article "Should I run with lower back pain?": walk until the back frees up, then easy
running, run:walk up to 10 minutes running to 1 walking, then fartlek and stairs in place of hills.
"""

from django.db import migrations

STAGES = [
    # number, name, type, minutes, run, walk, days (0 = Monday), one line, advice
    (1, "Walks", "walk", 30, 0, 0, [0, 1, 2, 3, 4, 5], "Comfortable pace, no rush",
     "Walk instead of running until your back starts to free up and you can move in your normal stride."),
    (2, "Run:walk 1:1", "run_walk", 20, 1, 1, [1, 3, 5], "Easy, conversational pace",
     "Short spells of easy running with a walk after each one. Keep it slow enough to talk."),
    (3, "Run:walk 2:1", "run_walk", 21, 2, 1, [1, 3, 5], "Easy, conversational pace",
     "Longer running spells, the same short walks."),
    (4, "Run:walk 4:1", "run_walk", 25, 4, 1, [1, 3, 5], "Easy, conversational pace",
     "Four minutes running to one walking."),
    (5, "Run:walk 6:1", "run_walk", 28, 6, 1, [1, 3, 5], "Easy, conversational pace",
     "Six minutes running to one walking."),
    (6, "Run:walk 10:1", "run_walk", 33, 10, 1, [1, 3, 5], "Easy, conversational pace",
     "Ten minutes running to one walking: the walk breaks change your posture and rest the back muscles."),
    (7, "Easy runs, 20 minutes", "easy", 20, 0, 0, [1, 3, 5], "Continuous, easy, conversational",
     "Your first continuous runs. Do not speed up even if it feels good."),
    (8, "Easy runs, 30 minutes", "easy", 30, 0, 0, [1, 3, 5], "Continuous, easy, conversational",
     "A little longer, still easy."),
    (9, "Easy runs, 45 minutes", "easy", 45, 0, 0, [1, 3, 6], "Continuous, easy, conversational",
     "Longer easy runs; the weekend one can be run:walk 10:1 if your back tires."),
    (10, "Back to normal training", "fartlek", 40, 0, 0, [1, 3, 6], "Mix faster and slower running; stairs instead of hills",
     "Bring back harder running as fartlek (a mix of fast and slow) rather than steady hard efforts, use stairs "
     "in place of hills, and keep long runs as run:walk 10:1 while your back is still settling."),
]


def load_stages(apps, schema_editor):
    StageTemplate = apps.get_model("plans", "StageTemplate")
    for number, name, kind, minutes, run, walk, days, note, advice in STAGES:
        StageTemplate.objects.get_or_create(
            number=number,
            defaults={
                "name": name,
                "session_type": kind,
                "minutes": minutes,
                "run_minutes": run,
                "walk_minutes": walk,
                "days": days,
                "note": note,
                "advice": advice,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(load_stages, migrations.RunPython.noop)]
