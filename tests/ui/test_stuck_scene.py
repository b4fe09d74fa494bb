"""A scene that loops without a way out (one the loader lets through: a ring only a condition
closes) tells the player so on the play screen; the window never freezes or crashes."""

import shutil
from pathlib import Path

SCENES = Path(__file__).resolve().parent.parent / "authoring" / "scenes"


def test_a_frozen_loop_gives_a_notice_not_a_freeze(make_pilot, tmp_path):
    folder = tmp_path / "scenes"
    folder.mkdir()
    shutil.copy(SCENES / "frozen-loop.yaml", folder / "frozen-loop.yaml")
    pilot = make_pilot(scenes_dirs=[folder])
    app = pilot.app
    app.nav._start(app.library.scenarios["frozen-loop"])
    pilot.step()
    screen = app.screen
    hurry = next(c for c in screen.state.available() if c.id == "hurry")
    screen.choose(hurry)  # into hub -> spin -> hub ... : bounded, then a notice
    pilot.step()
    assert "cannot go on" in app.session.notice and "loops without a way out" in app.session.notice
