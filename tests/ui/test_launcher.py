"""Launching: no display gives NoDisplayError (the CLI prints one line); scenarios by id."""

import pytest

from game.ui import launcher


def test_no_display_raises_a_clear_error(monkeypatch):
    for var in ("SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(launcher.sys, "platform", "linux")
    with pytest.raises(launcher.NoDisplayError):
        launcher.launch()


def test_unknown_scenario_is_reported_not_a_traceback(tmp_path, capsys):
    assert launcher.launch("no-such-scenario", data_dir=tmp_path, config_dir=tmp_path) == 2
    assert 'no scenario "no-such-scenario"' in capsys.readouterr().err


def test_launch_opens_on_the_briefing_and_quits(tmp_path, monkeypatch):
    import pygame

    seen = []

    def fake_run(self):
        seen.append([s.name for s in self.screens])
        return 0

    monkeypatch.setattr("game.ui.app.App.run", fake_run)
    assert launcher.launch("waiting-room", data_dir=tmp_path, config_dir=tmp_path) == 0
    assert seen == [["title", "select", "briefing"]]
    assert not pygame.display.get_init()


def test_broken_scene_files_become_notices(tmp_path):
    (tmp_path / "broken.yaml").write_text("format: 1\nid: broken\ntitle: [unclosed\n")
    library = launcher.build_library([tmp_path])
    assert library.scenarios == {}
    assert len(library.notices) == 1 and library.notices[0].startswith(str(tmp_path / "broken.yaml"))
