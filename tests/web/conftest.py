import pytest


@pytest.fixture
def login(client):
    """`login(user)` -> the test client logged in as that user."""

    def make(user):
        client.force_login(user)
        return client

    return make
