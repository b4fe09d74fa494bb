"""The game's own files (settings, the LRS connection) are written through a fresh temporary
file: a link planted where a fixed temporary name used to be is never written through, and
the connection file is 0600 whatever a file before it allowed."""

import os
import stat
from pathlib import Path

from game.records.lrs import LrsConfig, config_path, save_config
from game.settings import Settings
from game.settings_file import save_settings_json


def test_settings_and_lrs_never_write_through_a_planted_link(tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    settings = tmp_path / "settings.json"
    for planted in (settings.with_name("settings.json.tmp"), settings.with_name("settings.json.part")):
        planted.symlink_to(precious)
    assert save_settings_json(settings, Settings(), "settings") is None
    assert precious.read_text() == "keep me" and settings.is_file() and not settings.is_symlink()
    assert '"text_size"' in settings.read_text()
    folder = tmp_path / "cfg"
    folder.mkdir()
    path = config_path(folder)
    Path(str(path) + ".part").symlink_to(precious)
    path.write_text("{}")
    os.chmod(path, 0o644)  # a looser file before it
    save_config(folder, LrsConfig(endpoint="http://127.0.0.1:8100/xAPI/", key="k", secret="s3cret", home_page="https://lms.example"))
    assert precious.read_text() == "keep me"
    assert "s3cret" in path.read_text() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not [p for p in folder.iterdir() if p.name.endswith(".part") and not p.is_symlink()]
