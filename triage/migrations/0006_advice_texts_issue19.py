"""Issue 19: the texts that list the warning signs name the new questions and tiers (upper back pain,
constant pain, no improvement in 6 weeks, a first bout at 50 or over, a fall at 70 or over, leg pain
after cancer) and word symptoms in both legs as nerve symptoms. A text an admin has edited since the v2
texts is left alone: theirs to change."""

from django.db import migrations
from django.utils import timezone

TEXTS = {
    "verdict_see_clinician": (
        "See a clinician before you run",
        """Something in your answers should be looked at by a GP or physiotherapist before you run again.
Most of the time it turns out to be manageable, but the less common causes are worth ruling out.

- Book an appointment with your GP or a physiotherapist **soon**.
- Do not run until you have been seen. Gentle walking and everyday movement are fine if they are
  comfortable.
- If you get numbness around the genitals or anus, trouble with your bladder or bowels, or numbness,
  pins and needles or weakness in both legs, get emergency care straight away.""",
    ),
    "help_when_to_get_help": (
        "When to get help",
        """See a **GP or physiotherapist** before running if you notice:

- pain spreading down a leg, or weakness, pins and needles or numbness in one leg;
- pain that gets worse from one week to the next, or has not settled within 24 hours after a run;
- pain at night that keeps you awake, or pain that is there all the time and does not ease with rest
  or lying down;
- pain in the upper back, between the shoulder blades;
- back pain that has lasted more than 6 weeks without getting better, or a first bout of back pain
  like this at 50 or over;
- a recent fall or blow, or osteoporosis or long-term steroid tablets.

See a **doctor the same day** for a fever or feeling very unwell, weight loss you cannot explain, back
pain after cancer, a weakened immune system, a fall at 70 or over or in someone with fragile bones, or
two or more of these together: pain that never eases, night pain, upper back pain, pain not getting
better after 6 weeks, a first bout at 50 or over.

Get **emergency care now** for numbness or changed feeling around the genitals, anus or inner buttocks,
new bladder or bowel trouble, new loss of sexual function, numbness, pins and needles or weakness in
**both** legs (not sore leg muscles after a run), leg weakness that is severe or getting worse, pain,
numbness or weakness in a leg after cancer, or pain after a serious accident.""",
    ),
}


def _draft_of(text) -> tuple[str, str]:
    """The (title, body) an admin has in draft: the columns of triage 0005 here, or core.publishing's draft
    over the published text for today's models (tests call load_texts with them; triage 0008 moved it)."""
    if hasattr(text, "draft_title"):
        return (text.draft_title, text.draft_body)
    values = {"title": text.title, "body": text.body, **(text.draft or {})}
    return (values["title"], values["body"])


def load_texts(apps, schema_editor):
    from importlib import import_module

    v2 = import_module("triage.migrations.0004_advice_texts_v2").TEXTS
    AdviceText = apps.get_model("triage", "AdviceText")
    HistoricalAdviceText = apps.get_model("triage", "HistoricalAdviceText")
    now = timezone.now()
    for code, (title, body) in TEXTS.items():
        text = AdviceText.objects.filter(code=code).first()
        if text is None or (text.title, text.body) != v2[code] or _draft_of(text) != v2[code]:
            continue  # missing, or edited by an admin (published or in draft): theirs to change
        text.title, text.body = title, body
        if hasattr(text, "draft_title"):
            text.draft_title, text.draft_body = title, body
        else:
            text.draft = {}
        text.published_at = now
        text.save()
        HistoricalAdviceText.objects.create(
            id=text.id,
            code=text.code,
            title=text.title,
            body=text.body,
            published_at=text.published_at,
            updated_at=text.updated_at,
            history_date=now,
            history_type="~",
            history_change_reason="Issue 19: the new questions and tiers",
        )


class Migration(migrations.Migration):
    dependencies = [("triage", "0005_advice_drafts")]

    operations = [migrations.RunPython(load_texts, migrations.RunPython.noop)]
