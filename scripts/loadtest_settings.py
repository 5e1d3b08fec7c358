"""The load test's settings: the loopback production settings plus the reference pages of
scripts/loadtest_urls.py. Selected by scripts/loadtest.py."""

from scripts.loopback_settings import *  # noqa: F403

ROOT_URLCONF = "scripts.loadtest_urls"
