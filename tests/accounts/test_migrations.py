"""A database made by the previous layout migrates forward: same app labels, tables and task names,
and this round's one migration (CareLink statuses) keeps every link without granting anyone access."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The accounts app as the previous layout left it, and the status migration this round added after it
# (accounts migrations after it, 0004 country and 0006 audit action, add a column and choices only).
PREVIOUS = {
    "accounts": "0003_carelink_public_id_audit",
    "journal": "0004_import_jobs",
}  # journal 0005 needs accounts 0010
THIS_ROUND = {("accounts", "0005_carelink_status_active_only")}


def _leaves() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_links_of_every_old_status_migrate_and_only_active_ones_grant_access():
    leaves = _leaves()
    graph = MigrationExecutor(connection).loader.graph
    assert set(graph.nodes) >= THIS_ROUND, "update THIS_ROUND to this round's migrations"
    before = [(app, PREVIOUS.get(app, name)) for app, name in leaves]
    executor = MigrationExecutor(connection)
    executor.migrate(before)

    old = executor.loader.project_state(before).apps
    User = old.get_model("accounts", "User")
    CareLink = old.get_model("accounts", "CareLink")
    physio = User.objects.create(email="p@example.com", role="physio", password="!")
    ids = {}
    for status in ("active", "pending", "declined", "revoked"):
        runner = User.objects.create(email=f"{status}@example.com", role="runner", password="!")
        ids[status] = CareLink.objects.create(runner=runner, physio=physio, status=status).public_id

    executor = MigrationExecutor(connection)
    executor.migrate(_leaves())

    from accounts.models import CareLink as NewCareLink

    after = {
        status: NewCareLink.objects.values_list("status", "ended_at").get(public_id=public_id)
        for status, public_id in ids.items()
    }
    assert after["active"] == ("active", None)
    for old_status in ("pending", "declined", "revoked"):
        new_status, ended_at = after[old_status]
        assert new_status == "revoked"
        assert (ended_at is not None) == (old_status != "revoked")
    assert NewCareLink._meta.get_field("status").default == "active"


def test_app_labels_tables_and_task_names_are_those_of_the_previous_layout():
    labels = {"accounts", "triage", "journal", "monitoring", "clinic"}
    for model in apps.get_models():
        label = model._meta.app_label
        if label in labels:
            assert model._meta.db_table == f"{label}_{model._meta.model_name}", model
    assert {c.label for c in apps.get_app_configs()} >= labels

    from config.celery import app

    app.loader.import_default_modules()
    assert {
        "monitoring.nightly_scan",
        "monitoring.scan_batch",
        "monitoring.send_due_checkins",
        "monitoring.send_daily_reminders",
        "core.heartbeat",
    } <= set(app.tasks)


@pytest.mark.django_db(transaction=True)
def test_standing_conditions_ticked_in_old_entries_move_to_the_runners_profile():
    """Issue 19: the daily entry no longer asks about standing conditions, so those an old entry holds
    become the runner's profile (else monitoring would forget a history of cancer)."""
    import datetime as dt

    before = [("journal", "0004_import_jobs"), ("accounts", "0010_user_standing_conditions")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User = old.get_model("accounts", "User")
    Entry = old.get_model("journal", "Entry")
    ill = User.objects.create(email="ill@example.com", role="runner", password="!", standing_conditions=["pars_defect"])
    well = User.objects.create(email="well@example.com", role="runner", password="!")
    Entry.objects.create(runner=ill, day=dt.date(2026, 1, 1), pain=3, symptoms=["cancer_history", "leg_pain"])
    Entry.objects.create(runner=ill, day=dt.date(2026, 1, 2), pain=3, symptoms=["fracture_risk"])
    Entry.objects.create(runner=well, day=dt.date(2026, 1, 1), pain=2, symptoms=["leg_pain"])

    executor = MigrationExecutor(connection)
    executor.migrate(_leaves())

    from accounts.models import User as NewUser
    from journal.models import Entry as NewEntry

    assert NewUser.objects.get(email="ill@example.com").standing_conditions == [
        "cancer_history",
        "fracture_risk",
        "pars_defect",
    ]
    assert NewUser.objects.get(email="well@example.com").standing_conditions == []
    assert NewEntry.objects.get(runner__email="ill@example.com", day=dt.date(2026, 1, 1)).symptoms == [
        "cancer_history",
        "leg_pain",
    ], "the journal keeps what the runner recorded"
