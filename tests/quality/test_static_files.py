"""Production static files hold what the app serves, and nothing only the tests use."""

from __future__ import annotations

from django.contrib.staticfiles import finders

from tests.browser.pages import AXE


def test_axe_core_is_kept_with_the_tests_and_is_not_a_static_file():
    assert AXE.is_file()
    assert (AXE.parent / "LICENSE").is_file()
    assert finders.find("vendor/axe-core-4.11.0/axe.min.js") is None
    collected = {path for finder in finders.get_finders() for path, _ in finder.list([])}
    assert not [path for path in collected if "axe" in path.lower()]
