"""Production settings for a production-like stack on this machine's loopback, over plain HTTP (the load
test and the fault tests): cookies without the Secure flag, which production never wants.
Selected by scripts/prodenv.py with DJANGO_SETTINGS_MODULE=scripts.loopback_settings."""

from config.settings import *  # noqa: F403

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False  # no TLS on loopback
