"""The clinic's tests use the shared personas of tests/conftest.py (link, physio_client, runner_client)."""
