"""Triage v2 texts: the new urgent verdict, and one consistent message per result (issue 11).

Adds the `verdict_urgent` text and rewrites the texts the clinical review found muddled. A record an
admin has already edited (its body differs from the text migration 0002 loaded) is left alone; each
rewritten record gets a history row, so results record the version they showed. The phone numbers
are not in these texts: pages show them as tap-to-call links from triage/contacts.py, by country.
"""

from django.db import migrations
from django.utils import timezone

TEXTS = {
    "verdict_emergency": (
        "Get emergency care now",
        """Your answers include a sign that must be checked **straight away**. It is rare, but quick
treatment protects the nerves that control your legs, bladder and bowels.

- **Call the emergency number** below, or go to the nearest emergency department now.
- Do not wait to see whether it settles, and do not run or exercise.
- Tell them about your back pain and every sign you answered yes to.""",
    ),
    "verdict_urgent": (
        "See a doctor today",
        """Your answers include a sign that a doctor should check **today**. It often turns out not to
be serious, but it needs ruling out without delay.

- Get a **same-day appointment** with a GP, or go to an urgent care centre. The numbers below can
  tell you where to go.
- Do not run until a doctor has seen you.
- If you get numbness around the genitals or anus, trouble with your bladder or bowels, or weakness
  in your legs, get emergency care instead.""",
    ),
    "verdict_see_clinician": (
        "See a clinician before you run",
        """Something in your answers should be looked at by a GP or physiotherapist before you run again.
Most of the time it turns out to be manageable, but the less common causes are worth ruling out.

- Book an appointment with your GP or a physiotherapist **soon**.
- Do not run until you have been seen. Gentle walking and everyday movement are fine if they are
  comfortable.
- If you get numbness around the genitals or anus, trouble with your bladder or bowels, or pain,
  numbness or weakness in both legs, get emergency care straight away.""",
    ),
    "verdict_walk_instead": (
        "Walk instead of running for now",
        """Today is not a running day. Running while your back will not let you stride out, while the
muscles catch and grab when you move, or while it is very sore only tires the back muscles and makes
them guard harder. That usually means a slower recovery.

- Swap your runs for **comfortable walks** for a few days, until your back feels like it is freeing up.
- Keep moving through the day: complete rest tends to make backs stiffer, not better.
- Try a short, easy run once you can stride normally and the grabbing has gone.""",
    ),
    "verdict_easy_run": (
        "Run, but keep it easy",
        """You can run today. A sore back often feels looser once you get going, and in almost every case
running does not damage it. The rare exception is a stress fracture in the spine (a pars defect),
which is why that question is asked.

- Keep the whole run at an **easy, conversational pace** and make it **shorter than usual**. No speed work.
- **Stop and walk home** if the pain rises above 5 out of 10, or by more than 2 points, during the run.
- By the next morning it should be back to where it was before the run. If not, rest a day and check
  again.""",
    ),
    "advice_hip_mobility": (
        "Free up your hips",
        """Work the hip towards the end of its backward range a little every day.

- **Walking lunges**: long, slow steps, letting the back leg stretch out behind you.
- **Sumo squat stretch**: feet wide and turned out, sink slowly into a deep squat and hold.
- Keep both gentle: a stretch, never sharp pain.

When you are back to normal running, swap hill repeats for a **stair session**: stairs shorten your
stride, so the hip is not pushed past its range behind you, and they ease the pressure on the lower
back joints on the way down.""",
    ),
    "advice_reduce_load": (
        "Ease the load on your back",
        """When you are back to normal running, change your sessions so the back muscles are not held in
one position for the whole run:

- Turn steady runs into **fartlek** sessions that mix faster and slower running.
- Make your long run a **run:walk**, for example 10 minutes running then 1 minute walking, repeated.""",
    ),
    "help_when_to_get_help": (
        "When to get help",
        """See a **GP or physiotherapist** before running if you notice:

- pain spreading down a leg, or weakness, pins and needles or numbness in one leg;
- pain that gets worse from one week to the next, or has not settled within 24 hours after a run;
- pain at night that keeps you awake;
- a recent fall or blow, or osteoporosis or long-term steroid tablets.

See a **doctor the same day** for a fever or feeling very unwell, weight loss you cannot explain, back
pain after cancer, a weakened immune system, or a fall in someone with fragile bones.

Get **emergency care now** for numbness or changed feeling around the genitals, anus or inner buttocks,
new bladder or bowel trouble, new loss of sexual function, pain, numbness or weakness in **both**
legs, leg weakness that is severe or getting worse, or pain after a serious accident.""",
    ),
}


def load_texts(apps, schema_editor):
    from importlib import import_module

    initial = import_module("triage.migrations.0002_initial_advice_texts").TEXTS
    AdviceText = apps.get_model("triage", "AdviceText")
    HistoricalAdviceText = apps.get_model("triage", "HistoricalAdviceText")
    now = timezone.now()
    for code, (title, body) in TEXTS.items():
        text = AdviceText.objects.filter(code=code).first()
        if text is None:
            text = AdviceText.objects.create(code=code, title=title, body=body)
            history_type = "+"
        elif code in initial and (text.title, text.body) == initial[code]:
            text.title, text.body = title, body
            text.save()
            history_type = "~"
        else:
            continue  # edited by an admin: theirs to change
        HistoricalAdviceText.objects.create(
            id=text.id,
            code=text.code,
            title=text.title,
            body=text.body,
            updated_at=text.updated_at,
            history_date=now,
            history_type=history_type,
            history_change_reason="Triage v2 text",
        )


class Migration(migrations.Migration):
    dependencies = [("triage", "0003_urgent_verdict")]

    operations = [migrations.RunPython(load_texts, migrations.RunPython.noop)]
