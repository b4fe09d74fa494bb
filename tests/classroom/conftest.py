"""Fixtures for the class-vote tests: servers on loopback, stopped after each test."""
import pytest

from game.classroom.server import Limits, VoteServer
from .vote_client import CHOICES, start_server


@pytest.fixture
def server():
    srv = start_server()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def open_server(server):
    server.open_round("n_intro", "She sits down and looks at the floor. You…", CHOICES)
    return server


@pytest.fixture
def limited_server():
    """Factory for servers with tight limits; all are stopped after the test."""
    made: list[VoteServer] = []

    def make(**limits) -> VoteServer:
        srv = start_server(limits=Limits(**limits))
        made.append(srv)
        return srv

    yield make
    for srv in made:
        srv.stop()
