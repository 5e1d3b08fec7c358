"""Triage 0007-0009 move the advice texts' draft columns into core.publishing's draft, without losing a draft,
a published text or a history row, and back again."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("triage", "0006_advice_texts_issue19")


def _leaves() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _history(apps) -> list[tuple]:
    History = apps.get_model("triage", "HistoricalAdviceText")
    return list(
        History.objects.order_by("history_id").values_list(
            "history_id", "id", "title", "body", "published_at", "history_user_id", "history_change_reason"
        )
    )


@pytest.mark.django_db(transaction=True)
def test_drafts_published_texts_and_history_survive_the_move_to_one_draft_and_back():
    leaves = _leaves()
    old = _migrate([BEFORE if app == "triage" else (app, name) for app, name in leaves])
    AdviceText = old.get_model("triage", "AdviceText")
    texts = {t.code: t for t in AdviceText.objects.all()}
    assert len(texts) >= 4
    # Four admins' states: nothing pending, a new body, a new title, and an old empty draft title (which
    # publishing always read as "keep the title") with an emptied body.
    same, body, title, emptied = sorted(texts)[:4]
    rows = {code: (texts[code].title, texts[code].body) for code in (same, body, title, emptied)}
    AdviceText.objects.filter(code=same).update(draft_title=rows[same][0], draft_body=rows[same][1])
    AdviceText.objects.filter(code=body).update(draft_title=rows[body][0], draft_body="A new draft body.")
    AdviceText.objects.filter(code=title).update(draft_title="A new draft title", draft_body=rows[title][1])
    AdviceText.objects.filter(code=emptied).update(draft_title="", draft_body="")
    published = dict(AdviceText.objects.values_list("code", "published_at"))
    history = _history(old)
    assert history, "the texts have published versions"

    _migrate(_leaves())
    from triage.models import AdviceText as NewAdviceText

    after = {t.code: t for t in NewAdviceText.objects.all()}
    assert {code: (t.title, t.body) for code, t in after.items() if code in rows} == rows, "published texts kept"
    assert {code: t.published_at for code, t in after.items()} == published
    assert after[same].draft == {}
    assert not after[same].has_unpublished_changes
    assert after[body].draft == {"body": "A new draft body."}
    assert after[title].draft == {"title": "A new draft title"}
    assert after[emptied].draft == {"body": ""}
    assert after[emptied].draft_values() == {"title": rows[emptied][0], "body": ""}
    assert all(after[code].has_unpublished_changes for code in (body, title, emptied))
    assert _history(old) == history, "every history row, as it was"

    back = _migrate([BEFORE if app == "triage" else (app, name) for app, name in _leaves()])
    OldAgain = back.get_model("triage", "AdviceText")
    columns = {t.code: (t.draft_title, t.draft_body) for t in OldAgain.objects.all()}
    assert columns[same] == rows[same]
    assert columns[body] == (rows[body][0], "A new draft body.")
    assert columns[title] == ("A new draft title", rows[title][1])
    assert columns[emptied] == (rows[emptied][0], "")
    _migrate(_leaves())
