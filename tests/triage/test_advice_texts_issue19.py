"""The texts that list the warning signs follow the issue 19 rules, and an admin's edit is kept."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from triage.models import AdviceText

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module("triage.migrations.0006_advice_texts_issue19")


def test_when_to_get_help_names_the_new_questions_and_tiers():
    body = AdviceText.objects.get(code="help_when_to_get_help").body
    for words in (
        "between the shoulder blades",
        "does not ease with rest",
        "more than 6 weeks",
        "at 50 or over",
        "a fall at 70 or over",
        "not sore leg muscles after a run",
        "in a leg after cancer",
    ):
        assert words in body, words
    see = AdviceText.objects.get(code="verdict_see_clinician").body
    assert "pins and needles or weakness in both legs" in see
    assert "pain,\n  numbness or weakness in both legs" not in see


V2 = importlib.import_module("triage.migrations.0004_advice_texts_v2").TEXTS


def _as_v2(code: str, **changes) -> None:
    title, body = V2[code]
    fields = {"title": title, "body": body, "draft": {}}
    AdviceText.objects.filter(code=code).update(**{**fields, **changes})


def test_the_v2_text_is_replaced_but_an_admins_edit_is_left_alone():
    _as_v2("help_when_to_get_help")
    _as_v2("verdict_see_clinician", draft={"body": "An admin's draft in progress."})
    MIGRATION.load_texts(apps, None)
    assert AdviceText.objects.get(code="help_when_to_get_help").body == MIGRATION.TEXTS["help_when_to_get_help"][1]
    kept = AdviceText.objects.get(code="verdict_see_clinician")
    assert (kept.body, kept.draft_values()["body"]) == (V2["verdict_see_clinician"][1], "An admin's draft in progress.")
