"""The scanner behind tests/quality/test_layering_names.py: which lower app names a higher one."""

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
