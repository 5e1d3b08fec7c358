"""The initial advice texts, written by the Backtrack team, so a fresh install is complete.

Facts from the source article (should-i-run-with-lower-back-pain) and NICE NG59's red flags; the
wording is our own. Each text gets a first history row, so results can record the version shown.
Admins edit them afterwards in the Django admin; this migration never overwrites an existing record.
"""

from django.db import migrations
from django.utils import timezone

TEXTS = {
    "verdict_emergency": (
        "Get emergency care today",
        """Your answers include a warning sign that the nerves at the bottom of your spine may be under
pressure (cauda equina syndrome). It is rare, but it needs to be checked **the same day**, because
treating it quickly protects bladder, bowel and leg function.

- Go to an emergency department now, or call **999** (outside the UK, your local emergency number).
- Do not wait to see whether it settles, and do not run or exercise.
- Tell them about your back pain and every symptom you ticked.""",
    ),
    "verdict_see_clinician": (
        "See a clinician before you run",
        """Something in your answers should be looked at by a professional before you run again. Most of
the time it turns out to be manageable, but it is worth ruling out the less common causes.

- Book an appointment with your GP or a physiotherapist in the next few days.
- If you cannot get an appointment, call **NHS 111** for advice.
- Until then, stick to gentle walking and everyday movement if it is comfortable.
- If you develop numbness around the groin, new bladder or bowel trouble, or symptoms in both legs,
  get emergency care straight away.""",
    ),
    "verdict_walk_instead": (
        "Walk instead of running for now",
        """Running while your back will not let you stride out, or while the muscles grab when you move,
only tires them further and makes them guard harder. That usually means more pain and a slower
recovery.

- Swap your runs for **comfortable walks** for a few days.
- Try a short, easy run again once moving feels freer and the grabbing pain has gone.
- Keep moving through the day: complete rest tends to make backs stiffer, not better.""",
    ),
    "verdict_easy_run": (
        "Run, but keep it easy",
        """You can run today. For most runners a sore back eases and loosens up once they get going, and
running does not damage it.

- Keep the whole run at an **easy, conversational pace**.
- Skip intervals, tempo work and fast finishes until the pain has gone, even if you feel good.
- Stop and walk home if the pain builds as you run or changes how you move.""",
    ),
    "verdict_run": (
        "Go for your run",
        """Nothing in your answers stands in the way of running today. Enjoy it, and check in again if your
back starts to bother you.""",
    ),
    "cause_stiff_hip": (
        "Likely cause: a stiff hip",
        """Pain on one side of the lower back in runners most often starts at the hip. When the hip cannot
extend far enough as your leg travels behind you, especially when you stride out faster or run
downhill, the pelvis tips forward sharply at the end of each stride. That jolt loads the small joints
of the lower back on that side.""",
    ),
    "cause_muscle_overwork": (
        "Likely cause: overworked back muscles",
        """Pain spread across both sides of the lower back usually comes from the muscles beside the spine
working too hard. A braced or very upright running posture keeps them switched on for the whole run,
so they tire, tighten and ache, and they can stay tight and sore for some time afterwards.""",
    ),
    "advice_hip_mobility": (
        "Free up your hips",
        """Work the hip towards the end of its backward range a little every day, and keep running regularly
at an easy pace so the tissues around the hip stay healthy.

- **Walking lunges**: long, slow steps, letting the back leg stretch out behind you.
- **Sumo squat stretch**: feet wide and turned out, sink slowly into a deep squat and hold.
- Keep both gentle: a stretch, never sharp pain.""",
    ),
    "advice_reduce_load": (
        "Ease the load on your back",
        """Change your sessions so the back muscles are not held in one position for the whole run:

- Turn steady runs into **fartlek** sessions that mix faster and slower running.
- Make your long run a **run:walk**, for example 10 minutes running then 1 minute walking, repeated.
- Replace hill repeats with a **stair session**: the short steps stop you over-striding and reduce the
  pressure on the lower back joints on the way down.""",
    ),
    "advice_pars_defect": (
        "A spinal stress fracture needs a clinician's plan",
        """A pars defect is a stress fracture in one of the bones at the back of the spine. It is uncommon,
but unlike most back pain it is a structural injury that running can make worse. Ask your clinician
when and how to return to running, and follow their plan rather than letting pain be your guide.""",
    ),
    "advice_load_increase": (
        "You changed your training recently",
        """Back pain in runners often follows a jump in training load: running further, running faster, or
starting a new strength programme. Ease back towards what your body was used to before the change,
then build up again gradually, one change at a time. A fixed weekly percentage rule is not a reliable
guide: go by how your back responds.""",
    ),
    "help_when_to_get_help": (
        "When to get help",
        """Short spells of mild back pain are common and usually settle. Get a **medical opinion** if you
notice any of these:

- pain spreading down one or both legs;
- weakness, pins and needles or numbness in a leg;
- pain that gets worse from one week to the next;
- constant pain that has not settled within 24 hours after a run;
- pain at night that keeps you awake;
- fever or feeling unwell, a history of cancer, a recent fall or blow, or weight loss you cannot explain.

Get **emergency care the same day** for numbness around the groin, buttocks or genitals, new problems
controlling your bladder or bowels, or pain, numbness or weakness in both legs.""",
    ),
}


def load_texts(apps, schema_editor):
    AdviceText = apps.get_model("triage", "AdviceText")
    HistoricalAdviceText = apps.get_model("triage", "HistoricalAdviceText")
    now = timezone.now()
    for code, (title, body) in TEXTS.items():
        text, created = AdviceText.objects.get_or_create(code=code, defaults={"title": title, "body": body})
        if created:
            HistoricalAdviceText.objects.create(
                id=text.id,
                code=text.code,
                title=text.title,
                body=text.body,
                updated_at=text.updated_at,
                history_date=now,
                history_type="+",
                history_change_reason="Initial text",
            )


def remove_texts(apps, schema_editor):
    AdviceText = apps.get_model("triage", "AdviceText")
    AdviceText.objects.filter(code__in=TEXTS).delete()


class Migration(migrations.Migration):
    dependencies = [("triage", "0001_advice_text")]

    operations = [migrations.RunPython(load_texts, remove_texts)]
