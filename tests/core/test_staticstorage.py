"""The production static storage: hashed names from the manifest, each URL worked out once per process."""

from __future__ import annotations

import json

import pytest

from core.staticstorage import StaticFilesStorage
from tests.utils import PRODUCTION_ENV, manage_py


@pytest.fixture
def storage(tmp_path, settings):
    settings.STATIC_URL = "/static/"
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "paths": {"css/app.css": "css/app.0123abcd.css"}, "hash": "x"})
    )
    return StaticFilesStorage(location=str(tmp_path))


def test_a_url_is_the_hashed_name_and_is_worked_out_once(storage, monkeypatch):
    assert storage.url("css/app.css") == "/static/css/app.0123abcd.css"
    calls = []
    original = StaticFilesStorage.stored_name
    monkeypatch.setattr(
        StaticFilesStorage, "stored_name", lambda self, name: calls.append(name) or original(self, name)
    )
    assert storage.url("css/app.css") == "/static/css/app.0123abcd.css"
    assert calls == [], "looked the name up in the manifest again"


def test_a_name_missing_from_the_manifest_still_fails_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("js/not-there.js")


def test_production_settings_use_it():
    code = "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])"
    result = manage_py("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.splitlines()[-1] == "core.staticstorage.StaticFilesStorage", result.stderr


def test_collectstatic_compresses_scripts_and_styles_but_not_source_maps(tmp_path):
    """Source maps are for a developer's tools: compressing them cost half of a deploy's collectstatic."""
    names = ["app.js", "app.css", "app.js.map", "app.css.map"]
    for name in names:
        (tmp_path / name).write_text("const backtrack = 1;\n" * 200)
    list(StaticFilesStorage(location=str(tmp_path)).compress_files(names))
    written = {path.name for path in tmp_path.iterdir()} - set(names)
    assert written == {"app.js.gz", "app.js.br", "app.css.gz", "app.css.br"}
