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
    """Build an app on its title screen, settings and progress in temporary folders; quit pygame after.

    ``profile`` is made beforehand (the only one, so the game opens playing as it); None starts
    with nobody, as on a new machine. Calling again with the same ``data_dir`` is a restart.
    """
    from game.progress import ProgressStore
    from game.ui.launcher import create_app

    made = []

    def make(size=(1280, 720), scenes_dirs=None, config_dir=None, settings=None, data_dir=None,
             profile="Tester"):
        folder = config_dir or tmp_path / "config"
        data = data_dir or tmp_path / "data"
        if settings is not None:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "settings.json").write_text(settings, encoding="utf-8")
        if profile is not None:
            with ProgressStore.open(data) as store:
                store.get_or_create_profile(profile)
        clock = FakeClock()
        app = create_app(scenes_dirs=scenes_dirs, config_dir=folder, data_dir=data, size=size, clock=clock)
        app.art.background = False  # no helper thread drawing portraits ahead: tests stay quick
        pilot = Pilot(app, clock)
        pilot.step()
        made.append(pilot)
        return pilot

    yield make
    for pilot in made:
        pilot.app.progress.close()
    pygame.quit()


@pytest.fixture
def pilot(make_pilot):
    return make_pilot()


@pytest.fixture
def scene_copy(tmp_path):
    """The tutorial's scene file copied into a folder of its own, to edit during a test."""
    import shutil

    from game.story.library import shipped_scene_dir

    folder = tmp_path / "scenes"
    folder.mkdir()
    path = folder / "waiting-room.yaml"
    shutil.copy(shipped_scene_dir() / "waiting-room.yaml", path)
    return path
