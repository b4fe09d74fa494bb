"""The window starts whatever the player's files hold: hostile settings, a damaged progress file,
one from a newer Rapport. It says what happened on the title screen and keeps the files."""

import sqlite3

import pytest

from game.progress import DB_NAME, ProgressStore

HOSTILE_SETTINGS = ['{"text_size": []}', '{"volume": 1' + "0" * 5000 + "}", "[" * 50_000 + "]" * 50_000,
                    '{"text_size": {"a": 1}, "fullscreen": "yes"}']


@pytest.mark.parametrize("text", HOSTILE_SETTINGS, ids=["list", "5000 digits", "deep", "wrong types"])
def test_hostile_settings_never_stop_the_window(make_pilot, tmp_path, text):
    pilot = make_pilot(settings=text)
    assert pilot.app.notices and all(len(n) < 300 for n in pilot.app.notices)
    drawn = " ".join(t for _, _, t in pilot.measure_text())
    assert "settings.json" in drawn
    assert (tmp_path / "config" / "settings.json.bad").read_text() == text
    make_pilot(settings=text)  # a second start: the same broken file, still one copy
    assert sorted(p.name for p in (tmp_path / "config").glob("settings.json.bad*")) == ["settings.json.bad"]


def prepare(folder, *statements):
    with ProgressStore.open(folder) as store:
        store.get_or_create_profile("Ana")
    conn = sqlite3.connect(folder / DB_NAME, isolation_level=None)
    for statement in statements:
        conn.execute(statement)
    conn.close()


@pytest.mark.parametrize("statement, words", [
    ("DROP TABLE endings_found", "The progress file could not be read"),
    ("UPDATE profiles SET name = x'00ff'", "The progress file could not be read"),
    ("PRAGMA user_version = 99", "written by a newer version of Rapport"),
])
def test_a_damaged_or_newer_progress_file_never_stops_the_window(make_pilot, tmp_path, statement, words):
    data = tmp_path / "data"
    prepare(data, statement)
    pilot = make_pilot(data_dir=data, profile=None)
    assert any(words in n for n in pilot.app.notices), pilot.app.notices
    assert any(words in t for _, _, t in pilot.measure_text())
    files = [p.name for p in data.iterdir()]
    assert DB_NAME in files
    if "newer" not in words:
        assert any(".damaged-" in name for name in files)
