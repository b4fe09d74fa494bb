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


# -- the facilitator's window (headless, driven by the Pilot) ---------------------------------
from pathlib import Path  # noqa: E402

CLASS_SCENES = Path(__file__).parent / "scenes"


@pytest.fixture
def class_app(tmp_path, monkeypatch):
    """Factory: the game on its title screen with the class demo scene, progress in tmp_path.

    ``make(**options)`` returns (pilot, ctx) with Classroom opened by app.nav.classroom(**options);
    ``make(open=False)`` returns (pilot, None) on the title screen."""
    import pygame

    from game.ui.launcher import create_app
    from tests.ui.pilot import FakeClock, Pilot

    monkeypatch.setenv("RAPPORT_DATA_DIR", str(tmp_path / "data"))
    made = []

    def make(size=(1280, 720), open=True, **options):
        clock = FakeClock()
        app = create_app(scenes_dirs=[CLASS_SCENES], config_dir=tmp_path / "config", data_dir=tmp_path / "data",
                         size=size, clock=clock)
        app.art.background = False
        pilot = Pilot(app, clock)
        pilot.step()
        ctx = None
        if open:
            options.setdefault("vote_host", "127.0.0.1")
            options.setdefault("port", 0)
            ctx = app.nav.classroom(**options)
            pilot.step()
        made.append(app)
        return pilot, ctx

    yield make
    for app in made:
        for screen in app.screens:
            ctx = getattr(screen, "ctx", None)
            if ctx is not None:
                ctx.end()  # no vote server outlives its test
    pygame.quit()
