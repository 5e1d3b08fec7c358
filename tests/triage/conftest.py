from __future__ import annotations

import pytest


@pytest.fixture
def advice_texts(transactional_db):
    """Kept for readability in the browser tests: the root conftest reloads the initial texts."""
