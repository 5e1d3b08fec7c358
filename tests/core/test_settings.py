import pytest

from config.env import ImproperEnv, env_bool, env_int, env_list
from tests.utils import PRODUCTION_ENV, manage_py


def test_check_deploy_is_clean_with_production_settings():
    result = manage_py("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key_in_production():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = manage_py("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_refuses_a_malformed_boolean():
    result = manage_py("check", env={**PRODUCTION_ENV, "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_env_helpers_fail_loudly(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    assert env_bool("X_BOOL") is True
    monkeypatch.setenv("X_BOOL", "nah")
    with pytest.raises(ImproperEnv):
        env_bool("X_BOOL")
    monkeypatch.setenv("X_INT", "12a")
    with pytest.raises(ImproperEnv, match="X_INT must be an integer"):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_INT", "0")
    with pytest.raises(ImproperEnv, match="at least 1"):
        env_int("X_INT", 5, minimum=1)
    monkeypatch.setenv("X_LIST", "a.com, b.com,")
    assert env_list("X_LIST", []) == ["a.com", "b.com"]


def test_passwords_are_hashed_with_argon2_in_real_settings():
    # New hashes are argon2id with OWASP's minimum (m=19 MiB, t=2, p=1); see accounts/hashers.py.
    code = (
        "from django.contrib.auth.hashers import get_hasher, make_password; "
        "h = get_hasher(); print(h.algorithm, h.memory_cost, h.time_cost, h.parallelism); "
        "print(make_password('correct horse battery staple'))"
    )
    result = manage_py("shell", "-c", code, env=PRODUCTION_ENV)
    params, encoded = result.stdout.strip().splitlines()[-2:]
    assert params == "argon2 19456 2 1", result.stderr
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$"), encoded


def test_a_hash_made_with_djangos_heavier_argon2_defaults_still_verifies_and_is_upgraded():
    code = (
        "from django.contrib.auth.hashers import Argon2PasswordHasher, check_password; "
        "old = Argon2PasswordHasher().encode('correct horse battery staple', 'saltsaltsaltsalt'); "
        "rehashed = []; "  # check_password calls the setter (which saves a new hash) when must_update says so
        "print(check_password('correct horse battery staple', old, setter=rehashed.append), bool(rehashed))"
    )
    result = manage_py("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.strip().splitlines()[-1] == "True True", result.stderr


def test_times_are_stored_in_utc(settings):
    assert settings.USE_TZ is True
    assert settings.TIME_ZONE == "UTC"


def test_only_the_loopback_stack_of_the_load_test_turns_secure_cookies_off():
    from scripts.prodenv import production_env

    code = "from django.conf import settings; print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
    loopback = production_env(PRODUCTION_ENV["DATABASE_URL"], PRODUCTION_ENV["REDIS_URL"])
    assert manage_py("shell", "-c", code, env=loopback).stdout.splitlines()[-1] == "False False"
    assert manage_py("shell", "-c", code, env=PRODUCTION_ENV).stdout.splitlines()[-1] == "True True"
