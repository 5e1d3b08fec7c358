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

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_SUFFIXES = {".html", ".txt", ".xml", ".js"}


def layers_from(pyproject_text: str) -> list[str]:
    """The app layers, highest first, from the import-linter contract of type "layers"."""
    config = tomllib.loads(pyproject_text)["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["type"] == "layers"]
    return list(contract["layers"])


@dataclass(frozen=True)
class Tie:
    path: str  # relative to the scanned root
    line: int
    name: str  # what was named, e.g. "clinic:caseload"
    higher: str  # the higher app it belongs to

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: names {self.name!r} of the higher app {self.higher!r}"


def patterns_for(app: str, tag_libraries: Iterable[str]) -> list[re.Pattern[str]]:
    """What names ``app`` from inside another app's file. Each pattern's group 1 is the name itself."""
    a = re.escape(app)
    found = [
        # A URL name in a string: reverse("clinic:x"), redirect('clinic:x'), reverse_lazy, {% url 'clinic:x' %}.
        re.compile(rf"""["']({a}:[\w-]+)["']"""),
        # The admin's URL name for one of its models: reverse("admin:clinic_invitation_change").
        re.compile(rf"""["'](admin:{a}_[\w]+)["']"""),
        # A template path: render(request, "clinic/x.html"), {% include "clinic/_x.html" %}.
        re.compile(rf"""["']({a}/[\w./-]+\.(?:html|txt|xml|js))["']"""),
        # A model string: "clinic.Invitation" (ForeignKey targets, apps.get_model("clinic.Invitation")).
        re.compile(rf"""["']({a}\.[A-Z]\w*)["']"""),
        # An app label: apps.get_model("clinic", "X"), get_app_config("clinic"), app_label="clinic".
        re.compile(rf"""((?:get_model|get_app_config|is_installed)\(\s*["']{a}["']|app_label\s*=\s*["']{a}["'])"""),
    ]
    for library in tag_libraries:
        found.append(re.compile(rf"""(\{{%\s*load\s+(?:[\w\s]+\s)?{re.escape(library)}\b[^%]*%\}})"""))
    return found


def files_of(root: Path, app: str) -> Iterator[Path]:
    for path in sorted((root / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path
    for folder in (root / app / "templates", root / "templates" / app, root / "templates" / "admin" / app):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.suffix in TEMPLATE_SUFFIXES:
                yield path


def tag_libraries_of(root: Path, app: str) -> list[str]:
    folder = root / app / "templatetags"
    return sorted(p.stem for p in folder.glob("*.py") if p.stem != "__init__") if folder.is_dir() else []


def scan_text(text: str, path: str, higher_apps: Iterable[str], tag_libraries: dict[str, list[str]]) -> list[Tie]:
    """The ties in one file's text to any of ``higher_apps``."""
    ties = []
    for higher in higher_apps:
        for pattern in patterns_for(higher, tag_libraries.get(higher, ())):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                ties.append(Tie(path, line, match.group(1), higher))
    return sorted(ties, key=lambda t: (t.path, t.line, t.name))


def scan_tree(root: Path, layers: list[str]) -> list[Tie]:
    """Every tie from a lower app to a higher one in the tree at ``root`` (layers highest first)."""
    apps = [layer for layer in layers if layer != "config"]
    libraries = {app: tag_libraries_of(root, app) for app in apps}
    ties = []
    for rank, app in enumerate(layers):
        if app == "config":
            continue
        higher = [h for h in layers[:rank] if h != "config"]
        for path in files_of(root, app):
            ties += scan_text(path.read_text(encoding="utf-8"), str(path.relative_to(root)), higher, libraries)
    return ties


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
