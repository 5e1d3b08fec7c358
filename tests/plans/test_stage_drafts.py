"""Admins edit plan stages as drafts: preview, publish, history and revert. Runners (and every plan on the
stage) see only the published stage."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from core import publishing
from plans.models import Plan, PlanSkip, StageTemplate
from plans.selectors import move_target, plan_card, stages
from plans.services import plan_start
from tests.plans.weeks import MON, log_a_good_week

pytestmark = pytest.mark.django_db


def change_url(stage: StageTemplate) -> str:
    return reverse("admin:plans_stagetemplate_change", args=[stage.pk])


def edit(client, stage: StageTemplate, *, publish: bool, **changes):
    """Posts the admin's change form with the stage's draft values and ``changes``."""
    values = {**stage.draft_values(), **changes}
    data = {name: value for name, value in values.items() if name != "days"}
    data["days"] = str(values["days"])
    data["_publish" if publish else "_continue"] = "1"
    return client.post(change_url(stage), data)


def runner_page(runner) -> str:
    """The runner's dashboard, in a browser of their own (not the admin's, with its messages)."""
    browser = Client()
    browser.force_login(runner)
    return browser.get(reverse("journal:dashboard")).content.decode()


@pytest.fixture
def walks(db) -> StageTemplate:
    return StageTemplate.objects.get(number=1)


def test_the_initial_stages_are_published_with_no_draft(db):
    stages = list(StageTemplate.objects.all())
    assert len(stages) == 10
    assert all(s.draft == {} and s.published_at is not None and not s.has_unpublished_changes for s in stages)
    assert all(s.history.filter(history_type="+").count() == 1 for s in stages), "a first version to revert to"


def test_a_saved_draft_changes_nothing_runners_see_and_adds_no_version(monday, admin_client, runner, walks):
    plan_start(runner=runner, actor=runner)
    versions = walks.history.count()
    response = edit(admin_client, walks, publish=False, name="Brisk walks", minutes=45)
    assert response.status_code == 302
    walks.refresh_from_db()
    assert (walks.name, walks.minutes) == ("Walks", 30), "the published stage is unchanged"
    assert walks.draft["name"] == "Brisk walks"
    assert walks.has_unpublished_changes
    assert walks.history.count() == versions, "a draft adds no version"
    card = plan_card(runner)
    assert (card["stage"].name, card["spec"].minutes) == ("Walks", 30)
    page = runner_page(runner)
    assert "Brisk walks" not in page
    assert "Walk 30 min" in page


def test_the_change_page_previews_the_draft_beside_the_published_stage(admin_client, walks):
    edit(admin_client, walks, publish=False, name="Brisk walks", minutes=45)
    html = admin_client.get(change_url(walks)).content.decode()
    published = html.split('<div class="stage-published">', 1)[1].split("</div>", 1)[0]
    preview = html.split('<div class="stage-preview">', 1)[1].split("</div>", 1)[0]
    assert "Stage 1: Walks" in published
    assert "Walk 30 min" in published
    assert "Stage 1: Brisk walks" in preview
    assert "Walk 45 min" in preview
    assert 'value="Brisk walks"' in html, "the form opens with the draft"


def test_publishing_makes_the_draft_what_every_plan_on_the_stage_uses(monday, admin_client, runner, walks):
    plan_start(runner=runner, actor=runner)
    edit(admin_client, walks, publish=False, name="Brisk walks", minutes=45)
    walks.refresh_from_db()
    assert edit(admin_client, walks, publish=True).status_code == 302
    walks.refresh_from_db()
    assert (walks.name, walks.minutes, walks.draft) == ("Brisk walks", 45, {})
    assert walks.published_by.email == "ada@example.com"
    latest = walks.history.order_by("-history_id").first()  # (the clock is frozen before the first version's date)
    assert (latest.name, latest.history_user.email, latest.history_change_reason) == (
        "Brisk walks",
        "ada@example.com",
        "Published",
    )
    assert "Walk 45 min" in runner_page(runner)


def test_a_draft_that_breaks_the_rules_is_refused_with_a_message(admin_client, walks):
    response = edit(admin_client, walks, publish=True, session_type="run_walk", run_minutes=0, walk_minutes=0)
    assert response.status_code == 200
    assert "A run:walk session needs both run and walk minutes." in response.content.decode()
    walks.refresh_from_db()
    assert (walks.session_type, walks.draft) == ("walk", {})
    with pytest.raises(ValidationError):
        publishing.publish(obj=StageTemplate(number=99, name="x", session_type="walk", minutes=1), user=None)


def test_an_admin_reverts_to_an_earlier_version(admin_client, walks):
    first = walks.history.latest()
    versions = walks.history.count()
    edit(admin_client, walks, publish=True, name="A regrettable name")
    revert_url = reverse("admin:plans_stagetemplate_simple_history", args=[walks.pk, first.history_id])
    page = admin_client.get(revert_url)
    assert page.status_code == 200
    assert "Revert: publish this version" in page.content.decode()
    assert admin_client.post(revert_url, {"_revert": "1"}).status_code == 302
    walks.refresh_from_db()
    assert walks.name == "Walks"
    assert walks.history.count() == versions + 2, "the revert is itself a new version"
    assert walks.history.latest().history_change_reason.startswith("Reverted to the version of")


def test_history_lists_who_published_what(admin_client, walks):
    edit(admin_client, walks, publish=True, name="Brisk walks")
    html = admin_client.get(reverse("admin:plans_stagetemplate_history", args=[walks.pk])).content.decode()
    assert "Ada Admin" in html
    assert "Brisk walks" in html


def test_a_runner_cannot_open_the_stage_admin(client, runner, walks):
    client.force_login(runner)
    response = client.get(change_url(walks))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def _add(client, *, publish: bool):
    data = {"number": "11", "name": "Long runs", "session_type": "fartlek", "minutes": "50", "days": "[1, 3, 6]"}
    data.update({"run_minutes": "0", "walk_minutes": "0", "note": "Longer, easy", "advice": "Keep it easy."})
    data["_publish" if publish else "_continue"] = "1"
    return client.post(reverse("admin:plans_stagetemplate_add"), data)


def test_a_new_stage_is_a_draft_no_plan_reaches_until_it_is_published(monday, admin_client, runner):
    plan_start(runner=runner, actor=runner)
    assert plan_card(runner)["stage_count"] == 10
    assert _add(admin_client, publish=False).status_code == 302
    stage = StageTemplate.objects.get(number=11)
    assert stage.published_at is None
    assert stage.has_unpublished_changes
    assert plan_card(runner)["stage_count"] == 10, "an unpublished stage is nobody's"
    assert "of 11" not in runner_page(runner)
    html = admin_client.get(change_url(stage)).content.decode()
    assert "Not published yet" in html
    assert "Stage 11: Long runs" in html.split('<div class="stage-preview">', 1)[1]

    assert edit(admin_client, stage, publish=True).status_code == 302
    stage.refresh_from_db()
    assert stage.published_at is not None
    assert stage.published_by.email == "ada@example.com"
    assert plan_card(runner)["stage_count"] == 11


def test_a_new_stage_can_be_added_and_published_at_once(admin_client):
    assert _add(admin_client, publish=True).status_code == 302
    stage = StageTemplate.objects.get(number=11)
    assert stage.published_at is not None
    assert not stage.has_unpublished_changes


def test_a_stage_is_published_only_after_every_stage_before_it(monday, admin_client, runner):
    # A draft stage 11 and a published stage 12 would let a plan on stage 10 step onto the draft.
    _add(admin_client, publish=False)
    eleven = StageTemplate.objects.get(number=11)
    twelve = StageTemplate.objects.create(
        number=12,
        name="Races",
        session_type="fartlek",
        minutes=60,
        run_minutes=0,
        walk_minutes=0,
        days=[1, 3, 6],
        note="Race pace",
        advice="Race when the back is quiet.",
    )
    with pytest.raises(ValidationError, match="Publish stages 1 to 11 first"):
        publishing.publish(obj=twelve, user=None)
    response = edit(admin_client, twelve, publish=True)
    assert response.status_code == 302
    assert "Publish stages 1 to 11 first" in admin_client.get(response["Location"]).content.decode()
    twelve.refresh_from_db()
    assert twelve.published_at is None
    publishing.publish(obj=eleven, user=None)
    publishing.publish(obj=twelve, user=None)
    assert [s.number for s in stages()][-2:] == [11, 12]


def test_a_published_stage_cannot_be_deleted_but_a_draft_can(admin_client, walks):
    # Deleting stage 3 and adding a draft in its place would leave the published stages 1, 2, 4 to 10.
    delete_url = reverse("admin:plans_stagetemplate_delete", args=[walks.pk])
    assert admin_client.get(delete_url).status_code == 403
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert StageTemplate.objects.filter(pk=walks.pk).exists()
    changelist = admin_client.get(reverse("admin:plans_stagetemplate_changelist")).content.decode()
    assert "delete_selected" not in changelist, "the bulk delete would take published stages too"
    _add(admin_client, publish=False)
    draft = StageTemplate.objects.get(number=11)
    response = admin_client.post(reverse("admin:plans_stagetemplate_delete", args=[draft.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not StageTemplate.objects.filter(number=11).exists()


def test_a_stage_missing_from_1_to_n_is_never_stepped_into_nor_replaced_by_a_harder_one(client, runner, monday):
    # Stage 3 gone some other way than the admin (which refuses it): a plan on stage 2 that has earned its
    # move stays on 2, and a plan already on 3 is shown stage 2's sessions, never stage 10's.
    plan = plan_start(runner=runner, actor=runner, stage=2, since=MON - dt.timedelta(days=7))
    log_a_good_week(runner, session_type="run_walk")
    StageTemplate.objects.filter(number=3).delete()
    client.force_login(runner)
    response = client.post(reverse("plans:apply"), {"expected": "progress"})
    assert response.status_code == 409
    assert "Stage 3 is not available yet" in response.content.decode()
    plan.refresh_from_db()
    assert plan.stage == 2
    Plan.objects.filter(pk=plan.pk).update(stage=3)
    two, ten = StageTemplate.objects.get(number=2), StageTemplate.objects.get(number=10)
    page = runner_page(runner)
    assert two.name in page
    assert ten.name not in page
    # Shown stage 2, the plan does not jump over the missing 3 to 4 either.
    assert 'id="plan-no-move"' in page
    assert "Move on to stage" not in page
    assert client.post(reverse("plans:apply"), {"expected": "progress"}).status_code == 409
    plan.refresh_from_db()
    assert plan.stage == 3


def test_a_step_back_past_a_missing_stage_lands_on_the_nearest_one_below(client, runner, monday):
    plan = plan_start(runner=runner, actor=runner, stage=4, since=MON - dt.timedelta(days=7))
    for offset in (-6, -4):  # last Tuesday's and Thursday's sessions skipped for pain: step back
        PlanSkip.objects.create(plan=plan, day=MON + dt.timedelta(days=offset), reason="pain")
    StageTemplate.objects.filter(number=3).delete()
    client.force_login(runner)
    assert "Go back to stage 2" in client.get(reverse("journal:dashboard")).content.decode()
    assert client.post(reverse("plans:apply"), {"expected": "step_back"}).status_code == 302
    plan.refresh_from_db()
    assert plan.stage == 2


def test_a_move_lands_on_the_next_stage_or_the_nearest_below():
    numbers = [1, 2, 4, 5]
    assert [move_target(shown, numbers, forward=True) for shown in (1, 2, 4, 5)] == [2, None, 5, None]
    assert [move_target(shown, numbers, forward=False) for shown in (1, 2, 4, 5)] == [None, 1, 2, 4]


def test_saving_a_stage_draft_says_it_is_not_live_and_links_to_the_preview(admin_client, walks):
    response = edit(admin_client, walks, publish=False, name="Brisk walks")
    html = admin_client.get(response["Location"]).content.decode()
    preview = reverse("admin:plans_stagetemplate_preview", args=[walks.pk])
    assert "Draft saved. It is not live yet: runners still see the published stage." in html
    assert f'<a href="{preview}">Preview the draft as runners will read it</a>' in html
    assert "was changed successfully" not in html


def test_adding_a_stage_says_it_is_not_live_and_links_to_its_preview(admin_client):
    response = _add(admin_client, publish=False)
    html = admin_client.get(response["Location"]).content.decode()
    stage = StageTemplate.objects.get(number=11)
    assert "Added as a draft. It is not live yet: nobody sees this stage yet." in html
    assert reverse("admin:plans_stagetemplate_preview", args=[stage.pk]) in html
    assert "was added successfully" not in html


def test_the_stage_preview_shows_the_draft_beside_the_live_stage_by_its_title(admin_client, client, runner, walks):
    edit(admin_client, walks, publish=False, name="Brisk walks", minutes=45)
    url = reverse("admin:plans_stagetemplate_preview", args=[walks.pk])
    html = admin_client.get(url).content.decode()
    assert "Preview of the draft of “Stage 1: Brisk walks”" in html
    assert "Runners do not see it until it is published." in html
    draft = html.split('<div class="publishing-draft">', 1)[1].split("</div>", 1)[0]
    live = html.split('<div class="publishing-live">', 1)[1].split("</div>", 1)[0]
    assert "Walk 45 min" in draft
    assert "Walk 30 min" in live
    client.force_login(runner)
    assert "/admin/login/" in client.get(url).url


def test_the_stage_history_says_who_published_what_and_when_in_words(admin_client, walks, admin_user):
    advice = walks.advice + " Keep every walk at a pace where you could still chat."
    edit(admin_client, walks, publish=True, name="Brisk walks", advice=advice)
    html = admin_client.get(reverse("admin:plans_stagetemplate_history", args=[walks.pk])).content.decode()
    newest = re.search(r"<tbody>\s*<tr>(.*?)</tr>", html, flags=re.DOTALL).group(1)
    assert "Published" in newest
    assert admin_user.name in newest
    assert "Name:</strong> Walks&nbsp;&rarr;&nbsp;&nbsp;Brisk walks</li>" in newest
    assert "<ins> Keep every walk at a pace where you could still chat.</ins>" in newest
    assert f"Published by:</strong> –&nbsp;&rarr;&nbsp;&nbsp;{admin_user.name}</li>" in newest
    assert "Deleted user" not in html
    assert not re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", html), "a raw timestamp"
    assert not re.search(r"\[\d+ chars\]", html), "a shortened diff"


def test_the_revert_page_names_the_stage_by_its_title_and_says_what_it_changes(admin_client, walks):
    first = walks.history.latest()
    edit(admin_client, walks, publish=True, name="A regrettable name")
    page = admin_client.get(
        reverse("admin:plans_stagetemplate_simple_history", args=[walks.pk, first.history_id])
    ).content.decode()
    assert "Publish this earlier version of “Stage 1: A regrettable name” again?" in page
    assert "Name:</strong> A regrettable name&nbsp;&rarr;&nbsp;&nbsp;Walks</li>" in page


def test_the_revert_page_says_who_published_the_version_and_refuses_one_that_is_not_there(admin_client, walks):
    edit(admin_client, walks, publish=True, name="Brisk walks")
    edit(admin_client, walks, publish=True, name="Walks again")
    middle = walks.history.order_by("-history_id")[1]
    page = admin_client.get(
        reverse("admin:plans_stagetemplate_simple_history", args=[walks.pk, middle.history_id])
    ).content.decode()
    assert re.search(r"Published: \d+ \w{3} \d{4}, \d\d:\d\d, by Ada Admin\.", page)
    other = StageTemplate.objects.get(number=2).history.latest()
    for version_id in (999_999, other.history_id):  # none, and another stage's
        url = reverse("admin:plans_stagetemplate_simple_history", args=[walks.pk, version_id])
        assert admin_client.get(url).status_code == 404
        assert admin_client.post(url, {"_revert": "1"}).status_code == 404
    walks.refresh_from_db()
    assert walks.name == "Walks again"
