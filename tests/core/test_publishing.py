"""One draft/publish mechanism (core.publishing) with the same semantics for both records that use it: the
triage advice texts and the plan stages. Each test runs on both."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils.text import capfirst

from core import publishing
from plans.models import StageTemplate
from triage.models import AdviceText

pytestmark = pytest.mark.django_db

LONG = "Keep the pace easy enough to talk in full sentences, and stop if the back hurts more than it did."

# For each model: how to fetch one record, an edit of one field, a long text field, and an edit its own rules
# refuse.
CASES = {
    "advice text": (
        lambda: AdviceText.objects.get(code="verdict_see_clinician"),
        {"title": "See someone about it"},
        "body",
        {"body": "  "},  # a text that sends people to care is never published empty
    ),
    "plan stage": (
        lambda: StageTemplate.objects.get(number=1),
        {"name": "Brisk walks"},
        "advice",
        {"session_type": "run_walk"},  # a run:walk session needs run and walk minutes (stage 1 has none)
    ),
}


@pytest.fixture(params=list(CASES))
def case(request):
    get, edit, long_field, refused = CASES[request.param]
    return get(), edit, long_field, refused


def test_a_draft_keeps_only_what_differs_changes_nothing_live_and_adds_no_version(case):
    obj, edit, _, _ = case
    live, versions = obj.published_values(), obj.history.count()
    publishing.save_draft(obj=obj, values={**live, **edit})
    obj = type(obj).objects.get(pk=obj.pk)
    assert obj.draft == edit
    assert obj.published_values() == live
    assert obj.draft_values() == {**live, **edit}
    assert obj.has_unpublished_changes
    assert obj.history.count() == versions

    publishing.save_draft(obj=obj, values=live)
    assert (obj.draft, obj.has_unpublished_changes) == ({}, False), "a draft equal to the live version is none"


def test_publishing_makes_the_draft_live_and_records_who_when_and_why(case, admin_user):
    obj, edit, _, _ = case
    publishing.save_draft(obj=obj, values=edit)
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC), tick=False):
        publishing.publish(obj=obj, user=admin_user)
    obj = type(obj).objects.get(pk=obj.pk)
    field, value = next(iter(edit.items()))
    assert getattr(obj, field) == value
    assert (obj.draft, obj.has_unpublished_changes) == ({}, False)
    assert (obj.published_by, obj.published_at) == (admin_user, dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC))
    latest = obj.history.order_by("-history_id").first()  # (the clock is frozen before the loaded versions)
    assert (getattr(latest, field), latest.history_user, latest.history_change_reason) == (
        value,
        admin_user,
        "Published",
    )


def test_a_version_the_records_own_rules_refuse_is_not_published_and_nothing_changes(case, admin_user):
    obj, _, _, refused = case
    live, versions = obj.published_values(), obj.history.count()
    publishing.save_draft(obj=obj, values=refused)
    with pytest.raises(ValidationError):
        publishing.publish(obj=obj, user=admin_user)
    assert obj.published_values() == live, "the object in memory keeps its live values"
    obj = type(obj).objects.get(pk=obj.pk)
    assert obj.published_values() == live
    assert obj.draft == refused, "the draft is kept to be fixed"
    assert obj.history.count() == versions


def test_reverting_publishes_an_earlier_version_again_as_a_new_version(case, admin_user):
    obj, edit, _, _ = case
    first = obj.history.latest()
    original = obj.published_values()
    publishing.save_draft(obj=obj, values=edit)
    publishing.publish(obj=obj, user=admin_user)
    publishing.save_draft(obj=obj, values={**edit, **{k: f"{v} (pending)" for k, v in edit.items()}})
    versions = obj.history.count()
    publishing.revert_to(obj=obj, version_id=first.history_id, user=admin_user)
    obj = type(obj).objects.get(pk=obj.pk)
    assert obj.published_values() == original
    assert obj.draft == {}, "the draft in progress is replaced by the version published again"
    assert obj.history.count() == versions + 1
    latest = obj.history.latest()
    when = first.history_date.astimezone(dt.UTC)
    assert latest.history_change_reason == f"Reverted to the version of {when:%Y-%m-%d %H:%M} UTC"
    assert latest.history_user == admin_user


def test_history_lists_the_published_versions_newest_first_in_words(case, admin_user):
    obj, edit, long_field, _ = case
    old_long = getattr(obj, long_field)
    publishing.save_draft(obj=obj, values={**edit, long_field: LONG})
    publishing.publish(obj=obj, user=admin_user)
    versions = publishing.history(obj)
    assert len(versions) == obj.history.count()
    newest = versions[0]
    assert (newest.who, newest.reason) == ("Ada Admin", "Published")
    assert newest.values == obj.published_values()
    changes = {change["field"]: change for change in newest.changes}
    field, value = next(iter(edit.items()))
    label = capfirst(type(obj)._meta.get_field(field).verbose_name)
    assert (changes[label]["new"], "diff" not in changes[label]) == (value, True)
    long_label = capfirst(type(obj)._meta.get_field(long_field).verbose_name)
    assert "<ins>" in changes[long_label]["diff"], "a long text changes as a word diff"
    assert old_long != LONG
    assert versions[-1].who == "–", "the first version was loaded by a migration, by nobody"
    assert versions[-1].changes == []


def test_a_stage_draft_of_every_field_saved_before_drafts_kept_only_changes_still_reads_the_same():
    # Plan stages stored every field in their draft before core.publishing; such drafts stay valid.
    stage = StageTemplate.objects.get(number=1)
    StageTemplate.objects.filter(pk=stage.pk).update(draft={**stage.published_values(), "minutes": 45})
    stage.refresh_from_db()
    assert stage.draft_values() == {**stage.published_values(), "minutes": 45}
    assert stage.has_unpublished_changes
    StageTemplate.objects.filter(pk=stage.pk).update(draft=stage.published_values())
    stage.refresh_from_db()
    assert not stage.has_unpublished_changes


def test_a_value_in_words():
    from simple_history.models import DeletedObject

    assert publishing.in_words(None) == publishing.in_words("") == "–"
    assert publishing.in_words([0, 2, 4]) == "0, 2, 4"
    assert publishing.in_words(dt.datetime(2026, 12, 6, 12, 20, 0, 157097, tzinfo=dt.UTC)) == "6 Dec 2026, 12:20"

    assert publishing.in_words(DeletedObject(AdviceText, None)) == "–"
    assert publishing.in_words(DeletedObject(AdviceText, 7)) == "a deleted account"
