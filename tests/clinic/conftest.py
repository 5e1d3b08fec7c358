import pytest

from tests.factories import CareLinkFactory


@pytest.fixture
def link(runner, physio):
    """The runner has given the (verified) physio access."""
    return CareLinkFactory(runner=runner, physio=physio)


@pytest.fixture
def physio_client(client, physio):
    client.force_login(physio)
    return client


@pytest.fixture
def runner_client(client, runner):
    client.force_login(runner)
    return client
