"""The layering, beyond Python imports: a lower app names nothing of a higher one.

`lint-imports` sees imports only. An app can still reach upward through a string: a URL name
(``reverse("clinic:caseload")``, ``{% url 'clinic:client' ... %}``), a template path
(``render(request, "clinic/page.html")``), a model string or app label (``"clinic.Invitation"``,
``apps.get_model("clinic", ...)``) or a template tag library (``{% load plans_tags %}``). This test
scans each app's Python files and templates for the names of HIGHER layers and fails naming
file:line. The layer order is read from the import-linter "layers" contract in pyproject.toml, so it
is written once.

What belongs to an app: ``<app>/**/*.py``, ``<app>/templates/**``, ``templates/<app>/**`` and
``templates/admin/<app>/**`` (migrations are history and are not scanned). ``config`` is the top layer and
may name anything; so may the project's own templates (``base.html``, ``home.html``, the error pages) and
its overrides of third-party apps' templates (``account/``, ``mfa/``, ``allauth/``), which belong to the
project, not to an app. Mail templates (``templates/emails/``) are named by the code that sends them, which
is scanned.
"""

from __future__ import annotations

from tests.quality.layering import ROOT, layers_from, scan_text, scan_tree


def test_the_layers_come_from_the_import_linter_contract():
    layers = layers_from((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert layers[0] == "config"
    assert layers[-1] == "core"
    assert {"accounts", "clinic", "journal"} <= set(layers)


def test_no_lower_app_names_a_higher_one():
    layers = layers_from((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    ties = scan_tree(ROOT, layers)
    assert not ties, "Lower apps name higher ones:\n" + "\n".join(map(str, ties))


# --- the scanner itself, on a small tree with one tie of each kind ------------------------------------------
SAMPLE = {
    # the ties issue 21 found, as they were written
    "accounts/views.py": 'target = "clinic:caseload" if user.is_physio else "journal:dashboard"\n',
    "triage/views.py": 'def _journal_save_url():\n    return reverse("journal:save_triage")\n',
    "plans/views.py": 'return render(request, "clinic/awaiting_verification.html", status=403)\n',
    "templates/plans/client.html": "<a href=\"{% url 'clinic:caseload' %}\">Caseload</a>\n",
    "monitoring/emails.py": 'path = reverse("clinic:client", args=[link.public_id]) if link else x\n',
    # the other kinds
    "journal/models.py": 'flag = models.ForeignKey("monitoring.Flag", on_delete=models.CASCADE)\n',
    "journal/selectors.py": 'Plan = apps.get_model("plans", "Plan")\nredirect(reverse_lazy("plans:review"))\n',
    "journal/templates/journal/x.html": "{% load humanize plans_tags %}\n{% include 'monitoring/_panel.html' %}\n",
    "templates/admin/triage/advicetext/change_form.html": '{% url "journal:dashboard" %}\n',
    "triage/admin.py": 'reverse("admin:triage_advicetext_change")\nreverse("admin:journal_entry_changelist")\n',
    "plans/templatetags/plans_tags.py": "",
    # what is allowed: an app's own names and lower apps' names, and config naming anyone
    "clinic/views.py": 'redirect("clinic:care_team")\nrender(request, "plans/client.html")\n',
    "monitoring/views.py": 'reverse("journal:dashboard")\nrender(request, "accounts/awaiting_verification.html")\n',
    "config/views.py": 'redirect("clinic:caseload" if physio else "journal:dashboard")\n',
    "journal/migrations/0001_initial.py": '("monitoring", "0001_initial")\n',
}
SAMPLE_LAYERS = ["config", "clinic", "plans", "monitoring", "journal", "triage", "accounts", "core"]


def test_the_scanner_reports_each_kind_of_tie_with_its_file_and_line(tmp_path):
    for name, text in SAMPLE.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    found = {(t.path, t.line, t.name) for t in scan_tree(tmp_path, SAMPLE_LAYERS)}
    assert found == {
        ("accounts/views.py", 1, "clinic:caseload"),
        ("accounts/views.py", 1, "journal:dashboard"),
        ("triage/views.py", 2, "journal:save_triage"),
        ("plans/views.py", 1, "clinic/awaiting_verification.html"),
        ("templates/plans/client.html", 1, "clinic:caseload"),
        ("monitoring/emails.py", 1, "clinic:client"),
        ("journal/models.py", 1, "monitoring.Flag"),
        ("journal/selectors.py", 1, 'get_model("plans"'),
        ("journal/selectors.py", 2, "plans:review"),
        ("journal/templates/journal/x.html", 1, "{% load humanize plans_tags %}"),
        ("journal/templates/journal/x.html", 2, "monitoring/_panel.html"),
        ("templates/admin/triage/advicetext/change_form.html", 1, "journal:dashboard"),
        ("triage/admin.py", 2, "admin:journal_entry_changelist"),
    }


def test_a_tie_names_its_file_line_and_the_higher_app():
    (tie,) = scan_text('x = 1\nreverse("clinic:caseload")\n', "journal/views.py", ["clinic"], {})
    assert str(tie) == "journal/views.py:2: names 'clinic:caseload' of the higher app 'clinic'"


def test_the_layers_are_read_from_the_layers_contract_only():
    text = """
[tool.importlinter]
root_packages = ["a", "b"]

[[tool.importlinter.contracts]]
name = "something else"
type = "forbidden"
source_modules = ["b"]
forbidden_modules = ["a.models"]

[[tool.importlinter.contracts]]
name = "Layers"
type = "layers"
layers = ["top", "middle", "bottom"]
"""
    assert layers_from(text) == ["top", "middle", "bottom"]
