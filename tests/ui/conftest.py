"""Headless window tests: SDL's dummy video and audio drivers, set before pygame starts."""

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from tests.ui.pilot import FakeClock, Pilot  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def make_pilot(tmp_path):
    """Build an app on its title screen with settings in a temporary folder; quit pygame after."""
    from game.ui.launcher import create_app

    made = []

    def make(size=(1280, 720), scenes_dirs=None, data_dir=None, settings=None):
        folder = data_dir or tmp_path / "config"
        if settings is not None:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "settings.json").write_text(settings, encoding="utf-8")
        clock = FakeClock()
        app = create_app(scenes_dirs=scenes_dirs, data_dir=folder, size=size, clock=clock)
        app.art.background = False  # no helper thread drawing portraits ahead: tests stay quick
        pilot = Pilot(app, clock)
        pilot.step()
        made.append(pilot)
        return pilot

    yield make
    pygame.quit()


@pytest.fixture
def pilot(make_pilot):
    return make_pilot()
